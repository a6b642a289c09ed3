/**
 * The package as a new user gets it: `npm pack` of the built package (test/setup/build.ts builds
 * dist/), installed into a fresh project in a temporary directory with `npm install ./the.tgz`.
 * The optional peer `@aws-sdk/client-cloudwatch` is not installed (npm does not install optional
 * peers), and the project lives outside the repository, so nothing from the repository's
 * node_modules can be found by walking up.
 *
 * The install needs only zod from the registry; `--prefer-offline` takes it from npm's cache when
 * it is there (it is, after `npm ci`), so the test works without a network in that case and falls
 * back to the registry otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repositoryRoot = new URL('../../', import.meta.url).pathname;

export interface InstalledPackage {
  /** The temporary project: package.json, node_modules/canary-judge, node_modules/.bin/canary-judge. */
  readonly project: string;
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** Removes the temporary directory. */
  readonly remove: () => void;
}

/**
 * The environment of a child process in the temporary project: no `npm_*` variables inherited from
 * an `npm test` around the test run (they would point npm at the repository), no NODE_PATH (it
 * could make the AWS SDK findable).
 */
export function projectEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'NODE_PATH' || key === 'NODE_OPTIONS' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  delete env['NO_COLOR'];
  delete env['FORCE_COLOR'];
  return { ...env, ...extra };
}

/** Packs the repository and installs the tarball into a new project (ES module by default). */
export function installPackedPackage(): InstalledPackage {
  const directory = mkdtempSync(join(tmpdir(), 'canary-judge-installed-'));
  const remove = () => rmSync(directory, { recursive: true, force: true });
  try {
    execFileSync('npm', ['pack', '--silent', '--pack-destination', directory], { cwd: repositoryRoot, stdio: 'pipe', env: projectEnv() });
    const file = readdirSync(directory).find((name) => name.endsWith('.tgz'));
    if (file === undefined) throw new Error('npm pack produced no tarball');
    const tarball = join(directory, file);
    const project = join(directory, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'first-ten-minutes', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
    execFileSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel', 'error', tarball],
      { cwd: project, stdio: 'pipe', env: projectEnv(), timeout: 180_000 },
    );
    return { project, tarball, remove };
  } catch (error) {
    remove();
    const output = (error as { stderr?: Buffer | string }).stderr?.toString() ?? '';
    throw new Error(`could not install the packed package into a temporary project: ${error instanceof Error ? error.message : String(error)}\n${output}`);
  }
}
