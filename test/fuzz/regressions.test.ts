/**
 * Failures the fuzz suite found, each reproduced here at the smallest input that shows it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { judge, renderText } from '../../src/index.js';
import { runCli } from '../../src/cli/run.js';
import { createAnalysisCollector, createJudgeServer, parseAnalysisTemplate } from '../../src/server/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'canary-judge-fuzz-regressions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function cli(argv: readonly string[], files: Record<string, string>): Promise<{ code: number; stderr: string; stdout: string }> {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(scratch, name), text);
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => ((stdout += chunk), true) },
    stderr: { write: (chunk: string) => ((stderr += chunk), true) },
    env: {},
    cwd: scratch,
  });
  return { code, stdout, stderr };
}

/** More items than a spread argument list takes (V8 throws RangeError somewhere past ~100,000). */
const MANY = 150_000;

describe('found by the fuzz suite', () => {
  it('renderText lists 150,000 warnings (one per unused data series) instead of a RangeError', () => {
    // The data carried 200,000 series no metric uses: judge() warns once per series, and the text
    // report's `lines.push(...notes)` overflowed the stack: `judge` exited 70 (internal error).
    const judgement = judge({ metrics: [{ name: 'm', test: 'mann-whitney' }] }, { metrics: { m: { baseline: [1, 2, 3], canary: [1, 2, 3] }, unused: { baseline: [1], canary: [1] } } });
    const warnings = Array.from({ length: MANY }, (_, index) => `series "s${index}" is not used by any metric`);
    const many = { ...judgement, summary: { ...judgement.summary, warnings } };
    for (const details of [true, false]) {
      const text = renderText(many, { details });
      if (details) expect(text).toContain(`series "s${MANY - 1}" is not used by any metric`);
      expect(text.split('\n')[0]).toMatch(/^(PASS|FAIL|MARGINAL) {2}score/);
    }
  });
});

describe('found by the fuzz suite: invalid input lists the first 100 problems and counts them all', () => {
  // 3,000 invalid items: `judge --kayenta` printed a line for every one (300,000 gave 23 MB on
  // stderr), and `judge` / `validate` said "(100 problems)" however many there were.
  const COUNT = 3000;

  it('judge --kayenta', async () => {
    const request = `{"canaryConfig":{},"metricSetPairList":[${new Array<string>(COUNT).fill('1').join(',')}]}`;
    const { code, stderr } = await cli(['judge', '--kayenta', 'request.json'], { 'request.json': request });
    expect(code).toBe(65);
    expect(stderr.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(100);
    expect(stderr).toMatch(/\((\d+) problems\)/);
    const total = Number(/\((\d+) problems\)/.exec(stderr)?.[1]);
    expect(total).toBeGreaterThan(COUNT);
    expect(stderr).toContain(`… and ${total - 100} more (only the first 100 are listed)`);
  });

  it('judge (data) and validate (config)', async () => {
    const data = JSON.stringify({ metrics: { m: { baseline: new Array<string>(COUNT).fill('x'), canary: [1, 2, 3] } } });
    const config = JSON.stringify({ metrics: Array.from({ length: COUNT }, (_, index) => ({ name: `m${index}` })) });
    const judged = await cli(['judge', 'data.json', '-c', 'good.json'], { 'data.json': data, 'good.json': JSON.stringify({ metrics: [{ name: 'm', test: 'mann-whitney' }] }) });
    expect(judged.code).toBe(65);
    expect(judged.stderr).toContain(`(${COUNT} problems)`);
    expect(judged.stderr).toContain(`… and ${COUNT - 100} more (only the first 100 are listed)`);
    const validated = await cli(['validate', '-c', 'config.json'], { 'config.json': config });
    expect(validated.code).toBe(65);
    expect(validated.stderr).toContain(`(${COUNT} problems)`);
    expect(validated.stderr.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(100);
  });
});

describe('found by the fuzz suite: the analysis routes', () => {
  it('a lookback too long to be a number (400 nines, then "m") is a 400 on the judge and report routes, not a 500', async () => {
    // The duration pattern accepted it, then parseStep threw on Infinity outside the route's checks.
    const parsed = parseAnalysisTemplate('latency', {
      source: { prometheus: 'http://127.0.0.1:9', step: '60s' },
      lookback: '30m',
      metrics: [{ name: 'latency', test: 'mann-whitney', query: 'latency{app="${app}",version="${scope}"}' }],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const logged: unknown[] = [];
    const server = createJudgeServer({ analyses: { templates: [parsed.template], collector: createAnalysisCollector({}) }, onError: (error) => logged.push(error) });
    const { port } = await server.listen(0, '127.0.0.1');
    try {
      const lookback = `${'9'.repeat(400)}m`;
      const judged = await fetch(`http://127.0.0.1:${port}/v1/analyses/latency/judge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ baseline: 'v1', canary: 'v2', variables: { app: 'a' }, lookback }),
      });
      const report = await fetch(`http://127.0.0.1:${port}/v1/analyses/latency/report?baseline=v1&canary=v2&app=a&lookback=${lookback}`);
      for (const answer of [judged, report]) {
        expect(answer.status).toBe(400);
        const body = (await answer.json()) as { error: { code: string; issues: { path: string }[] } };
        expect(body.error.code).toBe('invalid_request');
        expect(body.error.issues.map((issue) => issue.path)).toEqual(['lookback']);
      }
      expect(logged).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
