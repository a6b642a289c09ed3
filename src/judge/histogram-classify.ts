/**
 * The three-way rule for histogram metrics (docs/histograms.md), built on `classifyEffect`:
 *
 * - **pass** only when the assumption-free bucket interval lies inside the margin: a pass never
 *   rests on where requests are assumed to lie inside a bucket;
 * - **fail** when the modelled interval (in-bucket interpolation) lies beyond the margin and the
 *   buckets alone show the change goes the harmful way (percentile: the canary's quantile is in a
 *   region of buckets wholly above the baseline's; Mann-Whitney: the ordinal test of the requests);
 * - otherwise **inconclusive**, saying when the buckets, not the number of requests, limit what can
 *   be told apart (then no sample size is promised).
 */
import { classifyEffect, type Classification, type Harm } from './classify.js';
import type { Direction, Margin } from '../config/config-schema.js';
import { formatChange } from './explain.js';
import { formatBucket, type HistogramEffect } from './histogram-effect.js';

/** The classification of a histogram metric, and whether the buckets limit what can be told apart. */
export interface HistogramClassification extends Classification {
  /** True when more requests with the same buckets could not decide (finer buckets could). */
  readonly limitedByBuckets: boolean;
  /** True when both sides' estimates lie in the same bucket. */
  readonly sameBucket: boolean;
}

function quantileLabel(measured: HistogramEffect): string {
  return measured.p === 0.5 ? 'medians' : `p${Number((measured.p * 100).toPrecision(6))}s`;
}

function describeChange(measured: HistogramEffect, kind: 'relative' | 'absolute'): string {
  const change = kind === 'relative' ? measured.buckets.relative : measured.buckets.absolute;
  if (change === null) return '';
  const [low, high] = change.interval;
  return `${formatChange(low, kind)} to ${formatChange(high, kind)}`;
}

/**
 * Classifies a histogram metric against its margin (see the module comment).
 *
 * @example
 * const metric = parseConfig({ metrics: [{ name: 'latency', test: 'percentile', percentile: 99 }] }).metrics[0];
 * const h = (cumulative) => ({ upperBounds: [0.25, 0.5, 1, Infinity], cumulative });
 * const measured = measureHistogramEffect(metric, h([175000, 198900, 199990, 200000]), h([16500, 19700, 19998, 20000]), 0.95);
 * classifyHistogramEffect(measured, { relative: 0.1 }, 'increase', 0.95).outcome // => 'fail'
 */
export function classifyHistogramEffect(
  measured: HistogramEffect,
  margin: Margin,
  direction: Direction,
  confidenceLevel: number,
): HistogramClassification {
  const sameBucket = measured.baseline.bucket.index === measured.canary.bucket.index;
  const label = quantileLabel(measured);
  const where = sameBucket
    ? `both ${label} lie in the bucket ${formatBucket(measured.baseline.bucket)}`
    : `baseline ${label.replace(/s$/, '')} in ${formatBucket(measured.baseline.bucket)}, canary in ${formatBucket(measured.canary.bucket)}`;
  const onBuckets = classifyEffect(measured.buckets, margin, direction, confidenceLevel);
  if (onBuckets.outcome === 'pass') {
    return { ...onBuckets, limitedByBuckets: false, sameBucket };
  }
  const onModel = classifyEffect(measured.modelled, margin, direction, confidenceLevel);
  const kind: 'relative' | 'absolute' = onModel.judgedOn === 'absolute' ? 'absolute' : 'relative';
  if (onModel.outcome === 'fail' && measured.shown[onModel.harm as Harm]) {
    const note = `beyond the margin under in-bucket interpolation; the buckets alone show the canary higher${onModel.harm === 'low' ? ' (lower)' : ''} than the baseline (${where})`;
    return { ...onModel, note: onModel.note === null ? note : `${onModel.note}; ${note}`, limitedByBuckets: false, sameBucket };
  }

  // Could more requests with these buckets decide? Only if, without sampling error, the buckets
  // holding the two estimates allow a pass, or show the direction of a modelled harm.
  let limitedByBuckets = sameBucket;
  if (measured.limit !== null) {
    const passReachable = classifyEffect(measured.limit, margin, direction, confidenceLevel).outcome === 'pass';
    const { baseline, canary } = measured;
    const harmReachable =
      (direction !== 'decrease' && canary.bucket.lower >= baseline.bucket.upper) ||
      (direction !== 'increase' && canary.bucket.upper <= baseline.bucket.lower);
    limitedByBuckets = !passReachable && !harmReachable;
  }
  const parts: string[] = [];
  if (onModel.outcome === 'fail') {
    parts.push(`beyond the margin only under in-bucket interpolation (${formatChange(onModel.judgedOn === 'absolute' ? measured.modelled.absolute.estimate : (measured.modelled.relative?.estimate ?? 0), kind)}); the buckets alone do not show the change (${where})`);
  } else if (onModel.outcome === 'pass') {
    parts.push(`within the margin only under in-bucket interpolation; the buckets alone allow ${describeChange(measured, kind)} (${where})`);
  } else {
    parts.push(where);
  }
  if (limitedByBuckets) {
    parts.push('the buckets limit what can be told apart: more requests will not decide, finer bucket bounds around these values would');
  }
  const note = [onModel.note, ...parts].filter((part): part is string => part !== null).join('; ');
  // When the buckets limit, no number of requests would decide: no sample size is promised.
  const decisionSize = limitedByBuckets ? null : onModel.decisionSize;
  return { outcome: 'inconclusive', harm: null, judgedOn: onModel.judgedOn, note, decisionSize, leansToHarm: onModel.leansToHarm, limitedByBuckets, sameBucket };
}
