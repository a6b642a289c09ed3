/**
 * Validation of a RemoteJudge request: the schema, plus the cross-check Kayenta makes when it judges
 * (every metric set pair must name a configured metric). Every problem is reported with its path.
 */
import { ConfigValidationError, type ValidationIssue } from '../judge/index.js';
import { describeValue } from '../shared/message-text.js';
import { kayentaJudgeRequestSchema, type KayentaJudgeRequest } from './request-schema.js';
import { unescapeKayentaTemplates } from './unescape-templates.js';
import { toKayentaIssues } from './validation-issues.js';

/** A validated request, or every problem found in it. */
export type KayentaParseResult =
  | { readonly ok: true; readonly value: KayentaJudgeRequest }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/**
 * Validates a RemoteJudge request without throwing. On success the measurements are numbers (NaN
 * included) and escaped templates (`$\{`) are unescaped.
 *
 * @example
 * safeParseKayentaRequest({ canaryConfig: { metrics: [], classifier: {} }, scoreThresholds: { pass: 95, marginal: 75 }, metricSetPairList: [] }).ok // => true
 */
export function safeParseKayentaRequest(input: unknown): KayentaParseResult {
  let parsed;
  let issues: ValidationIssue[];
  try {
    parsed = kayentaJudgeRequestSchema.safeParse(input, { reportInput: true });
    issues = parsed.success ? [] : toKayentaIssues(parsed.error.issues);
    for (const issue of findUnknownMetricNames(input)) issues.push(issue);
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : 'an exception';
    return { ok: false, issues: [{ path: '(root)', message: `The request cannot be read as plain JSON data: reading it threw ${detail}` }] };
  }
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  const request = parsed.data;
  return { ok: true, value: { ...request, canaryConfig: unescapeKayentaTemplates(request.canaryConfig) } };
}

/**
 * Validates a RemoteJudge request; throws `ConfigValidationError` listing every problem.
 *
 * @example
 * parseKayentaRequest({}) // throws: Invalid canary-judge Kayenta judge request: 3 problems …
 */
export function parseKayentaRequest(input: unknown): KayentaJudgeRequest {
  const parsed = safeParseKayentaRequest(input);
  if (!parsed.ok) throw new ConfigValidationError(parsed.issues, 'Kayenta judge request');
  return parsed.value;
}

/** Pairs whose name matches no configured metric (Kayenta throws "Could not find metric config"). */
function findUnknownMetricNames(input: unknown): ValidationIssue[] {
  const request = input as { canaryConfig?: { metrics?: unknown }; metricSetPairList?: unknown } | null | undefined;
  const metrics = request?.canaryConfig?.metrics;
  const pairs = request?.metricSetPairList;
  if (!Array.isArray(metrics) || !Array.isArray(pairs)) return [];
  const names = new Set(metrics.map((metric: unknown) => (metric as { name?: unknown } | null)?.name).filter((name) => typeof name === 'string'));
  const issues: ValidationIssue[] = [];
  pairs.forEach((pair: unknown, index) => {
    const name = (pair as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && !names.has(name)) {
      issues.push({
        path: `metricSetPairList[${index}].name`,
        message: `no metric named ${describeValue(name)} in canaryConfig.metrics; Kayenta fails the whole judgement ("Could not find metric config")`,
      });
    }
  });
  return issues;
}
