/**
 * `canary-judge judge` prints a short summary of warnings, data-quality findings and metrics
 * without a result on standard error, whatever the format; standard output stays the report alone
 * (issue 12: a critical metric without canary data must not pass with "nothing on stderr").
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, runCliProcess } from './helpers.js';

let scratch = '';
let config = '';
let data = '';

const minutes = (count: number) => Array.from({ length: count }, (_, i) => 1_700_000_000 + i * 60);
const level = (count: number, centre: number) => Array.from({ length: count }, (_, i) => centre + ((i * 7) % 11) / 10);

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'canary-judge-notices-'));
  config = join(scratch, 'config.json');
  data = join(scratch, 'data.json');
  writeFileSync(
    config,
    JSON.stringify({
      metrics: [
        { name: 'cpu', test: 'mann-whitney', margin: { relative: 0.1 } },
        { name: 'memory', test: 'mann-whitney', margin: { relative: 0.1 }, critical: true },
      ],
    }),
  );
  writeFileSync(
    data,
    JSON.stringify({
      metrics: {
        cpu: { baseline: { values: level(60, 50), timestamps: minutes(60) }, canary: { values: level(30, 50), timestamps: minutes(30) } },
        memory: { baseline: level(60, 500), canary: [] },
        Memory_: { baseline: [1], canary: [1] },
      },
    }),
  );
});

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

describe('judge: the notices on standard error', () => {
  it.each(['text', 'json', 'markdown', 'html'])('--format %s: stderr names each problem, stdout is the report', async (format) => {
    const run = await runCliProcess(['judge', data, '-c', config, '--format', format]);
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('canary-judge: warning: FAIL, check: 1 metric without a result, 1 warning, 1 data-quality finding (see the report):');
    expect(lines.slice(1)).toEqual([
      'canary-judge:   - data for "Memory_" was ignored: no metric of that name is configured',
      'canary-judge:   - cpu: data quality: size-mismatch: baseline has 60 points and canary 30; windows of the same length and step should hold about the same number (check the query window, step and scope)',
      'canary-judge:   - memory: no data (canary series is empty (0 points)); required: fails the canary',
    ]);
    if (format === 'json') expect((JSON.parse(run.stdout) as { verdict: string }).verdict).toBe('fail');
    expect(run.stdout).not.toContain('canary-judge:');
  });

  it('with --output the summary line goes to stdout and the notices to stderr', async () => {
    const output = join(scratch, 'report.html');
    const run = await runCliProcess(['judge', data, '-c', config, '-o', output]);
    expect(run.stdout).toBe(`FAIL  score 50.0/100: report written to ${output}\n`);
    expect(run.stderr).toContain('memory: no data');
  });

  it('--quiet prints nothing, and a clean canary prints nothing on stderr', async () => {
    const quiet = await runCliProcess(['judge', data, '-c', config, '--quiet']);
    expect(quiet.stderr).toBe('');
    const healthy = example('healthy-canary');
    const clean = await runCliProcess(['judge', healthy.data, '-c', healthy.config, '--format', 'json']);
    expect(clean.code).toBe(0);
    expect(clean.stderr).toBe('');
  });
});
