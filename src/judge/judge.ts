/**
 * The judge: configuration + baseline/canary data → a scored pass / marginal / fail verdict that
 * explains itself. Pure and synchronous; the same input gives byte-identical JSON. This is the
 * checked entry: it validates the configuration, the options and each metric's data, then hands
 * them to the judgement (judge-resolved.ts).
 */
import { thresholdsSchema, type CanaryConfig, type CanaryConfigInput } from '../config/config-schema.js';
import { parseConfig } from '../config/parse.js';
import { ConfigValidationError } from '../config/validation-error.js';
import { toValidationIssues } from '../config/zod-issues.js';
import { checkMetricData } from './check-metric-data.js';
import { judgeResolved } from './judge-resolved.js';
import type { JudgeOptions, Judgement } from './judgement-types.js';

export type { JudgeOptions, JsonInterval, MetricResult, AutocorrelationReport, TrendLineReport, TrendReport, PairingReport, Judgement, WaitingOn } from './judgement-types.js';

/**
 * Judges a canary against its baseline: cleans each metric's data, runs its test, compares the
 * interval with the margin (pass / fail / inconclusive, or nodata / error with a reason), scores
 * the outcomes and explains the verdict. Throws `ConfigValidationError` for an invalid
 * configuration (or options); bad data never throws.
 *
 * @example
 * judge(
 *   { metrics: [{ name: 'latency', test: 'mann-whitney', margin: { relative: 0.1 } }] },
 *   { metrics: { latency: { baseline: [0.20, 0.21, ...], canary: [0.25, 0.26, ...] } } },
 * ).verdict // => 'fail'
 */
export function judge(config: CanaryConfigInput | CanaryConfig, data: unknown, options: JudgeOptions = {}): Judgement {
  const resolved = parseConfig(config);
  let thresholds = resolved.thresholds;
  if (options.thresholds !== undefined) {
    const parsed = thresholdsSchema.safeParse(options.thresholds, { reportInput: true });
    if (!parsed.success) throw new ConfigValidationError(toValidationIssues(parsed.error.issues, ['options', 'thresholds']), 'options');
    thresholds = parsed.data;
  }
  return judgeResolved(resolved, thresholds, data, checkMetricData);
}
