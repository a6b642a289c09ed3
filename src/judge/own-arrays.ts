/**
 * The judge works on its own copies of the caller's arrays, so a judgement leaves the caller's data
 * exactly as it was, down to how the engine stores it.
 *
 * Why: V8's optimizing compiler, compiling a loop that has read both arrays of plain numbers and
 * arrays holding other things (a `null`, a `"NaN"`), may change the storage of the number arrays it
 * reads to that of the others, so that one kind of load serves all of them. Reading was enough:
 * schema validation (zod's array check) and the measurement scan turned the caller's unboxed
 * double arrays into arrays of boxed numbers, which kept about 24 MB more reachable after a
 * judgement of 100 metrics × 10,000 values per side, for as long as the caller kept its data.
 * `Array.prototype.slice` copies in the engine's own code, which never changes its source.
 */
import { MAX_SERIES_LENGTH } from '../config/data-rules.js';

const SERIES_ARRAY_KEYS = ['values', 'events', 'total', 'timestamps'] as const;
const HISTOGRAM_ARRAY_KEYS = ['le', 'counts'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy made by the engine; a series over the length limit stays as it is (the scan refuses it unread). */
function arrayCopy(values: readonly unknown[]): readonly unknown[] {
  return values.length > MAX_SERIES_LENGTH ? values : Array.prototype.slice.call(values);
}

function withArraysCopied(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  for (const key of keys) {
    const value = copy[key];
    if (Array.isArray(value)) copy[key] = arrayCopy(value);
  }
  return copy;
}

function seriesCopy(series: unknown): unknown {
  if (Array.isArray(series)) return arrayCopy(series);
  if (!isRecord(series)) return series;
  const copy = withArraysCopied(series, SERIES_ARRAY_KEYS);
  const histogram = copy['histogram'];
  if (isRecord(histogram)) copy['histogram'] = withArraysCopied(histogram, HISTOGRAM_ARRAY_KEYS);
  return copy;
}

/**
 * One metric's data as given, with every array the judge reads (values, counts, timestamps,
 * histogram bounds and counts) replaced by a copy, and the objects holding them by shallow copies
 * with the same own enumerable keys (as the measurement scan copies them). Anything that is not
 * such a shape is returned as it is, for validation to report.
 *
 * @example
 * const baseline = [1.5, 2.5];
 * const copy = metricDataWithOwnArrays({ baseline, canary: [3.5] }) as { baseline: number[] };
 * copy.baseline !== baseline && copy.baseline[1] === 2.5 // => true
 */
export function metricDataWithOwnArrays(metric: unknown): unknown {
  if (!isRecord(metric)) return metric;
  const copy: Record<string, unknown> = { ...metric };
  for (const side of ['baseline', 'canary'] as const) {
    if (Object.prototype.hasOwnProperty.call(copy, side)) copy[side] = seriesCopy(copy[side]);
  }
  return copy;
}
