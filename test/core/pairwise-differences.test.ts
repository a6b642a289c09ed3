import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { selectPairwiseDifferences } from '../../src/stats/pairwise-differences.js';

function bruteForce(baseline: Float64Array, canary: Float64Array): Float64Array {
  const all = new Float64Array(baseline.length * canary.length);
  let index = 0;
  for (const c of canary) for (const b of baseline) all[index++] = c - b;
  return all.sort();
}

describe('selectPairwiseDifferences (internal)', () => {
  it('finds every requested rank exactly, past the direct-sort size, with heavy ties and open pivots', () => {
    const values = (tied: boolean) =>
      fc
        .array(tied ? fc.integer({ min: -5, max: 5 }) : fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
          minLength: 1,
          maxLength: 400,
        })
        .map((array) => Float64Array.from(array).sort());
    fc.assert(
      fc.property(
        fc.tuple(fc.boolean(), fc.boolean()).chain(([tiedBaseline, tiedCanary]) => fc.tuple(values(tiedBaseline), values(tiedCanary))),
        ([baseline, canary]) => {
        const all = bruteForce(baseline, canary);
        const n = all.length;
        const ranks = [1, n, Math.ceil(n / 2), Math.min(n, 2), Math.max(1, n - 1), Math.max(1, Math.floor(n * 0.01)), Math.max(1, Math.floor(n * 0.999))];
        const selected = selectPairwiseDifferences(baseline, canary, ranks);
        ranks.forEach((rank, i) => expect(selected[i]).toBe(all[rank - 1]));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('works on samples large enough to need several narrowing rounds', () => {
    let state = 7;
    const next = () => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
    const baseline = Float64Array.from({ length: 900 }, () => Math.round(next() * 1000) / 10).sort();
    const canary = Float64Array.from({ length: 700 }, () => Math.round(next() * 1000) / 10 + 0.05).sort();
    const all = bruteForce(baseline, canary);
    const ranks = [1, 17, 315_000, 315_001, 600_000, all.length - 3, all.length];
    const selected = selectPairwiseDifferences(baseline, canary, ranks);
    ranks.forEach((rank, i) => expect(selected[i]).toBe(all[rank - 1]));
  });

  it('selects ranks that sit close together but not within one gathering (no endless splitting)', () => {
    const baseline = Float64Array.from({ length: 600 }, (_, i) => Math.sin(i * 12.9898) * 437.5).sort();
    const canary = Float64Array.from({ length: 500 }, (_, i) => Math.cos(i * 78.233) * 512.25 + 3).sort();
    const all = bruteForce(baseline, canary);
    const ranks = [100_000, 160_000, 161_000, 220_000];
    const selected = selectPairwiseDifferences(baseline, canary, ranks);
    ranks.forEach((rank, i) => expect(selected[i]).toBe(all[rank - 1]));
  });

  it('rejects ranks outside 1..n·m', () => {
    expect(() => selectPairwiseDifferences(Float64Array.of(1), Float64Array.of(2), [0])).toThrow(RangeError);
    expect(() => selectPairwiseDifferences(Float64Array.of(1), Float64Array.of(2), [2])).toThrow(RangeError);
  });
});
