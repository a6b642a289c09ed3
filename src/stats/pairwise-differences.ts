/**
 * Order statistics of the n·m pairwise differences canary_i − baseline_j, found without building
 * them. The differences form a matrix whose rows (one per canary value, ascending) and columns (one
 * per baseline value, descending) are both sorted, so the number of differences below any pivot
 * can be counted in O(n + m) with one pointer that only moves one way. Selection keeps, per row, the
 * window of columns that may still hold the wanted ranks, and narrows it with two pivots read off a
 * systematic sample of the window (Floyd-Rivest style), so each round removes all but a few percent
 * of the candidates. Ranks that lie close together (the Hodges-Lehmann median and the interval
 * ends usually do) are narrowed together first, then apart. Once few candidates remain they are
 * gathered and the ranks selected among them directly. Cost: O((n + m)·log(n·m)) time, O(n + m) memory.
 *
 * Every difference is computed as the same floating-point subtraction everywhere, and rounding is
 * monotone, so the counts agree exactly with the values they describe.
 */
import { selectInPlace } from './select.js';

/**
 * Candidates left when selection stops narrowing and selects among them directly, and points
 * sampled per narrowing round. A round costs O(n + m), so smaller problems stop and sample sooner.
 */
interface Tuning {
  readonly gatherLimit: number;
  readonly sampleSize: number;
}

function tuningFor(rows: number, columns: number): Tuning {
  const size = rows + columns;
  return {
    gatherLimit: Math.min(131_072, Math.max(8_192, 2 * size)),
    sampleSize: Math.min(16_384, Math.max(2_048, size)),
  };
}
/** Sample-rank margin around the target, in standard deviations of the sample rank. */
const PIVOT_MARGIN = 3;

/**
 * The k-th smallest (1-based) of all canary_i − baseline_j, for each k in `ranks`.
 *
 * @param sortedBaseline baseline values, ascending
 * @param sortedCanary canary values, ascending
 * @throws {RangeError} when a rank is not a whole number in 1..n·m
 *
 * @example
 * selectPairwiseDifferences(Float64Array.of(1, 2), Float64Array.of(3, 5), [1, 4]) // => [1, 4]
 */
export function selectPairwiseDifferences(
  sortedBaseline: Float64Array,
  sortedCanary: Float64Array,
  ranks: readonly number[],
): number[] {
  const total = sortedBaseline.length * sortedCanary.length;
  for (const rank of ranks) {
    if (!(Number.isInteger(rank) && rank >= 1 && rank <= total)) throw new RangeError(`rank ${rank} outside 1..${total}`);
  }
  const paddedBaseline = new Float64Array(sortedBaseline.length + PADDING);
  paddedBaseline.fill(Number.POSITIVE_INFINITY, 0, PADDING);
  paddedBaseline.set(sortedBaseline, PADDING);
  paddedBaseline.subarray(PADDING).reverse();
  const matrix: DifferenceMatrix = {
    canary: sortedCanary,
    paddedBaseline,
    tuning: tuningFor(sortedCanary.length, sortedBaseline.length),
  };
  const wanted = [...new Set(ranks)].sort((a, b) => a - b);
  const found = new Map<number, number>();
  selectGroup(matrix, fullWindow(matrix), wanted, found);
  return ranks.map((rank) => found.get(rank) as number);
}

/**
 * The median of all canary_i − baseline_j: the Hodges-Lehmann estimate of the shift.
 *
 * @example
 * pairwiseDifferenceMedian(Float64Array.of(1, 2), Float64Array.of(3, 5)) // => 2.5
 */
export function pairwiseDifferenceMedian(sortedBaseline: Float64Array, sortedCanary: Float64Array): number {
  return medianFromRanks(sortedBaseline.length * sortedCanary.length, (ranks) =>
    selectPairwiseDifferences(sortedBaseline, sortedCanary, ranks),
  );
}

/** The ranks whose values make up the median of `total` sorted values. */
export function medianRanks(total: number): number[] {
  return total % 2 === 1 ? [(total + 1) / 2] : [total / 2, total / 2 + 1];
}

// --- internal ---

interface DifferenceMatrix {
  readonly canary: Float64Array;
  /** The baseline in descending order, after PADDING copies of +Infinity. */
  readonly paddedBaseline: Float64Array;
  readonly tuning: Tuning;
}

/** +Infinity cells in front of the baseline, so pointer sweeps need no bounds checks. */
const PADDING = 2;

/** The cells still in play: columns [start[row], end[row]) of each row. */
interface Window {
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Cells left of the window, all smaller than every cell in it. */
  before: number;
  /** Cells inside the window. */
  active: number;
}

function medianFromRanks(total: number, select: (ranks: number[]) => number[]): number {
  const values = select(medianRanks(total));
  return values.length === 1 ? (values[0] as number) : ((values[0] as number) + (values[1] as number)) / 2;
}

function fullWindow(matrix: DifferenceMatrix): Window {
  const rows = matrix.canary.length;
  const columns = matrix.paddedBaseline.length - PADDING;
  return { start: new Int32Array(rows), end: new Int32Array(rows).fill(columns), before: 0, active: rows * columns };
}

function cloneWindow(window: Window): Window {
  return { start: window.start.slice(), end: window.end.slice(), before: window.before, active: window.active };
}

/** Narrows `window` until it holds few enough cells to sort, for ranks sorted ascending. */
function selectGroup(matrix: DifferenceMatrix, window: Window, ranks: number[], found: Map<number, number>): void {
  const rows = matrix.canary.length;
  const lowerCounts = new Int32Array(rows);
  const upperCounts = new Int32Array(rows);
  for (;;) {
    if (window.active <= matrix.tuning.gatherLimit) {
      const candidates = gatherWindow(matrix, window);
      let from = 0;
      for (const rank of ranks) {
        const index = rank - window.before - 1;
        found.set(rank, selectInPlace(candidates, index, from));
        from = index;
      }
      return;
    }
    const lowestRank = ranks[0] as number;
    const highestRank = ranks[ranks.length - 1] as number;
    if (ranks.length > 1 && highestRank - lowestRank > window.active / 4) {
      // The ranks lie far apart within the window: pursue each cluster on its own copy.
      const parts = clusters(ranks, matrix.tuning.gatherLimit);
      if (parts.length > 1) {
        for (const cluster of parts) selectGroup(matrix, cloneWindow(window), cluster, found);
        return;
      }
    }
    const sample = sampleWindow(matrix, window);
    const [lowerPivot, upperPivot] = pivotsAround(
      sample,
      (lowestRank - window.before - 0.5) / window.active,
      (highestRank - window.before - 0.5) / window.active,
    );
    const activeBefore = window.active;
    const outcome = narrow(matrix, window, lowestRank, highestRank, lowerPivot, upperPivot, lowerCounts, upperCounts);
    if (outcome === 'found') {
      for (const rank of ranks) found.set(rank, lowerPivot);
      return;
    }
    if (outcome === 'split' || window.active > 0.75 * activeBefore) {
      if (ranks.length > 1) {
        const parts = clusters(ranks, matrix.tuning.gatherLimit);
        const pieces = parts.length > 1 ? parts : ranks.map((rank) => [rank]);
        for (const piece of pieces) selectGroup(matrix, cloneWindow(window), piece, found);
        return;
      }
      if (window.active === activeBefore) {
        // Values pile up at the pivots: split three ways at one sampled value, which always
        // removes at least that value's copies.
        const pivot = selectInPlace(sample, Math.min(sample.length - 1, Math.floor(((lowestRank - window.before - 0.5) / window.active) * sample.length)));
        if (narrow(matrix, window, lowestRank, lowestRank, pivot, pivot, lowerCounts, upperCounts) === 'found') {
          found.set(lowestRank, pivot);
          return;
        }
      }
    }
  }
}

/** Splits ascending ranks where neighbours lie more than half a gathering apart. */
function clusters(ranks: readonly number[], gatherLimit: number): number[][] {
  const groups: number[][] = [];
  for (const rank of ranks) {
    const last = groups[groups.length - 1];
    if (last !== undefined && rank - (last[last.length - 1] as number) <= gatherLimit / 2) last.push(rank);
    else groups.push([rank]);
  }
  return groups;
}

/**
 * Two sample values that bracket the wanted fractions of the window with a margin of a few
 * standard deviations of a sample quantile; ±Infinity where the bracket runs off the sample.
 */
function pivotsAround(sample: Float64Array, lowestFraction: number, highestFraction: number): [number, number] {
  const size = sample.length;
  const lowerIndex = Math.floor(lowestFraction * size - spread(size, lowestFraction));
  const upperIndex = Math.ceil(highestFraction * size + spread(size, highestFraction));
  const upper = upperIndex >= size ? Number.POSITIVE_INFINITY : selectInPlace(sample, upperIndex);
  const lower = lowerIndex < 0 ? Number.NEGATIVE_INFINITY : selectInPlace(sample, lowerIndex, 0, Math.min(size, upperIndex));
  return [lower, upper];
}

function spread(sampleSize: number, fraction: number): number {
  return PIVOT_MARGIN * Math.sqrt(sampleSize * fraction * (1 - fraction)) + 2;
}

/**
 * Counts the cells below `lowerPivot` and at most `upperPivot`, then shrinks the window to the side
 * holding the ranks [lowestRank, highestRank]. 'split' when the pivots separate the ranks.
 */
function narrow(
  matrix: DifferenceMatrix,
  window: Window,
  lowestRank: number,
  highestRank: number,
  lowerPivot: number,
  upperPivot: number,
  lowerCounts: Int32Array,
  upperCounts: Int32Array,
): 'narrowed' | 'split' | 'found' {
  const [below, atMost] = countBounds(matrix, lowerPivot, upperPivot, lowerCounts, upperCounts);
  const { start, end } = window;
  const rows = start.length;
  let active = 0;
  let before = 0;
  if (highestRank <= below) {
    for (let row = 0; row < rows; row++) {
      end[row] = Math.min(end[row] as number, lowerCounts[row] as number);
      active += (end[row] as number) - (start[row] as number);
    }
    before = window.before;
  } else if (lowestRank > atMost) {
    for (let row = 0; row < rows; row++) {
      start[row] = Math.max(start[row] as number, upperCounts[row] as number);
      active += (end[row] as number) - (start[row] as number);
      before += start[row] as number;
    }
  } else if (lowestRank > below && highestRank <= atMost) {
    if (lowerPivot === upperPivot) return 'found';
    // An open pivot (±Infinity) leaves that side of the window where it was, so the count before
    // the window is summed from the window itself, not taken from the pivot's count.
    for (let row = 0; row < rows; row++) {
      start[row] = Math.max(start[row] as number, lowerCounts[row] as number);
      end[row] = Math.min(end[row] as number, upperCounts[row] as number);
      active += (end[row] as number) - (start[row] as number);
      before += start[row] as number;
    }
  } else {
    return 'split';
  }
  window.active = active;
  window.before = before;
  return 'narrowed';
}

/**
 * Per row, the number of cells below `lowerPivot` and at most `upperPivot`; returns both totals.
 * Rows rise with the canary value, so both counts can only fall from row to row: two pointers
 * sweep the columns once.
 */
function countBounds(
  matrix: DifferenceMatrix,
  lowerPivot: number,
  upperPivot: number,
  lowerCounts: Int32Array,
  upperCounts: Int32Array,
): [number, number] {
  const { canary, paddedBaseline } = matrix;
  const columns = paddedBaseline.length - PADDING;
  // Column count c stands for the cell at paddedBaseline[c - 1 + PADDING]; the +Infinity padding
  // makes every difference left of column 0 −Infinity, which stops the pointers without a bounds
  // check. Two unconditional steps per row take the usual moves without a branch to mispredict.
  const offset = PADDING - 1;
  let below = 0;
  let atMost = 0;
  let upperColumn = columns;
  if (lowerPivot === Number.NEGATIVE_INFINITY) {
    lowerCounts.fill(0);
  } else {
    let lowerColumn = columns;
    for (let row = 0; row < canary.length; row++) {
      const canaryValue = canary[row] as number;
      lowerColumn -= +(canaryValue - (paddedBaseline[lowerColumn + offset] as number) >= lowerPivot);
      lowerColumn -= +(canaryValue - (paddedBaseline[lowerColumn + offset] as number) >= lowerPivot);
      while (canaryValue - (paddedBaseline[lowerColumn + offset] as number) >= lowerPivot) lowerColumn--;
      lowerCounts[row] = lowerColumn;
      below += lowerColumn;
    }
  }
  for (let row = 0; row < canary.length; row++) {
    const canaryValue = canary[row] as number;
    upperColumn -= +(canaryValue - (paddedBaseline[upperColumn + offset] as number) > upperPivot);
    upperColumn -= +(canaryValue - (paddedBaseline[upperColumn + offset] as number) > upperPivot);
    while (canaryValue - (paddedBaseline[upperColumn + offset] as number) > upperPivot) upperColumn--;
    upperCounts[row] = upperColumn;
    atMost += upperColumn;
  }
  return [below, atMost];
}

/** A systematic sample of the window: evenly spaced through its cells in row order. */
function sampleWindow(matrix: DifferenceMatrix, window: Window): Float64Array {
  const { canary, paddedBaseline } = matrix;
  const { start, end, active } = window;
  const size = Math.min(matrix.tuning.sampleSize, active);
  const sample = new Float64Array(size);
  const stride = active / size;
  let row = 0;
  let cellsBeforeRow = 0;
  for (let index = 0; index < size; index++) {
    const position = Math.floor((index + 0.5) * stride);
    while (cellsBeforeRow + ((end[row] as number) - (start[row] as number)) <= position) {
      cellsBeforeRow += (end[row] as number) - (start[row] as number);
      row++;
    }
    const column = (start[row] as number) + (position - cellsBeforeRow);
    sample[index] = (canary[row] as number) - (paddedBaseline[column + PADDING] as number);
  }
  return sample;
}

function gatherWindow(matrix: DifferenceMatrix, window: Window): Float64Array {
  const { canary, paddedBaseline } = matrix;
  const candidates = new Float64Array(window.active);
  let index = 0;
  for (let row = 0; row < canary.length; row++) {
    const canaryValue = canary[row] as number;
    const rowEnd = window.end[row] as number;
    for (let column = window.start[row] as number; column < rowEnd; column++) {
      candidates[index++] = canaryValue - (paddedBaseline[column + PADDING] as number);
    }
  }
  return candidates;
}
