/**
 * Parsing entry points for configurations and data: `parseX` throws a typed error listing every
 * problem, `safeParseX` returns the problems instead.
 */
import { canaryConfigSchema, findDuplicateMetricNames, type CanaryConfig } from './config-schema.js';
import { canaryDataSchema, type CanaryData } from './data-schema.js';
import {
  ConfigValidationError,
  DataValidationError,
  toValidationIssues,
  type ValidationIssue,
} from './validation-error.js';

/** The result of a safe parse: the resolved value, or every problem found. */
export type SafeParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/**
 * Validates a configuration and fills in every default, without throwing.
 *
 * @example
 * safeParseConfig({ metrics: [] }).ok // => true
 */
export function safeParseConfig(input: unknown): SafeParseResult<CanaryConfig> {
  const parsed = canaryConfigSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  // Refinements on the whole config are skipped by zod once a metric has a type error, so repeated
  // names are looked for here as well (duplicates of an already reported issue are dropped).
  const duplicates = findDuplicateMetricNames(input).map((issue) => ({ ...issue, code: 'custom' as const, input: undefined }));
  return { ok: false, issues: toValidationIssues([...parsed.error.issues, ...duplicates]) };
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
  if (!parsed.ok) throw new ConfigValidationError(parsed.issues);
  return parsed.value;
}

/**
 * Validates a data document without throwing.
 *
 * @example
 * safeParseData({ metrics: { cpu: { baseline: [1, null], canary: [2, 'NaN'] } } }).ok // => true
 */
export function safeParseData(input: unknown): SafeParseResult<CanaryData> {
  const parsed = canaryDataSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: toValidationIssues(parsed.error.issues) };
}

/**
 * Validates a data document; throws `DataValidationError` listing every problem with its JSON path.
 *
 * @example
 * Object.keys(parseData({ metrics: { cpu: { baseline: [1], canary: [2] } } }).metrics) // => ['cpu']
 */
export function parseData(input: unknown): CanaryData {
  const parsed = safeParseData(input);
  if (!parsed.ok) throw new DataValidationError(parsed.issues);
  return parsed.value;
}
