/**
 * The first ten minutes with the package from npm (issue 18): the tarball `npm pack` makes is
 * installed into a fresh project without the optional AWS SDK peer, and there the three entry
 * points load through `import` and `require`, a CloudWatch query fails with MISSING_DEPENDENCY
 * (what to install, which versions, why it is optional) instead of Node's ERR_MODULE_NOT_FOUND,
 * and the `canary-judge` executable runs.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPackedPackage, projectEnv, repositoryRoot, type InstalledPackage } from './installed-package.js';

const packageJson = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
  version: string;
  peerDependencies: Record<string, string>;
};
const SDK = '@aws-sdk/client-cloudwatch';
const SDK_RANGE = packageJson.peerDependencies[SDK] as string;

let installed: InstalledPackage | undefined;
const project = () => (installed as InstalledPackage).project;

beforeAll(() => {
  installed = installPackedPackage();
  copyFileSync(join(repositoryRoot, 'examples/error-spike/data.json'), join(project(), 'data.json'));
  copyFileSync(join(repositoryRoot, 'examples/error-spike/config.json'), join(project(), 'config.json'));
  // A configuration whose metric is fetched from CloudWatch.
  const cloudWatchConfig = {
    metrics: [
      {
        name: 'latency',
        test: 'mann-whitney',
        cloudwatch: {
          namespace: 'AWS/ApplicationELB',
          metricName: 'TargetResponseTime',
          dimensions: { TargetGroup: '${scope}' },
          statistic: 'Average',
        },
      },
    ],
  };
  writeFileSync(join(project(), 'cloudwatch-config.json'), JSON.stringify(cloudWatchConfig));
}, 240_000);

afterAll(() => installed?.remove());

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program in the temporary project, as its user would. */
function runInProject(command: string, args: readonly string[]): Run {
  const result = spawnSync(command, args, { cwd: project(), env: projectEnv(), encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes a script into the project and runs it with node; the script prints one JSON line. */
function runScript(name: string, source: string): unknown {
  writeFileSync(join(project(), name), source);
  const run = runInProject(process.execPath, [name]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as unknown;
}

/** What both module systems report: the entries' exports and a CloudWatch query's error. */
const probe = (load: string) => `${load}
const hour = Math.floor(Date.now() / 3600_000) * 3600_000; // CloudWatch wants whole minutes
const window = { start: new Date(hour - 3600_000).toISOString(), end: new Date(hour).toISOString() };
const config = core.parseConfig(JSON.parse(fs.readFileSync('cloudwatch-config.json', 'utf8')));
const source = cloudwatch.createCloudWatchSource({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' } });
const failure = (error) => ({ name: error.name, code: error.code, message: error.message, unavailable: error.unavailable, isSourceError: cloudwatch.isSourceError(error) });
const outcome = (promise) => promise.then(() => ({ resolved: true }), failure);
Promise.all([
  outcome(cloudwatch.collectCloudWatch(config, source, { ...window, baseline: { scope: 'v41' }, canary: { scope: 'v42' } })),
  outcome(cloudwatch.loadCloudWatchSdk()),
]).then(([query, load]) => {
  const verdict = core.judge(
    { metrics: [{ name: 'latency', test: 'mann-whitney', margin: { relative: 0.1 } }] },
    { metrics: { latency: { baseline: Array.from({ length: 30 }, (_, i) => 100 + i), canary: Array.from({ length: 30 }, (_, i) => 300 + i) } } },
  ).verdict;
  console.log(JSON.stringify({
    core: Object.keys(core).sort(),
    prometheus: typeof prometheus.createPrometheusSource,
    cloudwatch: typeof cloudwatch.createCloudWatchSource,
    verdict,
    query,
    load,
  }));
});
`;

interface Probe {
  core: string[];
  prometheus: string;
  cloudwatch: string;
  verdict: string;
  query: { name: string; code: string; message: string; unavailable: boolean; isSourceError: boolean };
  load: { name: string; code: string; message: string; unavailable: boolean; isSourceError: boolean };
}

function expectMissingDependency(error: Probe['query']): void {
  expect(error).toMatchObject({ name: 'SourceError', code: 'MISSING_DEPENDENCY', unavailable: true, isSourceError: true });
  expect(error.message).toContain(SDK);
  expect(error.message).toContain(SDK_RANGE);
  expect(error.message).toContain(`npm install ${SDK}@${SDK_RANGE}`);
  expect(error.message).toMatch(/optional peer dependency/);
  expect(error.message).not.toMatch(/ERR_MODULE_NOT_FOUND|Cannot find (module|package)/);
}

describe('the npm tarball installed into a fresh project without the AWS SDK', () => {
  it('installed canary-judge and zod, and not the optional AWS SDK peer', () => {
    expect(existsSync(join(project(), 'node_modules/canary-judge/package.json'))).toBe(true);
    expect(existsSync(join(project(), 'node_modules/zod/package.json'))).toBe(true);
    expect(existsSync(join(project(), 'node_modules/@aws-sdk'))).toBe(false);
    // Not findable from the project at all (nothing above the temporary directory provides it).
    const resolve = runInProject(process.execPath, ['-e', `require.resolve(${JSON.stringify(SDK)})`]);
    expect(resolve.code).not.toBe(0);
    expect(resolve.stderr).toMatch(/Cannot find module/);
  });

  let esm: Probe | undefined;
  let cjs: Probe | undefined;

  it('import: the three entries load, and a CloudWatch query fails with MISSING_DEPENDENCY', () => {
    esm = runScript(
      'probe.mjs',
      probe(`import fs from 'node:fs';
import * as core from 'canary-judge';
import * as prometheus from 'canary-judge/prometheus';
import * as cloudwatch from 'canary-judge/cloudwatch';`),
    ) as Probe;
    expect(esm.prometheus).toBe('function');
    expect(esm.cloudwatch).toBe('function');
    expect(esm.core).toEqual(expect.arrayContaining(['judge', 'parseConfig', 'renderText', 'renderHtml', 'mannWhitney']));
    expect(esm.verdict).toBe('fail');
    expectMissingDependency(esm.query);
    expectMissingDependency(esm.load);
    expect(esm.query.message).toMatch(/^metric "latency" \((baseline|canary)\): /);
  });

  it('require: the same entries with the same exports, and the same MISSING_DEPENDENCY', () => {
    cjs = runScript(
      'probe.cjs',
      probe(`const fs = require('node:fs');
const core = require('canary-judge');
const prometheus = require('canary-judge/prometheus');
const cloudwatch = require('canary-judge/cloudwatch');`),
    ) as Probe;
    expect(cjs.prometheus).toBe('function');
    expect(cjs.cloudwatch).toBe('function');
    expect(cjs.verdict).toBe('fail');
    expectMissingDependency(cjs.query);
    expectMissingDependency(cjs.load);
    if (esm !== undefined) expect(cjs.core).toEqual(esm.core);
  });

  it('the canary-judge executable prints its version and judges a dump (exit code = verdict)', () => {
    const bin = join(project(), 'node_modules/.bin/canary-judge');
    const version = runInProject(bin, ['--version']);
    expect(version).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });

    const judged = runInProject(bin, ['judge', 'data.json', '--config', 'config.json']);
    expect(judged.stderr).not.toMatch(/error|\n\s+at /); // warnings about the data may come, errors not
    expect(judged.code).toBe(1);
    expect(judged.stdout).toMatch(/^FAIL {2}score 75\.0\/100/);
  });

  it('run --source cloudwatch without the SDK exits 69 naming the package, its versions and why it is optional', () => {
    const bin = join(project(), 'node_modules/.bin/canary-judge');
    const end = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
    const start = new Date(end.getTime() - 3600_000);
    const run = runInProject(bin, [
      'run',
      '--config',
      'cloudwatch-config.json',
      '--source',
      'cloudwatch',
      '--region',
      'us-east-1',
      '--start',
      start.toISOString(),
      '--end',
      end.toISOString(),
      '--baseline-scope',
      'v41',
      '--canary-scope',
      'v42',
    ]);
    expect(run.code).toBe(69);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(SDK);
    expect(run.stderr).toContain(`npm install ${SDK}@${SDK_RANGE}`);
    expect(run.stderr).toMatch(/optional peer dependency/);
    expect(run.stderr).not.toMatch(/\n\s+at |ERR_MODULE_NOT_FOUND|internal error/);
  });
});
