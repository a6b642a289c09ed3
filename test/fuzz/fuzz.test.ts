/**
 * The fuzz suite at CI size: every case class (case-classes.ts) for a few hundred seeded cases,
 * through the same property `npm run fuzz` runs at 100,000+. Oracle: no crash, no stack trace, no
 * exit code or HTTP status outside the documented set, and the server keeps answering.
 * FUZZ_SEED / FUZZ_CASES change the seed and the size (docs/reliability.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliHarness } from './cli-harness.js';
import { CASE_CLASSES, fuzzCaseClass, type Harnesses } from './case-classes.js';
import { createServerHarness } from './server-harness.js';
import { checkCliOutcome, checkHttpOutcome, findStackTrace } from './oracle.js';
import { fuzzSeed } from './settings.js';

/** Cases per class in the suite: small enough for a 2-core CI machine. */
const CASES = Number(process.env['FUZZ_CASES'] ?? 200);

let harnesses: Harnesses;

beforeAll(async () => {
  harnesses = { cli: await createCliHarness(), server: await createServerHarness() };
});

afterAll(async () => {
  await harnesses?.cli.close();
  await harnesses?.server.close();
});

describe('the oracle', () => {
  it('sees a V8 stack trace, a node-internal frame, and nothing in ordinary messages', () => {
    expect(findStackTrace('Error: x\n    at judge (/app/dist/cli/main.cjs:10:5)\n')).toBeDefined();
    expect(findStackTrace('TypeError: y\n    at async Promise.all (index 0)\n    at file:///a.mjs:3:1')).toBeDefined();
    expect(findStackTrace('at node:internal/process/task_queues:95')).toBeDefined();
    expect(findStackTrace('canary-judge: error: config.metrics[0].test: expected one of mann-whitney, at line 3 column 5')).toBeUndefined();
  });

  it('fails exit 70, an escaped exception, a hang and an undocumented code; passes a verdict and exit 65', () => {
    expect(checkCliOutcome({ code: 70, stdout: '', stderr: 'internal error' }).map((finding) => finding.kind)).toEqual(['crash']);
    expect(checkCliOutcome({ code: undefined, stdout: '', stderr: '', thrown: new Error('x') }).map((finding) => finding.kind)).toEqual(['crash']);
    expect(checkCliOutcome({ code: undefined, stdout: '', stderr: '', timedOut: true }).map((finding) => finding.kind)).toEqual(['hang']);
    expect(checkCliOutcome({ code: 3, stdout: '', stderr: '' }).map((finding) => finding.kind)).toEqual(['undocumented-code']);
    expect(checkCliOutcome({ code: 65, stdout: '', stderr: 'canary-judge: error: invalid' })).toEqual([]);
    expect(checkCliOutcome({ code: 2, stdout: 'MARGINAL', stderr: '' })).toEqual([]);
  });

  it('fails a 500, a bare 4xx, a silent close and an unhealthy server; passes a chosen failStatus', () => {
    const base = { headers: {}, failStatus: [], truncated: false, healthy: true };
    expect(checkHttpOutcome({ ...base, status: 500, body: '{"error":{"code":"internal_error"}}' }).map((finding) => finding.kind)).toEqual(['crash']);
    expect(checkHttpOutcome({ ...base, status: 400, body: 'bad' }).map((finding) => finding.kind)).toEqual(['undocumented-code']);
    expect(checkHttpOutcome({ ...base, status: undefined, body: '' }).map((finding) => finding.kind)).toEqual(['crash']);
    expect(checkHttpOutcome({ ...base, status: 400, body: '{"error":{"code":"invalid_json"}}', healthy: false }).map((finding) => finding.kind)).toEqual(['unresponsive']);
    expect(checkHttpOutcome({ ...base, status: 412, body: '{"verdict":"fail"}', failStatus: [412] })).toEqual([]);
    expect(checkHttpOutcome({ ...base, status: undefined, body: '', truncated: true })).toEqual([]);
  });
});

/** Child processes cost ~100 ms each: a handful in the suite, hundreds in `npm run fuzz`. */
const casesOf = (name: string) => (name === 'cli-process' ? Math.max(1, Math.round(CASES / 50)) : CASES);

describe.each(CASE_CLASSES.map((caseClass) => [caseClass.name, caseClass] as const))('fuzz: %s', (name, caseClass) => {
  it(`${casesOf(name)} seeded cases: no crash, stack trace, undocumented code or hang`, { timeout: 120_000 }, async () => {
    const summary = await fuzzCaseClass(caseClass, harnesses, { numRuns: casesOf(name), seed: fuzzSeed(), stopAtFirst: true });
    expect(summary.failedCases).toBe(0);
    expect(summary.cases).toBeGreaterThanOrEqual(casesOf(name));
  });
});
