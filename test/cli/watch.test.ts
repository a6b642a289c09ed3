/**
 * `canary-judge watch` in process against a loopback server that speaks the Prometheus range API:
 * one point a second, so real time advances the canary between looks (steps of 1s, looks every 1s).
 * Each point's value depends only on its timestamp, so a later look sees the same past.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/cli/run.js';
import { createTestServer, type Handler, type TestServer } from '../adapters/prometheus/helpers/http-test-server.js';
import { root } from './helpers.js';

const directory = mkdtempSync(join(tmpdir(), 'canary-judge-watch-'));

/** Values on the requested grid: 100 ± a deterministic wobble (spread), the canary shifted by `shift`. */
function grid(shift: number, spread: number): Handler {
  return (request, response) => {
    const start = Number(request.form.get('start'));
    const end = Number(request.form.get('end'));
    const step = Number(request.form.get('step'));
    const canary = (request.form.get('query') ?? '').includes('v42');
    const values: [number, string][] = [];
    for (let time = start; time <= end; time += step) {
      const wobble = (((time * 7) % 5) - 2) / 2;
      values.push([time, String(100 + spread * wobble + (canary ? shift : 0))]);
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { job: 'x' }, values }] } }));
  };
}

function writeConfig(name: string, sequential: unknown): string {
  const path = join(directory, name);
  const config: Record<string, unknown> = { metrics: [{ name: 'latency', test: 'mann-whitney', margin: { relative: 0.1 }, query: 'avg(latency{version="${scope}"})' }] };
  if (sequential !== undefined) config['sequential'] = sequential;
  writeFileSync(path, JSON.stringify(config));
  return path;
}

interface FakeIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
  readonly signal: (name: string) => void;
}

function fakeIo(options: { tty: boolean; env?: Record<string, string> }): FakeIo {
  let out = '';
  let err = '';
  // Several subscribers at once, as process.once allows (watch and each look's fetch both listen).
  const listeners = new Set<(signal: string) => void>();
  return {
    stdout: { isTTY: false, write: (chunk: string) => ((out += chunk), true) },
    stderr: { isTTY: options.tty, write: (chunk: string) => ((err += chunk), true) } as CliIo['stderr'],
    env: options.env ?? {},
    cwd: root,
    onShutdownSignal(subscriber) {
      listeners.add(subscriber);
      return () => {
        listeners.delete(subscriber);
      };
    },
    out: () => out,
    err: () => err,
    signal: (name) => {
      for (const listener of [...listeners]) listener(name);
    },
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const args = (config: string, extra: string[] = []) => [
  'watch', '--config', config, '--prometheus-url', server!.url, '--start', 'now-12s', '--step', '1s', '--every', '1s',
  '--baseline-scope', 'v41', '--canary-scope', 'v42', ...extra,
];

const lines = (text: string) => text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { look: number; verdict: string; sequential: { decidedBy: string; final: boolean; elapsed: number; estimatedSecondsToDecision: number | null } });

describe('canary-judge watch', () => {
  it('rolls back at the first look that shows harm (exit 1), one JSON judgement per look', async () => {
    server = await createTestServer([grid(50, 2)]);
    const io = fakeIo({ tty: false });
    const code = await runCli(args(writeConfig('harm.json', { minDuration: '1m', maxDuration: '5m' }), ['--format', 'jsonl']), io);
    expect(code, io.err()).toBe(1);
    const looks = lines(io.out());
    expect(looks).toHaveLength(1);
    expect(looks[0]).toMatchObject({ look: 1, verdict: 'fail', sequential: { decidedBy: 'harm', final: true } });
    expect(io.err()).toBe('');
  });

  it('keeps going until minDuration has passed, then passes (exit 0), and writes the sequences over time', async () => {
    server = await createTestServer([grid(0, 2)]);
    const io = fakeIo({ tty: true });
    const report = join(directory, 'pass.html');
    const code = await runCli(args(writeConfig('pass.json', { minDuration: '16s', maxDuration: '2m' }), ['--format', 'jsonl', '--output', report]), io);
    expect(code, io.err()).toBe(0);
    const looks = lines(io.out());
    expect(looks.length).toBeGreaterThanOrEqual(2);
    expect(looks[0]).toMatchObject({ verdict: 'marginal', sequential: { decidedBy: 'keep-going', final: false } });
    expect(looks[0]!.sequential.estimatedSecondsToDecision).toBeGreaterThan(0);
    expect(looks.at(-1)).toMatchObject({ verdict: 'pass', sequential: { decidedBy: 'pass', final: true } });
    expect(looks.at(-1)!.sequential.elapsed).toBeGreaterThanOrEqual(16);
    // Each look was fetched from the start of the canary up to its own "now".
    const ends = server.requests.map((request) => Number(request.form.get('end')));
    expect(Math.max(...ends)).toBeGreaterThan(Math.min(...ends));
    const html = readFileSync(report, 'utf8');
    expect(html).toContain(`Confidence sequences over ${looks.length} looks`);
    expect(html).toMatch(/<svg[^>]*aria-label="latency: relative change, confidence sequence at each look"/);
    // On a terminal: a progress line per look with the elapsed time, each metric's state and the estimate.
    expect(io.err()).toMatch(/canary-judge: look 1 · \d+s of 2m · latency (open|pass) · marginal, keep going; decision in ~\d+s\n/);
    expect(io.err()).toMatch(/look \d+ · \d+s of 2m · latency pass · pass \(final\)/);
  });

  it('stops after --max with the last verdict (marginal, exit 2); quiet without a terminal or with NO_COLOR', async () => {
    server = await createTestServer([grid(9, 60)]);
    for (const io of [fakeIo({ tty: false }), fakeIo({ tty: true, env: { NO_COLOR: '1' } })]) {
      const code = await runCli(args(writeConfig('open.json', { minDuration: '5s', maxDuration: '1h' }), ['--max', '2s', '--quiet']), io);
      expect(code, io.err()).toBe(2);
      expect(io.err()).toBe('');
      expect(io.out()).toBe('');
    }
    const io = fakeIo({ tty: false });
    expect(await runCli(args(writeConfig('open.json', { minDuration: '5s', maxDuration: '1h' }), ['--max', '2s', '--format', 'json']), io)).toBe(2);
    const final = JSON.parse(io.out()) as { verdict: string; sequential: { holding: string[]; final: boolean } };
    expect(final).toMatchObject({ verdict: 'marginal', sequential: { holding: ['latency'], final: false } });
    expect(io.err()).toMatch(/--max 2s reached: the last verdict \(marginal\) is the answer/);
  });

  it('refuses a config without "sequential" (65), --end and a bad --every (64)', async () => {
    server = await createTestServer([grid(0, 2)]);
    const io = fakeIo({ tty: false });
    expect(await runCli(args(writeConfig('fixed.json', undefined)), io)).toBe(65);
    expect(io.err()).toMatch(/has no "sequential" settings/);
    const end = fakeIo({ tty: false });
    expect(await runCli(args(writeConfig('x.json', { maxDuration: '1h' }), ['--end', 'now']), end)).toBe(64);
    expect(end.err()).toMatch(/--end is not accepted: watch always looks up to now/);
    const every = fakeIo({ tty: false });
    const withoutEvery = args(writeConfig('y.json', { maxDuration: '1h' })).slice(0, 9).concat(args('').slice(11));
    expect(await runCli([...withoutEvery, '--every', 'soon'], every)).toBe(64);
    expect(every.err()).toMatch(/--every must be a duration/);
    expect(server.requests).toHaveLength(0);
  });
});
