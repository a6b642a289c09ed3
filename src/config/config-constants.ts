/**
 * The configuration's enumerations and defaults, in a module without zod, so the config fast path
 * (config-fast-path.ts) can use them without loading the schema library. config-schema.ts re-exports
 * them.
 */

/** The statistical tests a metric can be judged with. */
export const METRIC_TESTS = ['mann-whitney', 'percentile', 'mean-ratio', 'rate', 'trend'] as const;
/** Which change of a metric is harmful. */
export const DIRECTIONS = ['increase', 'decrease', 'either'] as const;
/** What to do with missing values (`null`, `"NaN"`, NaN). */
export const NAN_POLICIES = ['remove', 'zero', 'fail'] as const;
/** How p-values are adjusted across metrics (intervals are widened with Bonferroni unless `none`). */
export const MULTIPLE_COMPARISON_METHODS = ['holm', 'hochberg', 'bh', 'bonferroni', 'none'] as const;
/** Whether intervals are widened for autocorrelated (time-series) points. */
export const AUTOCORRELATION_POLICIES = ['adjust', 'ignore'] as const;
/**
 * Whether a metric is judged on time-aligned pairs (statistics.md §2b): `auto` pairs when at least
 * 90% of both sides' points share a timestamp, `time` always pairs on the shared timestamps,
 * `none` judges the sides as independent samples.
 */
export const PAIRING_POLICIES = ['auto', 'time', 'none'] as const;
/**
 * How a score below the marginal threshold becomes a verdict (statistics.md §7).
 * - `evidence` (default): `fail` only when at least one metric shows harm (fails, errors, or is
 *   required and has no data); when only inconclusive metrics hold the score down, `marginal`
 *   ("not shown safe yet": extend the canary or look).
 * - `score`: `fail` whenever the score is below marginal, inconclusive metrics included.
 */
export const VERDICT_RULES = ['evidence', 'score'] as const;

/** Default smallest number of usable values per side for the value tests. */
export const DEFAULT_MIN_SAMPLES = 10;
/** Default smallest summed `total` (requests, attempts) per side for the rate test. */
export const DEFAULT_MIN_TOTAL_FOR_RATE = 100;
/** Default margin: a 10% change in the harmful direction is tolerated. */
export const DEFAULT_MARGIN = Object.freeze({ relative: 0.1 });
