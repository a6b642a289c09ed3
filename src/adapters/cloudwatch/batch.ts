/**
 * Splits a set of queries over one range into GetMetricData calls within CloudWatch's limits: at
 * most 500 `MetricDataQuery` entries per call and at most 100,800 data points per call (counted as
 * entries × points, inputs of expressions included, which is conservative). A query too large for
 * one call on the whole window is fetched in consecutive time chunks.
 */

/** Most `MetricDataQuery` entries in one GetMetricData call. */
export const GET_METRIC_DATA_MAX_QUERIES = 500;
/** Most data points one GetMetricData call may cover. */
export const GET_METRIC_DATA_MAX_DATAPOINTS = 100_800;

/** One query to place: how many entries it takes, and whether it must be alone in its call. */
export interface BatchItem {
  /** 1 for a metric, 1 + its inputs for an expression. */
  readonly entries: number;
  /** An expression using METRICS() sees every metric of its call, so it gets a call of its own. */
  readonly alone: boolean;
}

/** One planned call: which items, over which points of the grid (`fromPoint` ≤ i < `toPoint`). */
export interface PlannedCall {
  readonly items: readonly number[];
  readonly fromPoint: number;
  readonly toPoint: number;
}

/** Limits of one call (the defaults are CloudWatch's). */
export interface BatchLimits {
  readonly maxQueries: number;
  readonly maxDatapoints: number;
}

/**
 * Plans the calls for `items` over a grid of `points` points.
 *
 * @example
 * planCalls([{ entries: 1, alone: false }, { entries: 1, alone: false }], 60).length // => 1
 */
export function planCalls(
  items: readonly BatchItem[],
  points: number,
  limits: BatchLimits = { maxQueries: GET_METRIC_DATA_MAX_QUERIES, maxDatapoints: GET_METRIC_DATA_MAX_DATAPOINTS },
): PlannedCall[] {
  if (items.length === 0 || points < 1) return [];
  const largest = Math.max(...items.map((item) => item.entries));
  if (largest > limits.maxQueries) {
    throw new RangeError(`a query takes ${largest} GetMetricData entries, more than the ${limits.maxQueries} one call holds`);
  }
  // Points per call: the whole grid when the largest query fits, else chunks it fits into.
  const chunk = Math.max(1, Math.min(points, Math.floor(limits.maxDatapoints / largest)));
  const entriesPerCall = Math.max(largest, Math.min(limits.maxQueries, Math.floor(limits.maxDatapoints / chunk)));

  const groups: number[][] = [];
  let current: number[] = [];
  let used = 0;
  items.forEach((item, index) => {
    if (item.alone) {
      groups.push([index]);
      return;
    }
    if (used + item.entries > entriesPerCall && current.length > 0) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(index);
    used += item.entries;
  });
  if (current.length > 0) groups.push(current);

  const calls: PlannedCall[] = [];
  for (let fromPoint = 0; fromPoint < points; fromPoint += chunk) {
    const toPoint = Math.min(points, fromPoint + chunk);
    for (const group of groups) calls.push({ items: group, fromPoint, toPoint });
  }
  return calls;
}
