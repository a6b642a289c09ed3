/**
 * The published shape of the package (built by test/setup/build.ts): pack it, and run publint and "Are The Types Wrong"
 * on the tarball; then load the built entry points from both module systems.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
let packDirectory = '';
let tarball = '';

beforeAll(() => {
  packDirectory = mkdtempSync(join(tmpdir(), 'canary-judge-pack-'));
  execFileSync('npm', ['pack', '--silent', '--pack-destination', packDirectory], { cwd: root, stdio: 'pipe' });
  const file = readdirSync(packDirectory).find((name) => name.endsWith('.tgz'));
  if (file === undefined) throw new Error('npm pack produced no tarball');
  tarball = join(packDirectory, file);
}, 120_000);

afterAll(() => {
  if (packDirectory !== '') rmSync(packDirectory, { recursive: true, force: true });
});

describe('published package', () => {
  it('passes publint with no errors or warnings', () => {
    const output = execFileSync(bin('publint'), ['run', tarball, '--level', 'warning'], { cwd: root, encoding: 'utf8' });
    expect(output).not.toMatch(/error/i);
  }, 60_000);

  it('passes @arethetypeswrong/cli with no problems', () => {
    // attw exits non-zero on any problem; execFileSync then throws with its report. All
    // resolutions are checked, node10 too (TypeScript's `moduleResolution: "node"`, still common):
    // the subpath entries resolve there through the stub prometheus/ and cloudwatch/ package.json.
    const output = execFileSync(bin('attw'), [tarball, '--format', 'ascii'], { cwd: root, encoding: 'utf8' });
    expect(output).toMatch(/No problems found/);
  }, 60_000);

  it('loads through require and import with the same exports', async () => {
    const require = createRequire(import.meta.url);
    const commonJs = require(join(root, 'dist/index.cjs')) as Record<string, unknown>;
    const esModule = (await import(join(root, 'dist/index.js'))) as Record<string, unknown>;
    expect(Object.keys(commonJs).sort()).toEqual(Object.keys(esModule).sort());
    expect(typeof commonJs['mannWhitney']).toBe('function');
    const result = (esModule['mannWhitney'] as (a: number[], b: number[]) => { statistic: number })([1, 2, 3], [4, 5, 6]);
    expect(result.statistic).toBe(9);
  });

  it('ships only the build output, README and LICENSE', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(listing).toContain('package/LICENSE');
    expect(listing).toContain('package/README.md');
    expect(listing.every((path) => /^package\/(dist\/|LICENSE|README\.md|package\.json|(prometheus|cloudwatch)\/package\.json)/.test(path))).toBe(true);
  });
});
