/**
 * The guards around the suite itself: `.ci/run` sets CI=true before running README's test line, the
 * one "are we in CI?" rule, and the closing `N passed, N failed` line of scripts/summarise-results.mjs
 * counting every way a run can fail (a failed test, a file that did not load, an error outside any
 * test, a failed type check, and in CI a skipped test). The reports below have the shape vitest 4's
 * JSON reporter writes (checked against a real run with a missing import, `it.skip` and `it.todo`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCi } from '../../scripts/ci.mjs';

const root = new URL('../../', import.meta.url).pathname;
const directory = mkdtempSync(join(tmpdir(), 'canary-judge-ci-summary-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

type Status = 'passed' | 'failed' | 'skipped' | 'todo';
interface FileResult {
  readonly name: string;
  readonly status: 'passed' | 'failed';
  readonly tests: readonly Status[];
  readonly message?: string;
}

/** A vitest JSON report of these files (counts derived as vitest derives them). */
function report(files: readonly FileResult[], success = files.every((file) => file.status === 'passed')): object {
  const all = files.flatMap((file) => file.tests);
  return {
    numPassedTests: all.filter((status) => status === 'passed').length,
    numFailedTests: all.filter((status) => status === 'failed').length,
    numPendingTests: all.filter((status) => status === 'skipped').length,
    numTodoTests: all.filter((status) => status === 'todo').length,
    success,
    testResults: files.map((file) => ({
      name: file.name,
      status: file.status,
      message: file.message ?? '',
      assertionResults: file.tests.map((status, index) => ({ title: `test ${index}`, fullName: `test ${index}`, status })),
    })),
  };
}

let counter = 0;
/** Runs the summariser on a report; returns its closing line and exit code. */
function summarise(content: object, options: { ci?: string; typecheckFailed?: boolean } = {}): { line: string; status: number | null } {
  const file = join(directory, `report-${counter++}.json`);
  writeFileSync(file, JSON.stringify(content));
  const env = { ...process.env };
  delete env['CI'];
  if (options.ci !== undefined) env['CI'] = options.ci;
  const result = spawnSync(process.execPath, [join(root, 'scripts/summarise-results.mjs'), file, ...(options.typecheckFailed === true ? ['--typecheck-failed'] : [])], { env, encoding: 'utf8' });
  return { line: result.stdout.trim(), status: result.status };
}

const passing: FileResult = { name: '/a.test.ts', status: 'passed', tests: ['passed', 'passed'] };

describe('closing line of the test run', () => {
  it('all passed: "2 passed, 0 failed", exit 0', () => {
    expect(summarise(report([passing]))).toEqual({ line: '2 passed, 0 failed', status: 0 });
  });

  it('counts a failed test', () => {
    expect(summarise(report([passing, { name: '/b.test.ts', status: 'failed', tests: ['passed', 'failed'] }]))).toEqual({ line: '3 passed, 1 failed', status: 1 });
  });

  it('counts a file that failed to load (vitest reports no failed test for it)', () => {
    const broken: FileResult = { name: '/broken.test.ts', status: 'failed', tests: [], message: "Cannot find module './missing.js'" };
    expect(summarise(report([passing, broken]))).toEqual({ line: '2 passed, 1 failed', status: 1 });
  });

  it('counts a failed type check', () => {
    expect(summarise(report([passing]), { typecheckFailed: true })).toEqual({ line: '2 passed, 1 failed', status: 1 });
  });

  it('counts an error outside any test (the run unsuccessful, every test passed)', () => {
    expect(summarise(report([passing], false))).toEqual({ line: '2 passed, 1 failed', status: 1 });
  });

  it('fails when no test ran', () => {
    expect(summarise(report([])).status).toBe(1);
  });

  it('in CI a skipped or todo test is a failure; outside CI it is only reported', () => {
    const skipping: FileResult = { name: '/c.test.ts', status: 'passed', tests: ['passed', 'skipped', 'todo'] };
    for (const ci of ['true', '1']) expect(summarise(report([skipping]), { ci })).toEqual({ line: '1 passed, 2 failed, 2 skipped', status: 1 });
    expect(summarise(report([skipping]))).toEqual({ line: '1 passed, 0 failed, 2 skipped', status: 0 });
  });
});

describe('the CI rule', () => {
  it('CI is on for any value but "", "0" and "false"', () => {
    for (const value of ['true', '1', 'TRUE', 'yes']) expect(isCi({ CI: value }), value).toBe(true);
    for (const value of [undefined, '', '0', 'false', ' False ']) expect(isCi({ CI: value }), String(value)).toBe(false);
  });

  it('.ci/run exports CI=true itself before it runs README\'s test line', () => {
    const script = readFileSync(join(root, '.ci/run'), 'utf8');
    const exportAt = script.search(/^export CI=true$/m);
    expect(exportAt).toBeGreaterThan(-1);
    expect(exportAt).toBeLessThan(script.indexOf('bash -c "$command"'));
  });

  it('no test reads CI itself: every integration test decides through test/helpers/ci.ts', () => {
    const files = readdirSync(join(root, 'test'), { recursive: true, encoding: 'utf8' }).filter((path) => /\.(ts|mts|mjs)$/.test(path));
    const readers = files.filter((path) => path !== 'helpers/ci.ts' && path !== 'scripts/ci-summary.test.ts' && /process\.env(\.CI\b|\[\s*['"]CI['"]\s*\])/.test(readFileSync(join(root, 'test', path), 'utf8')));
    expect(readers).toEqual([]);
    for (const helper of ['test/report/html-browser.test.ts', 'test/adapters/prometheus/helpers/prometheus-server.ts', 'test/adapters/cloudwatch/helpers/moto-server.ts']) {
      expect(readFileSync(join(root, helper), 'utf8'), helper).toMatch(/from '(\.\.\/)+helpers\/ci\.js'/);
    }
  });
});
