/**
 * One list of problems for a configuration checked by more than the core schema: a source
 * adapter's check of the keys it owns (the `cloudwatch` queries) adds its problems to the result
 * of `safeParseConfig`, each placed with the other problems of its metric.
 */
import type { SafeParseResult } from './parse.js';
import { limitIssues, type ValidationIssue } from './validation-error.js';

const METRIC_PATH = /^metrics\[(\d+)\]/;

/**
 * `result` with `extra` problems (paths under `metrics[i]`) added: a valid result becomes a failure
 * listing them; a failure lists them after the other problems of the same metric (problems outside
 * `metrics` keep their place before or after the metrics' ones) and counts them.
 *
 * @example
 * withMetricIssues({ ok: true, value: {} }, [{ path: 'metrics[0].cloudwatch', message: 'bad' }]).ok // => false
 */
export function withMetricIssues<T>(result: SafeParseResult<T>, extra: readonly ValidationIssue[]): SafeParseResult<T> {
  if (extra.length === 0) return result;
  if (result.ok) return { ok: false, ...limitIssues(extra) };
  let seenMetric = false;
  const ranked = result.issues.map((issue) => {
    const index = metricIndex(issue.path);
    if (index !== undefined) seenMetric = true;
    return { issue, rank: index ?? (seenMetric ? Number.POSITIVE_INFINITY : -1) };
  });
  const known = new Set(result.issues.map((issue) => `${issue.path}\u0000${issue.message}`));
  const added = extra.filter((issue) => !known.has(`${issue.path}\u0000${issue.message}`));
  for (const issue of added) ranked.push({ issue, rank: metricIndex(issue.path) ?? Number.POSITIVE_INFINITY });
  // A stable sort: within a metric, the core's problems first, then the added ones, each in order.
  const issues = ranked.sort((a, b) => a.rank - b.rank).map(({ issue }) => issue);
  const merged = { ok: false as const, ...limitIssues(issues, result.problemCount + added.length) };
  return result.hint === undefined ? merged : { ...merged, hint: result.hint };
}

function metricIndex(path: string): number | undefined {
  const match = METRIC_PATH.exec(path);
  return match === null ? undefined : Number(match[1]);
}
