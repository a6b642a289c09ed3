/**
 * The translation of zod's issues into `{ path, message }` problems with readable JSON paths: a union
 * through the branch that got furthest, unknown keys with a did-you-mean, the received value named.
 */
import type * as z from 'zod';
import { describeValue } from '../shared/message-text.js';
import { suggest } from '../shared/suggest.js';
import { knownKeys } from './known-keys.js';
import { formatPath, type ValidationIssue } from './validation-error.js';

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
