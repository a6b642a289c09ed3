/**
 * Seeded randomness. The core never calls `Math.random` or reads the clock: every random draw comes
 * from a generator created here from an explicit seed, so a judgement can be replayed bit for bit.
 *
 * Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
 * 2018), 128 bits of state, period 2^128 − 1, seeded through the murmur3 / splitmix finaliser.
 * Hashing: a murmur3-style (Appleby) 32-bit mix of the parts.
 */
import { InvalidOptionError } from './errors.js';

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

const GOLDEN_GAMMA = 0x9e3779b9;
const TWO_POW_26 = 67_108_864;
const TWO_POW_32 = 4_294_967_296;
const TWO_POW_53 = 9_007_199_254_740_992;

/**
 * A seeded, deterministic generator of doubles in [0, 1) carrying 53 random bits each
 * (two 32-bit outputs of xoshiro128**). The same seed always yields the same sequence, on every
 * platform. Numbers and strings are both accepted; distinct safe-integer seeds give distinct streams.
 *
 * Reference: Blackman & Vigna (2018), xoshiro128**. Cost: O(1) per draw, O(length) to seed from a string.
 *
 * @example
 * const random = createRandom(42);
 * random(); // => a double in [0, 1), the same one on every run
 * createRandom('checkout-latency')() === createRandom('checkout-latency')(); // => true
 */
export function createRandom(seed: number | string): RandomSource {
  const [lowWord, highWord] = seedWords(seed);
  let state0 = splitmix32(lowWord, 1);
  let state1 = splitmix32(lowWord, 2);
  let state2 = splitmix32(highWord, 3);
  let state3 = splitmix32(highWord, 4);
  if ((state0 | state1 | state2 | state3) === 0) state0 = GOLDEN_GAMMA | 0; // all-zero state is a fixed point

  const nextUint32 = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(state1, 5), 7), 9) >>> 0;
    const shifted = state1 << 9;
    state2 ^= state0;
    state3 ^= state1;
    state1 ^= state2;
    state0 ^= state3;
    state2 ^= shifted;
    state3 = rotateLeft(state3, 11);
    return result;
  };

  return () => {
    const high27 = nextUint32() >>> 5;
    const low26 = nextUint32() >>> 6;
    return (high27 * TWO_POW_26 + low26) / TWO_POW_53;
  };
}

/**
 * Derives a stable unsigned 32-bit seed from several parts, e.g. a configuration seed and a metric
 * name, so that every metric gets its own independent, reproducible stream. The parts are hashed
 * with their types and lengths, so `('a', 'bc')`, `('ab', 'c')` and `('1')` vs `(1)` all differ.
 *
 * Reference: murmur3 (Appleby) block mix and finaliser. Cost: O(total length of the parts).
 *
 * @example
 * deriveSeed(7, 'p99-latency') === deriveSeed(7, 'p99-latency'); // => true
 * deriveSeed(7, 'p99-latency') === deriveSeed(7, 'error-rate');  // => false
 */
export function deriveSeed(...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5 | 0;
  const absorb = (word: number): void => {
    let block = Math.imul(word | 0, 0xcc9e2d51);
    block = rotateLeft(block, 15);
    block = Math.imul(block, 0x1b873593);
    hash ^= block;
    hash = rotateLeft(hash, 13);
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
  };
  for (const part of parts) {
    if (typeof part === 'string') {
      absorb(0x53545200); // type tag "STR"
      absorb(part.length);
      for (let index = 0; index < part.length; index++) absorb(part.charCodeAt(index));
    } else {
      const [lowWord, highWord, tag] = numberWords(part, 'seed');
      absorb(tag);
      absorb(lowWord);
      absorb(highWord);
    }
  }
  hash ^= parts.length;
  return finalMix(hash) >>> 0;
}

/** Two 32-bit words of seed material: the integer itself for safe integers, a hash pair for strings. */
function seedWords(seed: number | string): [number, number] {
  if (typeof seed === 'string') {
    // Two independent hashes of the string give 64 bits of seed material.
    return [deriveSeed('createRandom:low', seed), deriveSeed('createRandom:high', seed)];
  }
  const [lowWord, highWord, tag] = numberWords(seed, 'seed');
  // Integer seeds keep (low, high) as is, so distinct safe integers map to distinct states.
  return tag === NUMBER_TAG_INTEGER ? [lowWord, highWord] : [lowWord ^ 0x5bd1e995, highWord ^ 0x27d4eb2f];
}

const NUMBER_TAG_INTEGER = 0x494e5400; // "INT"
const NUMBER_TAG_FLOAT = 0x464c5400; // "FLT"
const float64View = new DataView(new ArrayBuffer(8));

/** Splits a finite number into two 32-bit words and a tag saying how they were obtained. */
function numberWords(value: unknown, option: string): [number, number, number] {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidOptionError(option, 'a finite number or a string', value);
  }
  if (Number.isSafeInteger(value)) {
    return [value >>> 0, Math.floor(value / TWO_POW_32) | 0, NUMBER_TAG_INTEGER];
  }
  float64View.setFloat64(0, value, true);
  return [float64View.getUint32(0, true), float64View.getUint32(4, true), NUMBER_TAG_FLOAT];
}

/** The i-th output of splitmix32 started at `seed`: a bijection of `seed` for a fixed `step`. */
function splitmix32(seed: number, step: number): number {
  return finalMix((seed + Math.imul(GOLDEN_GAMMA, step)) | 0);
}

/** murmur3 fmix32: an invertible avalanche of a 32-bit word. */
function finalMix(word: number): number {
  let mixed = word | 0;
  mixed ^= mixed >>> 16;
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  mixed ^= mixed >>> 16;
  return mixed;
}

function rotateLeft(word: number, bits: number): number {
  return (word << bits) | (word >>> (32 - bits));
}
