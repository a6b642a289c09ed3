import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom, deriveSeed, InvalidOptionError } from 'canary-judge';

const TWO_POW_53 = 2 ** 53;

function draw(seed: number | string, count: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => random());
}

describe('createRandom', () => {
  it('is deterministic for a seed, numbers and strings alike', () => {
    expect(draw(42, 100)).toEqual(draw(42, 100));
    expect(draw('checkout-latency', 100)).toEqual(draw('checkout-latency', 100));
  });

  it('keeps its stream stable across versions (regression values)', () => {
    expect(draw(0, 3)).toEqual([0.8868539502021594, 0.012474988946590604, 0.032522145755498943]);
    expect(draw('checkout', 2)).toEqual([0.44168392671726975, 0.3155800217468021]);
  });

  it('gives different streams for different seeds', () => {
    const firstDraws = new Set<number>();
    for (let seed = 0; seed < 2000; seed++) firstDraws.add(createRandom(seed)());
    for (const seed of [-1, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0.5, 1e-300]) {
      firstDraws.add(createRandom(seed)());
    }
    firstDraws.add(createRandom('0')());
    firstDraws.add(createRandom('')());
    expect(firstDraws.size).toBe(2000 + 7 + 2);
    expect(draw(1, 10)).not.toEqual(draw(2, 10));
    expect(draw(-0, 5)).toEqual(draw(0, 5));
  });

  it('returns doubles in [0, 1) on a 2^-53 grid that use all 53 bits', () => {
    const values = draw(7, 20_000);
    let lowBitsSet = 0;
    let offGrid = 0;
    for (const value of values) {
      const scaled = value * TWO_POW_53;
      if (!(value >= 0 && value < 1) || !Number.isInteger(scaled)) offGrid++;
      if (scaled % 2 ** 21 !== 0) lowBitsSet++; // bits below 2^-32 are random too
    }
    expect(offGrid).toBe(0);
    expect(lowBitsSet).toBeGreaterThan(19_900);
  });

  it('looks uniform: mean, variance, 20-bin chi-square and lag-1 correlation', () => {
    const count = 200_000;
    const values = draw('uniformity', count);
    const mean = values.reduce((sum, value) => sum + value, 0) / count;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (count - 1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);

    const bins = new Array<number>(20).fill(0);
    for (const value of values) bins[Math.floor(value * 20)]! += 1;
    const expected = count / 20;
    const chiSquare = bins.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(43.8); // 99.9% quantile of chi-square with 19 df

    let lagProduct = 0;
    for (let index = 1; index < count; index++) lagProduct += (values[index]! - mean) * (values[index - 1]! - mean);
    const correlation = lagProduct / (count - 1) / variance;
    expect(Math.abs(correlation)).toBeLessThan(0.01);
  });

  it('rejects seeds that are not finite numbers or strings', () => {
    for (const seed of [Number.NaN, Infinity, -Infinity, null, undefined, {}, [1]]) {
      expect(() => createRandom(seed as number)).toThrow(InvalidOptionError);
    }
  });
});

describe('deriveSeed', () => {
  it('is stable, an unsigned 32-bit integer, and matches regression values', () => {
    expect(deriveSeed(7, 'p99-latency')).toBe(4014307549);
    expect(deriveSeed()).toBe(2872998923);
    expect(deriveSeed('a')).toBe(1401076910);
    expect(deriveSeed(0)).toBe(4265942113);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))), (parts) => {
        const seed = deriveSeed(...parts);
        expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
        expect(deriveSeed(...parts)).toBe(seed);
      }),
    );
  });

  it('depends on the order, the boundaries and the types of the parts', () => {
    expect(deriveSeed(7, 'latency')).not.toBe(deriveSeed('latency', 7));
    expect(deriveSeed('a', 'bc')).not.toBe(deriveSeed('ab', 'c'));
    expect(deriveSeed('1')).not.toBe(deriveSeed(1));
    expect(deriveSeed(1)).not.toBe(deriveSeed(1, ''));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2 ** 32 + 1, 2));
    expect(deriveSeed(0.1)).not.toBe(deriveSeed(0.2));
  });

  it('spreads many metric names over distinct seeds', () => {
    const seeds = new Set<number>();
    for (let index = 0; index < 20_000; index++) seeds.add(deriveSeed(123, `metric-${index}`));
    // Birthday bound: about 0.05 expected collisions among 20,000 32-bit hashes.
    expect(seeds.size).toBeGreaterThanOrEqual(19_998);
  });

  it('gives independent-looking streams per metric', () => {
    const first = draw(deriveSeed(1, 'latency'), 1000);
    const second = draw(deriveSeed(1, 'errors'), 1000);
    const equalCount = first.filter((value, index) => value === second[index]).length;
    expect(equalCount).toBe(0);
  });

  it('rejects parts that are neither strings nor finite numbers', () => {
    for (const part of [Number.NaN, Infinity, null, {}, true]) {
      expect(() => deriveSeed(part as number)).toThrow(InvalidOptionError);
    }
  });
});
