/**
 * judge() leaves the caller's arrays as it found them, down to how V8 stores them: number arrays
 * keep their unboxed double elements (boxed, 10,000 values take about 160 KB more for as long as
 * the caller keeps them). Runs a child process with `--allow-natives-syntax` to ask V8; the child
 * first lets the judge read data with missing values, which is what made V8's optimizing compiler
 * widen the caller's arrays before the judge copied them (src/judge/own-arrays.ts).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

describe("judge() and the caller's arrays", () => {
  it('number arrays keep their double elements after a judgement', () => {
    const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', join(here, 'input-arrays-child.ts')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const report = JSON.parse(child.stdout) as { arrays: number; doubleBefore: number; doubleAfter: number; outcomes: string[] };
    expect(report.arrays).toBe(18);
    expect(report.doubleBefore).toBe(report.arrays);
    expect(report.outcomes).toHaveLength(12);
    expect(report.outcomes.every((outcome) => outcome === 'pass' || outcome === 'inconclusive')).toBe(true);
    expect(report.doubleAfter).toBe(report.arrays);
  });
});
