/**
 * Ascending sort of finite doubles by least-significant-digit radix sort on their bit patterns:
 * O(n) with six passes of 11 bits, about twice as fast as Float64Array.prototype.sort from a few
 * thousand values up. Order is the IEEE total order, which for finite values is numeric order
 * with −0 before +0, the same as Float64Array.prototype.sort.
 */

const RADIX_FROM = 4_096;
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_MASK = BUCKETS - 1;

/**
 * A sorted copy of `values` (which must hold no NaN).
 *
 * @example
 * sortedCopy([3, -1, 2]) // => Float64Array [-1, 2, 3]
 */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const copy = Float64Array.from(values);
  if (isSorted(copy)) return copy;
  if (copy.length < RADIX_FROM) return copy.sort();
  return radixSort(copy);
}

/** True when the values are already ascending (−0 before +0, as a sort would leave them). */
function isSorted(values: Float64Array): boolean {
  for (let index = 1; index < values.length; index++) {
    const previous = values[index - 1] as number;
    const current = values[index] as number;
    if (previous > current || (previous === 0 && current === 0 && Object.is(previous, 0) && Object.is(current, -0))) return false;
  }
  return true;
}

function radixSort(values: Float64Array): Float64Array {
  const count = values.length;
  // Keys as unsigned 32-bit halves, transformed so unsigned order matches numeric order: negative
  // numbers have every bit flipped, others only the sign bit.
  const words = new Uint32Array(values.buffer, values.byteOffset, count * 2);
  const low = new Uint32Array(count);
  const high = new Uint32Array(count);
  for (let index = 0; index < count; index++) {
    const lowWord = words[2 * index] as number;
    const highWord = words[2 * index + 1] as number;
    if (highWord >>> 31 === 1) {
      low[index] = ~lowWord >>> 0;
      high[index] = ~highWord >>> 0;
    } else {
      low[index] = lowWord;
      high[index] = (highWord | 0x80000000) >>> 0;
    }
  }
  let sourceLow = low;
  let sourceHigh = high;
  let targetLow = new Uint32Array(count);
  let targetHigh = new Uint32Array(count);
  const histogram = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < 6; pass++) {
    const shift = (pass % 3) * DIGIT_BITS;
    const fromHigh = pass >= 3;
    histogram.fill(0);
    const keys = fromHigh ? sourceHigh : sourceLow;
    for (let index = 0; index < count; index++) {
      const digit = ((keys[index] as number) >>> shift) & DIGIT_MASK;
      histogram[digit] = (histogram[digit] as number) + 1;
    }
    if (histogram[((keys[0] as number) >>> shift) & DIGIT_MASK] === count) continue; // every key shares this digit
    let running = 0;
    for (let digit = 0; digit < BUCKETS; digit++) {
      const bucketSize = histogram[digit] as number;
      histogram[digit] = running;
      running += bucketSize;
    }
    for (let index = 0; index < count; index++) {
      const digit = ((keys[index] as number) >>> shift) & DIGIT_MASK;
      const position = histogram[digit] as number;
      histogram[digit] = position + 1;
      targetLow[position] = sourceLow[index] as number;
      targetHigh[position] = sourceHigh[index] as number;
    }
    [sourceLow, targetLow] = [targetLow, sourceLow];
    [sourceHigh, targetHigh] = [targetHigh, sourceHigh];
  }
  for (let index = 0; index < count; index++) {
    const highKey = sourceHigh[index] as number;
    if (highKey >>> 31 === 1) {
      words[2 * index] = sourceLow[index] as number;
      words[2 * index + 1] = (highKey & 0x7fffffff) >>> 0;
    } else {
      words[2 * index] = ~(sourceLow[index] as number) >>> 0;
      words[2 * index + 1] = ~highKey >>> 0;
    }
  }
  return values;
}
