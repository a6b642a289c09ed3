/**
 * Errors thrown when a configuration or a data document does not match its schema, and the
 * `{ path, message }` problems they list (zod's issues are translated into them by zod-issues.ts,
 * so this file loads no zod: the CLI's start-up reads it on every run).
 */
import { CanaryJudgeError } from '../shared/errors.js';

/** One problem found in a document: where (a JSON path such as `metrics[2].weight`) and what. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * A judge configuration is invalid. `issues` lists every problem at once, each with its JSON path.
 *
 * @example
 * try { parseConfig({ metrics: [{ name: 'x', test: 'rate', wieght: 2 }] }) }
 * catch (e) { (e as ConfigValidationError).issues[0].path } // => 'metrics[0].wieght'
 */
export class ConfigValidationError extends CanaryJudgeError {
  override name = 'ConfigValidationError';
  /** The first problems (at most `MAX_LISTED_ISSUES`). */
  readonly issues: readonly ValidationIssue[];
  /** How many problems there are in all (more than `issues.length` when the list was cut). */
  readonly problemCount: number;

  /** What probably went wrong, when the input's shape says so ("Did you swap the config and the data? …"). */
  readonly hint: string | undefined;

  constructor(issues: readonly ValidationIssue[], what = 'config', problemCount = issues.length, hint?: string) {
    const limited = limitIssues(issues, problemCount);
    super('INVALID_CONFIG', formatIssues(`Invalid canary-judge ${what}`, limited.issues, limited.problemCount, hint));
    this.issues = limited.issues;
    this.problemCount = limited.problemCount;
    this.hint = hint;
  }
}

/**
 * A data document (baseline and canary series) is invalid. Thrown only by `parseData`; `judge`
 * itself turns bad data into per-metric `error` outcomes instead.
 *
 * @example
 * try { parseData({ metrics: { cpu: { baseline: [1, 'x'], canary: [] } } }) }
 * catch (e) { (e as DataValidationError).issues[0].path } // => 'metrics.cpu.baseline[1]'
 */
export class DataValidationError extends CanaryJudgeError {
  override name = 'DataValidationError';
  /** The first problems (at most `MAX_LISTED_ISSUES`). */
  readonly issues: readonly ValidationIssue[];
  /** How many problems there are in all (more than `issues.length` when the list was cut). */
  readonly problemCount: number;

  /** What probably went wrong, when the input's shape says so ("Did you swap the config and the data? …"). */
  readonly hint: string | undefined;

  constructor(issues: readonly ValidationIssue[], problemCount = issues.length, hint?: string) {
    const limited = limitIssues(issues, problemCount);
    super('INVALID_DATA', formatIssues('Invalid canary-judge data', limited.issues, limited.problemCount, hint));
    this.issues = limited.issues;
    this.problemCount = limited.problemCount;
    this.hint = hint;
  }
}

function formatIssues(title: string, issues: readonly ValidationIssue[], problemCount: number, hint?: string): string {
  const count = problemCount === 1 ? '1 problem' : `${problemCount} problems`;
  const lines = [`${title}: ${count}`];
  for (const issue of issues) lines.push(`  ✖ ${issue.message} → at ${issue.path}`);
  if (problemCount > issues.length) lines.push(`  … and ${problemCount - issues.length} more (only the first ${issues.length} are listed)`);
  if (hint !== undefined) lines.push(`  hint: ${hint}`);
  return lines.join('\n');
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Writes a path as JavaScript would access it: `metrics[2].margin.relative`,
 * `metrics["p99 latency"].baseline[3]`. The empty path is `(root)`.
 *
 * @example
 * formatPath(['metrics', 2, 'weight']) // => 'metrics[2].weight'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text === '' ? '(root)' : text;
}

/** At most this many problems are listed; the rest are counted (`problemCount`). */
export const MAX_LISTED_ISSUES = 100;

/**
 * The problems to list and how many there are in all: the first `MAX_LISTED_ISSUES`, plus the count.
 *
 * @example
 * limitIssues(Array.from({ length: 150 }, (_, i) => ({ path: `[${i}]`, message: 'bad' }))).problemCount // => 150
 */
export function limitIssues(issues: readonly ValidationIssue[], problemCount = issues.length): { issues: readonly ValidationIssue[]; problemCount: number } {
  return { issues: issues.length > MAX_LISTED_ISSUES ? issues.slice(0, MAX_LISTED_ISSUES) : issues, problemCount: Math.max(problemCount, issues.length) };
}
