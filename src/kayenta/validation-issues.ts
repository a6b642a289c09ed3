/**
 * Turns zod issues into `{ path, message }` pairs with readable JSON paths
 * (`canaryConfig.metrics[0].analysisConfigurations.canary.critical`).
 */
import type * as z from 'zod';
import type { ValidationIssue } from '../judge/index.js';
import { formatPath } from '../config/validation-error.js';

/**
 * One issue per problem, each with its path; a missing required value reads "Required: …".
 *
 * @example
 * toKayentaIssues([{ code: 'invalid_type', expected: 'number', input: undefined, path: ['scoreThresholds', 'pass'], message: 'expected a finite number, received nothing' }])[0] // => { path: 'scoreThresholds.pass', message: 'Required: expected a finite number, received nothing' }
 */
export function toKayentaIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  const result: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const path = formatPath(issue.path);
    const isMissing = issue.code === 'invalid_type' && issue.input === undefined;
    const message = isMissing && !issue.message.startsWith('Required') ? `Required: ${issue.message}` : issue.message;
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ path, message });
  }
  return result;
}
