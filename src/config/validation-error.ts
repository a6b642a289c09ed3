/**
 * Errors thrown when a configuration or a data document does not match its schema, and the
 * translation of zod's issues into `{ path, message }` pairs with readable JSON paths.
 */
import type * as z from 'zod';
import { CanaryJudgeError } from '../shared/errors.js';
import { describeValue } from '../shared/message-text.js';
import { suggest } from '../shared/suggest.js';
import { knownKeys } from './known-keys.js';

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

type ZodIssue = z.core.$ZodIssue;

function unionExpectation(issues: readonly ZodIssue[]): string {
  const expected: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_type') expected.push(issue.expected === 'nan' ? 'NaN' : issue.expected);
    else if (issue.code === 'invalid_value') expected.push(...issue.values.map((value) => JSON.stringify(value)));
    else expected.push('a valid value');
  }
  return [...new Set(expected)].join(' | ');
}

/** How deep an issue reaches into the input: a union counts through its deepest branch. */
function issueDepth(issue: ZodIssue): number {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    let deepest = 0;
    for (const branch of issue.errors) deepest = Math.max(deepest, branchDepth(branch));
    return issue.path.length + deepest;
  }
  return issue.path.length;
}

function branchDepth(branch: readonly ZodIssue[]): number {
  if (branch.length === 0) return 0;
  let shallowest = Number.POSITIVE_INFINITY;
  for (const issue of branch) shallowest = Math.min(shallowest, issueDepth(issue));
  return shallowest;
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

/**
 * Turns zod issues into `{ path, message }` pairs: a union is reported through the branch that got
 * furthest, unknown keys one by one with a suggested spelling, and the received value is named.
 * Parse with `{ reportInput: true }` so the received values are known. `keys` are the spellings
 * an unknown key is compared with (the config's and data's keys; an adapter passes its own).
 */
export function toValidationIssues(
  issues: readonly ZodIssue[],
  basePath: readonly PropertyKey[] = [],
  keys: () => readonly string[] = knownKeys,
): ValidationIssue[] {
  const result: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = [...basePath, ...issue.path];
    const received = 'input' in issue ? ` (received ${describeValue(issue.input)})` : '';
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors;
      const best = [...branches].sort((a, b) => branchDepth(b) - branchDepth(a) || a.length - b.length)[0] ?? [];
      if (branchDepth(best) > 0) {
        for (const inner of toValidationIssues(best, path, keys)) result.push(inner);
      } else {
        const rootIssues = branches.flatMap((branch) =>
          branch.flatMap((inner) =>
            inner.code === 'invalid_union' ? inner.errors.flat().filter((deep) => deep.path.length === 0) : [inner],
          ),
        );
        result.push({
          path: formatPath(path),
          message: `Invalid input: expected ${unionExpectation(rootIssues)}, received ${describeValue(issue.input)}`,
        });
      }
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const suggestion = suggest(key, keys());
        result.push({
          path: formatPath([...path, key]),
          message: `Unknown key "${key}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`,
        });
      }
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      result.push({ path: formatPath(path), message: `Required: expected ${issue.expected}, received nothing` });
    } else if (issue.code === 'invalid_type' && typeof issue.input === 'number') {
      result.push({ path: formatPath(path), message: `Invalid input: expected a finite number, received ${issue.input}` });
    } else if (issue.code === 'invalid_type' || issue.code === 'custom') {
      result.push({ path: formatPath(path), message: issue.message });
    } else {
      result.push({ path: formatPath(path), message: `${issue.message}${received}` });
    }
  }
  const seen = new Set<string>();
  return result.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
