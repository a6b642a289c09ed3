/**
 * Shape checks that need no judgement: a `percentile` metric given far fewer values than its test
 * needs is almost always a per-step quantile series (Prometheus `histogram_quantile`, a CloudWatch
 * `p99` statistic), which the percentile test cannot use. `canary-judge validate` reports it with the
 * same words and fix as the judgement's nodata reason, before anything is judged.
 */
import type { CanaryConfig } from '../config/config-schema.js';
import type { CanaryData } from '../config/data-schema.js';
import { neededPerSide, timestampsOf } from './clean.js';
import { perStepShapeHint } from './data-shape.js';

function seriesLength(series: unknown): number | null {
  if (Array.isArray(series)) return series.length;
  if (typeof series === 'object' && series !== null && Array.isArray((series as { values?: unknown }).values)) {
    return (series as { values: unknown[] }).values.length;
  }
  return null;
}

/**
 * One warning per percentile metric whose data looks like a per-step series: a side with some
 * values but fewer than the test needs, at a regular step (or without timestamps).
 *
 * @example
 * const config = parseConfig({ metrics: [{ name: 'p99', test: 'percentile', percentile: 99 }] });
 * const minutes = Array.from({ length: 30 }, (_, i) => i * 60);
 * shapeWarnings(config, { metrics: { p99: { baseline: { values: Array(30).fill(0.2), timestamps: minutes }, canary: { values: Array(30).fill(0.8), timestamps: minutes } } } })[0] // => 'metric "p99" (percentile test, needs 500 values per side; the baseline has 30): 30 values, one per minute: a series of per-step p99s? The percentile test needs per-request values; a per-step series is compared with test "mann-whitney"'
 */
export function shapeWarnings(config: CanaryConfig, data: CanaryData): string[] {
  const warnings: string[] = [];
  for (const metric of config.metrics) {
    if (metric.test !== 'percentile' || !Object.prototype.hasOwnProperty.call(data.metrics, metric.name)) continue;
    const sides = data.metrics[metric.name] as { baseline: unknown; canary: unknown } | undefined;
    if (sides === undefined) continue;
    const needed = neededPerSide(metric);
    for (const sideName of ['baseline', 'canary'] as const) {
      const series = sides[sideName];
      const count = seriesLength(series);
      if (count === null || count === 0 || count - metric.warmupPoints >= needed) continue;
      const timestamps = timestampsOf(series as never);
      const hint = perStepShapeHint(count, timestamps, metric.percentile);
      if (hint === null) continue;
      warnings.push(`metric "${metric.name}" (percentile test, needs ${needed} values per side; the ${sideName} has ${count}): ${hint}`);
      break;
    }
  }
  return warnings;
}
