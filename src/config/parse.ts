/**
 * Parsing entry points for configurations and data: `parseX` throws a typed error listing every
 * problem, `safeParseX` returns the problems instead.
 */
import { canaryConfigSchema, findDuplicateMetricNames, type CanaryConfig } from './config-schema.js';
import { parseValidConfigFast } from './config-fast-path.js';
import { parseValidDataFast } from './data-fast-path.js';
import { canaryDataSchema, type CanaryData } from './data-schema.js';
import { scanMeasurements } from './measurement-scan.js';
import { configSwapHint, dataSwapHint } from './swap-hint.js';
import {
  ConfigValidationError,
  DataValidationError,
  limitIssues,
  type ValidationIssue,
} from './validation-error.js';
import { toValidationIssues } from './zod-issues.js';

/**
 * The result of a safe parse: the resolved value, or the problems found (the first
 * `MAX_LISTED_ISSUES` of them; `problemCount` counts them all), and `hint` when the input's shape
 * says what probably went wrong (a data document handed in as a configuration, or the reverse).
 */
export type SafeParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[]; readonly problemCount: number; readonly hint?: string };

/** A failed parse with the swap hint added when there is one. */
function withHint<R extends { ok: false }>(result: R, hint: string | undefined): R | (R & { hint: string }) {
  return hint === undefined ? result : { ...result, hint };
}

/** A failed parse from its issues (listed up to the limit, all counted). */
function failure(issues: readonly ValidationIssue[], problemCount = issues.length): { ok: false; issues: readonly ValidationIssue[]; problemCount: number } {
  return { ok: false, ...limitIssues(issues, problemCount) };
}

/** An input that cannot even be read (a throwing getter, a revoked Proxy) is a problem, not a crash. */
function unreadable(error: unknown): { ok: false; issues: readonly ValidationIssue[]; problemCount: number } {
  let detail = 'reading it threw';
  try {
    if (error instanceof Error) detail = `reading it threw ${error.name}: ${error.message}`;
  } catch {
    // an error whose own fields throw: keep the generic text
  }
  return failure([{ path: '(root)', message: `The input cannot be read as plain JSON data: ${detail}` }]);
}

/**
 * Validates a configuration and fills in every default, without throwing.
 *
 * @example
 * safeParseConfig({ metrics: [] }).ok // => true
 */
export function safeParseConfig(input: unknown): SafeParseResult<CanaryConfig> {
  try {
    // A valid plain configuration is accepted in one pass; zod runs when something is (or may be) wrong, and words the problems.
    const fast = parseValidConfigFast(input);
    if (fast !== undefined) return { ok: true, value: fast };
    const parsed = canaryConfigSchema.safeParse(input, { reportInput: true });
    if (parsed.success) return { ok: true, value: parsed.data };
    // Refinements on the whole config are skipped by zod once a metric has a type error, so repeated
    // names are looked for here as well (duplicates of an already reported issue are dropped).
    const duplicates = findDuplicateMetricNames(input).map((issue) => ({ ...issue, code: 'custom' as const, input: undefined }));
    const all = parsed.error.issues.concat(duplicates);
    return withHint(failure(toValidationIssues(all)), configSwapHint(input));
  } catch (error) {
    return unreadable(error);
  }
}

/**
 * Validates a configuration and fills in every default; throws `ConfigValidationError` listing
 * every problem with its JSON path.
 *
 * @example
 * parseConfig({ metrics: [{ name: 'cpu', test: 'mann-whitney' }] }).metrics[0].minSamples // => 10
 */
export function parseConfig(input: unknown): CanaryConfig {
  const parsed = safeParseConfig(input);
  if (!parsed.ok) throw new ConfigValidationError(parsed.issues, 'config', parsed.problemCount, parsed.hint);
  return parsed.value;
}

/**
 * Validates a data document without throwing.
 *
 * @example
 * safeParseData({ metrics: { cpu: { baseline: [1, null], canary: [2, 'NaN'] } } }).ok // => true
 */
export function safeParseData(input: unknown): SafeParseResult<CanaryData> {
  try {
    // A valid plain document is accepted in one loop; zod runs when something is (or may be) wrong, and words the problems.
    const fast = parseValidDataFast(input);
    if (fast !== undefined) return { ok: true, value: fast };
    const scan = scanMeasurements(input);
    const parsed = canaryDataSchema.safeParse(scan.input, { reportInput: true });
    if (parsed.success && scan.problemCount === 0) return { ok: true, value: parsed.data };
    const schemaIssues = parsed.success ? [] : toValidationIssues(parsed.error.issues);
    return withHint(failure(scan.issues.concat(schemaIssues), scan.problemCount + schemaIssues.length), dataSwapHint(input));
  } catch (error) {
    return unreadable(error);
  }
}

/**
 * Validates a data document; throws `DataValidationError` listing every problem with its JSON path.
 *
 * @example
 * Object.keys(parseData({ metrics: { cpu: { baseline: [1], canary: [2] } } }).metrics) // => ['cpu']
 */
export function parseData(input: unknown): CanaryData {
  const parsed = safeParseData(input);
  if (!parsed.ok) throw new DataValidationError(parsed.issues, parsed.problemCount, parsed.hint);
  return parsed.value;
}
