/**
 * A linear scan of a data document's value arrays before the schema sees them: invalid measurements
 * are reported here (the first ones in full, the rest counted), and series longer than the limit are
 * refused without being walked. The schema then checks the rest of the document with those series
 * emptied (so their lengths and timestamps are not compared), so a million bad values cost one loop, not a million nested schema issues.
 */
import { MAX_SERIES_LENGTH } from './data-rules.js';
import { measurementSchema } from './data-schema.js';
import { formatPath, MAX_LISTED_ISSUES, type ValidationIssue } from './validation-error.js';
import { toValidationIssues } from './zod-issues.js';

/** What the scan found: issues to list, the number of problems, and the input to hand the schema. */
export interface MeasurementScan {
  readonly issues: ValidationIssue[];
  readonly problemCount: number;
  readonly input: unknown;
}

const MEASUREMENT_KEYS = ['values', 'events', 'total'] as const;

/**
 * Scans `input.metrics.*.{baseline,canary}` (arrays, or `{ values | events | total }` objects).
 *
 * @example
 * scanMeasurements({ metrics: { cpu: { baseline: [1, 'x'], canary: [2] } } }).problemCount // => 1
 */
export function scanMeasurements(input: unknown): MeasurementScan {
  const issues: ValidationIssue[] = [];
  let problemCount = 0;
  if (!isRecord(input) || !isRecord(input['metrics'])) return { issues, problemCount, input };
  const metrics: Record<string, unknown> = { ...input['metrics'] };
  let changed = false;

  const scanArray = (values: readonly unknown[], path: readonly PropertyKey[]): readonly unknown[] => {
    if (values.length > MAX_SERIES_LENGTH) {
      problemCount++;
      if (issues.length < MAX_LISTED_ISSUES) {
        issues.push({ path: formatPath(path), message: `Too many values: ${values.length} (at most ${MAX_SERIES_LENGTH} per series)` });
      }
      return [];
    }
    let bad = 0;
    for (let index = 0; index < values.length; index++) {
      const value = values[index];
      if (isMeasurement(value)) continue;
      bad++;
      problemCount++;
      if (issues.length < MAX_LISTED_ISSUES) {
        const parsed = measurementSchema.safeParse(value, { reportInput: true });
        const found = parsed.success ? [] : toValidationIssues(parsed.error.issues, [...path, index]);
        for (const issue of found) if (issues.length < MAX_LISTED_ISSUES) issues.push(issue);
      }
    }
    return bad === 0 ? values : [];
  };

  for (const name of Object.keys(metrics)) {
    const metric = metrics[name];
    if (!isRecord(metric)) continue;
    const copy: Record<string, unknown> = { ...metric };
    for (const side of ['baseline', 'canary'] as const) {
      const series = copy[side];
      if (Array.isArray(series)) {
        const scanned = scanArray(series, ['metrics', name, side]);
        if (scanned !== series) copy[side] = scanned;
      } else if (isRecord(series)) {
        const seriesCopy: Record<string, unknown> = { ...series };
        let blanked = false;
        for (const key of MEASUREMENT_KEYS) {
          const values = seriesCopy[key];
          if (!Array.isArray(values)) continue;
          const scanned = scanArray(values, ['metrics', name, side, key]);
          if (scanned !== values) {
            seriesCopy[key] = scanned;
            blanked = true;
          }
        }
        // Lengths cannot be compared against a blanked array: only the bad values are reported.
        if (blanked) {
          for (const key of [...MEASUREMENT_KEYS, 'timestamps']) if (Array.isArray(seriesCopy[key])) seriesCopy[key] = [];
        }
        const timestamps = seriesCopy['timestamps'];
        if (Array.isArray(timestamps) && timestamps.length > MAX_SERIES_LENGTH) {
          problemCount++;
          if (issues.length < MAX_LISTED_ISSUES) {
            issues.push({ path: formatPath(['metrics', name, side, 'timestamps']), message: `Too many values: ${timestamps.length} (at most ${MAX_SERIES_LENGTH} per series)` });
          }
          delete seriesCopy['timestamps'];
        }
        copy[side] = seriesCopy;
      }
    }
    metrics[name] = copy;
    changed = true;
  }
  return { issues, problemCount, input: changed ? { ...input, metrics } : input };
}

function isMeasurement(value: unknown): boolean {
  return value === null || value === 'NaN' || (typeof value === 'number' && (Number.isFinite(value) || Number.isNaN(value)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
