/**
 * `canary-judge judge` with a sequential config (issue 15): data without timestamps cannot be
 * judged sequentially, so the command stops with exit 65 and says why (never a silent `fail`);
 * timestamped data gets the sequential verdict and its exit code.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/cli/run.js';
import { root } from './helpers.js';

const directory = mkdtempSync(join(tmpdir(), 'canary-judge-judge-sequential-'));

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { isTTY: false, write: (chunk: string) => ((out += chunk), true) },
    stderr: { isTTY: false, write: (chunk: string) => ((err += chunk), true) } as CliIo['stderr'],
    env: {},
    cwd: root,
    out: () => out,
    err: () => err,
  };
}

const file = (name: string, content: unknown) => {
  const path = join(directory, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

const config = file('config.json', {
  sequential: { minDuration: '5m', maxDuration: '60m' },
  metrics: [{ name: 'cpu', test: 'mean-ratio', margin: { relative: 0.1 } }],
});
const values = (shift: number) => Array.from({ length: 20 }, (_, i) => 50 + shift + ((i * 7) % 5) - 2);
const times = Array.from({ length: 20 }, (_, i) => 1_800_000_000 + 60 * i);

describe('canary-judge judge with "sequential"', () => {
  it('refuses data without timestamps with exit 65 and the reason', async () => {
    const io = captureIo();
    const data = file('untimed.json', { metrics: { cpu: { baseline: values(0), canary: values(0) } } });
    expect(await runCli(['judge', '--config', config, data], io)).toBe(65);
    expect(io.err()).toMatch(/cannot judge sequentially: a sequential judgement needs timestamps on every series/);
    expect(io.err()).not.toMatch(/at .*\.ts:\d+/);
    expect(io.out()).toBe('');
  });

  it('judges timestamped data sequentially: a clear regression fails (exit 1) before minDuration', async () => {
    const io = captureIo();
    const data = file('timed.json', { metrics: { cpu: { baseline: { values: values(0), timestamps: times }, canary: { values: values(25), timestamps: times } } } });
    expect(await runCli(['judge', '--config', config, data, '--format', 'json'], io)).toBe(1);
    expect(JSON.parse(io.out())).toMatchObject({ verdict: 'fail', sequential: { decidedBy: 'harm', final: true } });
  });
});
