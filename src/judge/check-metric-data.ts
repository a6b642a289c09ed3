/**
 * How `judge` validates one metric's series in data nobody validated before: a scan for bad values,
 * then the schema (the skeleton only, when the scan found nothing; see parse-scanned-metric.ts). A
 * problem becomes the metric's `error` outcome, never an exception.
 */
import { metricDataSchema } from '../config/data-schema.js';
import { scanMeasurements } from '../config/measurement-scan.js';
import { toValidationIssues } from '../config/zod-issues.js';
import type { MetricData } from './locate-data.js';
import { metricDataWithOwnArrays } from './own-arrays.js';
import { parseScannedMetricData } from './parse-scanned-metric.js';

/**
 * The metric's series, validated, or why they cannot be judged (the first three problems, and how
 * many more).
 *
 * @example
 * checkMetricData('cpu', { baseline: [1, 2], canary: [3] }) // => { baseline: [1, 2], canary: [3] }
 * 'error' in checkMetricData('cpu', { baseline: [1, 'x'], canary: [2] }) // => true
 */
export function checkMetricData(name: string, raw: unknown): MetricData | { error: string } {
  // Validation reads copies (see own-arrays.ts), dropped right after; valid data keeps the caller's
  // arrays, which the next stages copy again before they read them.
  const own = metricDataWithOwnArrays(raw);
  // Bad values are found in one loop first (a million of them must not become a million schema issues).
  const scan = scanMeasurements({ metrics: { [name]: own } });
  const scanned = (scan.input as { metrics: Record<string, unknown> }).metrics[name];
  const parsed = scan.problemCount === 0 ? parseScannedMetricData(scanned, raw) : metricDataSchema.safeParse(scanned, { reportInput: true });
  if (parsed.success && scan.problemCount === 0) return parsed.data;
  const schemaIssues = parsed.success ? [] : toValidationIssues(parsed.error.issues, ['metrics', name]);
  const issues = scan.issues.concat(schemaIssues);
  const total = scan.problemCount + schemaIssues.length;
  const shown = issues.slice(0, 3).map((issue) => `${issue.message} at ${issue.path}`);
  const more = total > 3 ? `; and ${total - 3} more` : '';
  return { error: `invalid data: ${shown.join('; ')}${more}` };
}
