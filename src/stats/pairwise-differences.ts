/**
 * Order statistics of the n·m pairwise differences canary_i − baseline_j, found without building
 * them. The differences form a matrix whose rows (one per canary value) and columns (one per
 * baseline value, taken in descending order) are both sorted, so the number of differences below
 * any pivot can be counted in O(n + m) with one pointer that only moves one way. Selection keeps,
 * per row, the window of columns that may still hold the wanted rank, and narrows it with two
 * pivots read off a systematic sample of that window (Floyd-Rivest style), so each round removes
 * all but a few percent of the candidates. Once few candidates remain they are sorted directly.
 * Cost: O((n + m)·log(n·m)) time, O(n + m) memory.
 *
 * Every difference is computed as the same floating-point subtraction everywhere, and rounding
 * is monotone, so the counts agree exactly with the values they describe.
 */

/** Candidates left when selection stops narrowing and sorts them. */
const DIRECT_SORT_LIMIT = 16_384;
/** Points sampled per narrowing round. */
const SAMPLE_SIZE = 2_048;

/**
 * The k-th smallest (1-based) of all canary_i − baseline_j, for each k in `ranks`.
 *
 * @param sortedBaseline baseline values, ascending
 * @param sortedCanary canary values, ascending
 *
 * @example
 * selectPairwiseDifferences(Float64Array.of(1, 2), Float64Array.of(3, 5), [1, 4]) // => [1, 4]
 */
export function selectPairwiseDifferences(
  sortedBaseline: Float64Array,
  sortedCanary: Float64Array,
  ranks: readonly number[],
): number[] {
  const baselineDescending = Float64Array.from(sortedBaseline).reverse();
  return ranks.map((rank) => selectRank(sortedCanary, baselineDescending, rank));
}

/**
 * The median of all canary_i − baseline_j: the Hodges-Lehmann estimate of the shift.
 *
 * @example
 * pairwiseDifferenceMedian(Float64Array.of(1, 2), Float64Array.of(3, 5)) // => 2.5
 */
export function pairwiseDifferenceMedian(sortedBaseline: Float64Array, sortedCanary: Float64Array): number {
  const total = sortedBaseline.length * sortedCanary.length;
  if (total % 2 === 1) return selectPairwiseDifferences(sortedBaseline, sortedCanary, [(total + 1) / 2])[0] as number;
  const [lower, upper] = selectPairwiseDifferences(sortedBaseline, sortedCanary, [total / 2, total / 2 + 1]) as [number, number];
  return (lower + upper) / 2;
}

// --- internal ---

function selectRank(canary: Float64Array, baselineDescending: Float64Array, rank: number): number {
  const rows = canary.length;
  const columns = baselineDescending.length;
  if (!(rank >= 1 && rank <= rows * columns && Number.isInteger(rank))) {
    throw new RangeError(`rank ${rank} outside 1..${rows * columns}`);
  }
  // Active window of row i: columns [windowStart[i], windowEnd[i]).
  const windowStart = new Int32Array(rows);
  const windowEnd = new Int32Array(rows).fill(columns);
  const lowerCounts = new Int32Array(rows);
  const upperCounts = new Int32Array(rows);
  let countBeforeWindow = 0;
  let active = rows * columns;

  for (;;) {
    if (active <= DIRECT_SORT_LIMIT) {
      const candidates = gatherWindow(canary, baselineDescending, windowStart, windowEnd, active);
      candidates.sort();
      return candidates[rank - countBeforeWindow - 1] as number;
    }
    const sample = sampleWindow(canary, baselineDescending, windowStart, windowEnd, active);
    const targetFraction = (rank - countBeforeWindow - 0.5) / active;
    const center = targetFraction * sample.length;
    const spread = 3 * Math.sqrt(sample.length * targetFraction * (1 - targetFraction)) + 2;
    const lowerIndex = Math.floor(center - spread);
    const upperIndex = Math.ceil(center + spread);
    let lowerPivot = lowerIndex < 0 ? Number.NEGATIVE_INFINITY : (sample[lowerIndex] as number);
    let upperPivot = upperIndex >= sample.length ? Number.POSITIVE_INFINITY : (sample[upperIndex] as number);

    let narrowed = narrow(lowerPivot, upperPivot);
    if (narrowed === 'stalled') {
      // The window did not shrink (values pile up at the pivots): split at one pivot three ways,
      // which always removes at least the pivot's own copies.
      lowerPivot = sample[Math.min(sample.length - 1, Math.max(0, Math.floor(center)))] as number;
      upperPivot = lowerPivot;
      narrowed = narrow(lowerPivot, upperPivot);
    }
    if (narrowed === 'found') return lowerPivot;
  }

  function narrow(lowerPivot: number, upperPivot: number): 'narrowed' | 'stalled' | 'found' {
    const below = countBelow(canary, baselineDescending, lowerPivot, false, lowerCounts);
    const atMost = countBelow(canary, baselineDescending, upperPivot, true, upperCounts);
    let nextActive = 0;
    if (rank <= below) {
      for (let row = 0; row < rows; row++) {
        windowEnd[row] = Math.min(windowEnd[row] as number, lowerCounts[row] as number);
        nextActive += (windowEnd[row] as number) - (windowStart[row] as number);
      }
    } else if (rank > atMost) {
      countBeforeWindow = 0;
      for (let row = 0; row < rows; row++) {
        windowStart[row] = Math.max(windowStart[row] as number, upperCounts[row] as number);
        nextActive += (windowEnd[row] as number) - (windowStart[row] as number);
        countBeforeWindow += windowStart[row] as number;
      }
    } else {
      if (lowerPivot === upperPivot) return 'found';
      // An open pivot (±Infinity) leaves that side of the window where it was, so the count of
      // differences before the window is summed from the window itself, not taken from the pivot.
      countBeforeWindow = 0;
      for (let row = 0; row < rows; row++) {
        windowStart[row] = Math.max(windowStart[row] as number, lowerCounts[row] as number);
        windowEnd[row] = Math.min(windowEnd[row] as number, upperCounts[row] as number);
        nextActive += (windowEnd[row] as number) - (windowStart[row] as number);
        countBeforeWindow += windowStart[row] as number;
      }
    }
    const shrank = nextActive < active;
    active = nextActive;
    return shrank ? 'narrowed' : 'stalled';
  }
}

/**
 * Counts, per row, the differences below `pivot` (or at most `pivot` when `inclusive`), storing
 * them in `counts`, and returns their sum. Rows rise with the canary value, so the count can only
 * fall from one row to the next: one pointer sweeps the columns once.
 */
function countBelow(
  canary: Float64Array,
  baselineDescending: Float64Array,
  pivot: number,
  inclusive: boolean,
  counts: Int32Array,
): number {
  let column = baselineDescending.length;
  let total = 0;
  for (let row = 0; row < canary.length; row++) {
    const canaryValue = canary[row] as number;
    if (inclusive) {
      while (column > 0 && canaryValue - (baselineDescending[column - 1] as number) > pivot) column--;
    } else {
      while (column > 0 && canaryValue - (baselineDescending[column - 1] as number) >= pivot) column--;
    }
    counts[row] = column;
    total += column;
  }
  return total;
}

/** A systematic sample of the active windows, sorted: evenly spaced through the window cells. */
function sampleWindow(
  canary: Float64Array,
  baselineDescending: Float64Array,
  windowStart: Int32Array,
  windowEnd: Int32Array,
  active: number,
): Float64Array {
  const size = Math.min(SAMPLE_SIZE, active);
  const sample = new Float64Array(size);
  const stride = active / size;
  let row = 0;
  let cellsBeforeRow = 0;
  for (let index = 0; index < size; index++) {
    const position = Math.floor((index + 0.5) * stride);
    while (cellsBeforeRow + ((windowEnd[row] as number) - (windowStart[row] as number)) <= position) {
      cellsBeforeRow += (windowEnd[row] as number) - (windowStart[row] as number);
      row++;
    }
    const column = (windowStart[row] as number) + (position - cellsBeforeRow);
    sample[index] = (canary[row] as number) - (baselineDescending[column] as number);
  }
  return sample.sort();
}

function gatherWindow(
  canary: Float64Array,
  baselineDescending: Float64Array,
  windowStart: Int32Array,
  windowEnd: Int32Array,
  active: number,
): Float64Array {
  const candidates = new Float64Array(active);
  let index = 0;
  for (let row = 0; row < canary.length; row++) {
    const canaryValue = canary[row] as number;
    for (let column = windowStart[row] as number; column < (windowEnd[row] as number); column++) {
      candidates[index++] = canaryValue - (baselineDescending[column] as number);
    }
  }
  return candidates;
}
