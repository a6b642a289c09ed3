/**
 * The judge's configuration schema: the single source of truth for config keys, their defaults and
 * their validation. Every object is strict, so a misspelled key is reported instead of ignored.
 */
import * as z from 'zod';
import { describeValue } from '../shared/message-text.js';
import { sequentialSchema } from './sequential-schema.js';
import {
  METRIC_TESTS,
  DIRECTIONS,
  NAN_POLICIES,
  MULTIPLE_COMPARISON_METHODS,
  AUTOCORRELATION_POLICIES,
  PAIRING_POLICIES,
  VERDICT_RULES,
  DEFAULT_MIN_SAMPLES,
  DEFAULT_MIN_TOTAL_FOR_RATE,
  DEFAULT_MARGIN,
} from './config-constants.js';

export * from './config-constants.js';

const finiteNonNegative = z.number().min(0);

/** A tolerated change: relative (0.1 = 10%), absolute (in the metric's unit), or both. */
export const marginSchema = z
  .strictObject({
    relative: finiteNonNegative
      .optional()
      .describe('Tolerated relative change in the harmful direction (0.1 = 10%; for test "trend": per hour, relative to the baseline level).'),
    absolute: finiteNonNegative
      .optional()
      .describe("Tolerated absolute change in the harmful direction, in the metric's unit (for rates: a rate difference; for test \"trend\": units per hour)."),
  })
  .superRefine((margin, context) => {
    if (margin.relative === undefined && margin.absolute === undefined) {
      context.addIssue({
        code: 'custom',
        message: 'margin needs `relative`, `absolute` or both, received an empty object',
      });
    }
  })
  .describe('The change the service tolerates. With both, a change counts as harm only when it exceeds both.');

/** Outlier handling: keep everything, or drop values beyond `factor` interquartile ranges. */
export const outliersSchema = z
  .discriminatedUnion('strategy', [
    z.strictObject({ strategy: z.literal('keep') }),
    z.strictObject({
      strategy: z.literal('iqr'),
      factor: z.number().positive().default(1.5).describe('Values outside [Q1 − factor·IQR, Q3 + factor·IQR] are dropped.'),
    }),
  ])
  .describe('Outlier removal, applied to each side separately after missing values are handled.');

/**
 * Where a metric source finds the metric (used by `collect` and the CLI's `fetch`/`run`, ignored by
 * `judge`): a PromQL template, for rate metrics two (events and total, counts per step), or for
 * `percentile` and `mann-whitney` metrics `{ histogram }`: a selector of a classic histogram's
 * `_bucket` series, collected as `sum by (le) (increase(<selector>[<window>]))` per side.
 * Placeholders: `${scope}`, `${location}` and user variables.
 */
export const metricQuerySchema = z
  .union([
    z.string().min(1),
    z.strictObject({
      events: z.string().min(1).describe('Query of the events counted per step (e.g. 5xx responses).'),
      total: z.string().min(1).describe('Query of the totals per step (e.g. all responses).'),
    }),
    z.strictObject({
      histogram: z
        .string()
        .min(1)
        .describe(
          'PromQL selector of the _bucket series of a classic histogram (e.g. http_request_duration_seconds_bucket{version="${scope}"}); collected as sum by (le) (increase(<selector>[<window>])) for each side.',
        ),
    }),
  ])
  .describe(
    'Metric-source query template: a string, { events, total } for rate metrics, or { histogram } (a _bucket selector) for percentile and mann-whitney metrics. Placeholders: ${scope}, ${location}, user variables.',
  );

/**
 * A key only one metric source reads (`cloudwatch`): any object here. Its shape is the source's to
 * check (`cloudWatchConfigIssues` of `canary-judge/cloudwatch`, which the CLI calls too), so the
 * core bundle carries no adapter's schema.
 */
const sourceOwnedKeySchema = z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
  error: (issue) => `Invalid input: expected object, received ${describeValue(issue.input)}`,
});

/** One metric to judge. */
export const metricConfigSchema = z
  .strictObject({
    name: z.string().min(1).describe('Name of the metric; must match a key of the data.'),
    test: z
      .enum(METRIC_TESTS)
      .describe(
        'Statistical test: mann-whitney, percentile, mean-ratio, rate, or trend (slope per hour; needs timestamps; margins are per hour).',
      ),
    percentile: z
      .number()
      .gt(0)
      .lt(100)
      .optional()
      .describe('For test "percentile" only (and required there): the percentile to compare, e.g. 99.'),
    direction: z.enum(DIRECTIONS).default('increase').describe('Which change is harmful.'),
    margin: marginSchema.default({ ...DEFAULT_MARGIN }),
    weight: z.number().positive().max(1_000_000).default(1).describe('Weight of the metric in the score (above 0, at most 1,000,000).'),
    group: z.string().min(1).optional().describe('Group used for reporting.'),
    critical: z
      .boolean()
      .default(false)
      .describe('A failing, erroring or unmeasured critical metric fails the canary under either verdict rule; critical implies required unless required is false.'),
    required: z
      .boolean()
      .optional()
      .describe(
        'No series (or an empty one) fails the canary instead of being left out; too few values for the test makes it marginal. Default: the value of critical.',
      ),
    muted: z.boolean().default(false).describe('Judged and reported but not scored (a dry run).'),
    minSamples: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        `Fewest usable values per side (default ${DEFAULT_MIN_SAMPLES}); for rate metrics, the fewest summed totals per side (default ${DEFAULT_MIN_TOTAL_FOR_RATE}).`,
      ),
    warmupPoints: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Number of leading points dropped from each side before anything else (warm-up).'),
    nan: z.enum(NAN_POLICIES).default('remove').describe('Missing values: remove them, count them as 0, or make the metric an error.'),
    outliers: outliersSchema.default({ strategy: 'keep' }),
    pairing: z
      .enum(PAIRING_POLICIES)
      .optional()
      .describe('Time-aligned pairing for this metric: "auto", "time" or "none" (default: the top-level pairing).'),
    query: metricQuerySchema.optional(),
    cloudwatch: sourceOwnedKeySchema
      .optional()
      .meta({
        type: 'object',
        description:
          'CloudWatch query of the metric (used by canary-judge/cloudwatch and the CLI, which check its shape; ignored by judge): one query, or { events, total } for rate metrics. See docs/cloudwatch.md.',
      }),
  })
  .superRefine((metric, context) => {
    if (metric.query !== undefined && typeof metric.test === 'string') {
      const isHistogram = typeof metric.query === 'object' && 'histogram' in metric.query;
      const isPair = typeof metric.query === 'object' && !isHistogram;
      if (isHistogram && metric.test !== 'percentile' && metric.test !== 'mann-whitney') {
        context.addIssue({
          code: 'custom',
          path: ['query', 'histogram'],
          message: `a histogram query is for percentile and mann-whitney metrics, received it with test "${metric.test}"`,
        });
      }
      if (metric.test === 'rate' && !isPair && !isHistogram) {
        context.addIssue({
          code: 'custom',
          path: ['query'],
          message: 'a rate metric takes two queries: expected { "events": "…", "total": "…" }, received one string',
        });
      }
      if (metric.test !== 'rate' && isPair) {
        context.addIssue({
          code: 'custom',
          path: ['query'],
          message: `test "${metric.test}" takes one query string; { events, total } is for rate metrics`,
        });
      }
    }
    if (metric.test === 'percentile' && metric.percentile === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['percentile'],
        message: 'percentile is required when test is "percentile": expected a number between 0 and 100 (exclusive), e.g. 99',
      });
    }
    if (typeof metric.test === 'string' && metric.test !== 'percentile' && metric.percentile !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['percentile'],
        message: `percentile only applies to test "percentile", received it with test "${metric.test}"`,
      });
    }
    if (metric.test === 'percentile' && metric.pairing === 'time') {
      context.addIssue({
        code: 'custom',
        path: ['pairing'],
        message: 'the percentile test has no paired form (it compares the two distributions): expected "auto" or "none", received "time"',
      });
    }
    if (metric.test === 'rate' && metric.outliers !== undefined && metric.outliers.strategy === 'iqr') {
      context.addIssue({
        code: 'custom',
        path: ['outliers', 'strategy'],
        message: 'outlier removal does not apply to rate metrics (counts are summed): expected "keep", received "iqr"',
      });
    }
  });

/** Score thresholds: pass at or above `pass`, marginal at or above `marginal`, else fail. */
export const thresholdsSchema = z
  .strictObject({
    pass: z.number().min(0).max(100).default(95).describe('Lowest score that passes (0–100).'),
    marginal: z.number().min(0).max(100).default(75).describe('Lowest score that is marginal (0–100).'),
  })
  .superRefine((thresholds, context) => {
    if (typeof thresholds.pass === 'number' && typeof thresholds.marginal === 'number' && thresholds.pass <= 1 && thresholds.marginal <= 1) {
      const scaled = (value: number) => String(Number((value * 100).toPrecision(6)));
      context.addIssue({
        code: 'custom',
        path: [],
        message: `scores are 0–100: did you mean ${scaled(thresholds.pass)} and ${scaled(thresholds.marginal)}? (received pass ${thresholds.pass} and marginal ${thresholds.marginal})`,
      });
      return;
    }
    if (
      typeof thresholds.pass === 'number' &&
      typeof thresholds.marginal === 'number' &&
      thresholds.marginal > thresholds.pass
    ) {
      context.addIssue({
        code: 'custom',
        path: ['marginal'],
        message: `marginal must be at most pass (0 ≤ marginal ≤ pass ≤ 100), received marginal ${thresholds.marginal} > pass ${thresholds.pass}`,
      });
    }
  });

/** The whole judge configuration. */
export const canaryConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Ignored; lets editors find the JSON Schema.'),
    thresholds: thresholdsSchema.default({ pass: 95, marginal: 75 }),
    confidenceLevel: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.95)
      .describe('Confidence level of each interval before the multiple-comparison adjustment.'),
    multipleComparisons: z
      .enum(MULTIPLE_COMPARISON_METHODS)
      .default('holm')
      .describe('p-value adjustment across scored metrics; anything but "none" also widens intervals (Bonferroni).'),
    inconclusiveCredit: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('Credit of an inconclusive metric in the score (pass 1, fail 0).'),
    verdictRule: z
      .enum(VERDICT_RULES)
      .default('evidence')
      .describe(
        'Below the marginal threshold: "evidence" fails the canary only when some metric shows harm (fail, error, required without data), otherwise (only inconclusive metrics hold the score down) it is marginal; "score" fails on the score alone.',
      ),
    seed: z
      .union([z.number().int().min(0), z.string()])
      .default(0)
      .describe('Seed of the bootstrap; each metric derives its own seed from it and its name.'),
    resamples: z.number().int().min(100).max(1_000_000).default(2000).describe('Bootstrap resamples for percentile metrics.'),
    autocorrelation: z
      .enum(AUTOCORRELATION_POLICIES)
      .default('adjust')
      .describe('Serial dependence of the points (in time order): "adjust" widens intervals by the estimated autocorrelation; "ignore" treats points as independent.'),
    sequential: sequentialSchema.optional(),
    pairing: z
      .enum(PAIRING_POLICIES)
      .default('auto')
      .describe(
        'Time-aligned comparison: "auto" judges a metric on per-step pairs when at least 90% of both sides\' points share a timestamp, "time" always pairs on shared timestamps, "none" never pairs. A metric may override it.',
      ),
    metrics: z
      .array(metricConfigSchema)
      .describe('The metrics to judge (required; an empty list judges nothing and the verdict is fail, with that reason).'),
  })
  .superRefine((config, context) => {
    for (const issue of findDuplicateMetricNames(config)) context.addIssue({ code: 'custom', ...issue });
  })
  .transform((config) => ({
    ...config,
    metrics: config.metrics.map((metric) => ({
      ...metric,
      required: metric.required ?? metric.critical,
      minSamples: metric.minSamples ?? (metric.test === 'rate' ? DEFAULT_MIN_TOTAL_FOR_RATE : DEFAULT_MIN_SAMPLES),
    })),
  }));

/**
 * Finds repeated metric names in a (possibly invalid) configuration.
 *
 * @example
 * findDuplicateMetricNames({ metrics: [{ name: 'a' }, { name: 'a' }] })[0].path // => ['metrics', 1, 'name']
 */
export function findDuplicateMetricNames(config: unknown): { path: (string | number)[]; message: string }[] {
  const metrics = (config as { metrics?: unknown } | null | undefined)?.metrics;
  if (!Array.isArray(metrics)) return [];
  const issues: { path: (string | number)[]; message: string }[] = [];
  const firstIndexByName = new Map<string, number>();
  metrics.forEach((metric: unknown, index) => {
    const name = (metric as { name?: unknown } | null | undefined)?.name;
    if (typeof name !== 'string') return;
    const first = firstIndexByName.get(name);
    if (first === undefined) {
      firstIndexByName.set(name, index);
    } else {
      issues.push({
        path: ['metrics', index, 'name'],
        message: `metric names must be unique, received "${name}" again (first at metrics[${first}])`,
      });
    }
  });
  return issues;
}

/** What users write (defaults optional). */
export type CanaryConfigInput = z.input<typeof canaryConfigSchema>;
/** The resolved configuration (every default filled in; `required` defaults to `critical`). */
export type CanaryConfig = z.output<typeof canaryConfigSchema>;
/** One metric as users write it. */
export type MetricConfigInput = z.input<typeof metricConfigSchema>;
/** One resolved metric (with `minSamples` filled in from the test's default). */
export type MetricConfig = CanaryConfig['metrics'][number];
/** A resolved margin. */
export type Margin = z.output<typeof marginSchema>;
/** Thresholds as users write them. */
export type ThresholdsInput = z.input<typeof thresholdsSchema>;
/** Resolved thresholds. */
export type Thresholds = z.output<typeof thresholdsSchema>;
export type MetricTest = (typeof METRIC_TESTS)[number];
export type Direction = (typeof DIRECTIONS)[number];
export type NanPolicy = (typeof NAN_POLICIES)[number];
export type MultipleComparisonMethod = (typeof MULTIPLE_COMPARISON_METHODS)[number];
export type AutocorrelationPolicy = (typeof AUTOCORRELATION_POLICIES)[number];
export type PairingPolicy = (typeof PAIRING_POLICIES)[number];
export type VerdictRule = (typeof VERDICT_RULES)[number];
