/**
 * The judge server's routes as plain functions from a parsed request to a response: no sockets here,
 * so each route is easy to test and reuse.
 */
import {
  ConfigValidationError,
  judge,
  safeParseConfig,
  safeParseData,
  type CanaryConfigInput,
  type ThresholdsInput,
  type ValidationIssue,
} from '../judge/index.js';
import { judgeKayenta, NETFLIX_ACA_JUDGE_NAME, type JudgeKayentaOptions, type KayentaJudgeRequestInput } from '../kayenta/index.js';
import { judgeAnalysisRoute, listAnalysesRoute, reportAnalysisRoute, type AnalysesOptions } from './analyses/analysis-routes.js';
import { errorResponse, invalidRequest, type JsonResponse, type RouteResponse } from './http-responses.js';

/** What a handler gets besides the body and query: the path's `:parameters` and a signal that fires when the client goes away. */
export interface RouteContext {
  readonly params: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
}

/**
 * A route: method, path (segments starting with `:` match any one segment and are passed in
 * `context.params`) and handler of the (already parsed) JSON body and query.
 */
export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly handle: (body: unknown, query: URLSearchParams, context: RouteContext) => RouteResponse | Promise<RouteResponse>;
}

/** The name the native judge is listed under in `GET /judges`. */
export const NATIVE_JUDGE_NAME = 'canary-judge-v1';

/**
 * `POST /judge`: Kayenta's RemoteJudge protocol. Body `{ canaryConfig, scoreThresholds,
 * metricSetPairList }`, answer a `CanaryJudgeResult`.
 *
 * @example
 * judgeKayentaRoute({ canaryConfig: { metrics: [], classifier: {} }, scoreThresholds: { pass: 95, marginal: 75 }, metricSetPairList: [] }).status
 * // => 200
 */
export function judgeKayentaRoute(body: unknown, options: JudgeKayentaOptions = {}): JsonResponse {
  try {
    return { status: 200, body: judgeKayenta(body as KayentaJudgeRequestInput, options) };
  } catch (error) {
    if (error instanceof ConfigValidationError) return invalidRequest('Kayenta judge request', error.issues, error.problemCount);
    throw error;
  }
}

/**
 * `POST /v1/judge`: the native judge. Body `{ config, data, thresholds? }`, answer the `Judgement`.
 * With `config.sequential` the answer is the sequential look at the data so far (anytime-valid, so
 * an orchestrator may call it every interval); data without timestamps is a 400 saying so.
 * A Flagger webhook payload (`{ name, namespace, phase, metadata }`) is accepted too: its `metadata`
 * entries `config`, `data` and optionally `thresholds` hold the same parts as JSON strings.
 * With `?failStatus=<code>` (e.g. 412), a `fail` verdict is answered with that status instead of 200,
 * for callers that only look at the status (Flagger webhooks).
 *
 * @example
 * judgeNativeRoute({ config: { metrics: [] }, data: { metrics: {} } }, new URLSearchParams()).status // => 200
 */
export function judgeNativeRoute(requestBody: unknown, query: URLSearchParams): JsonResponse {
  const failStatus = parseFailStatus(query.get('failStatus'));
  if (typeof failStatus === 'string') {
    return invalidRequest('query', [{ path: 'failStatus', message: failStatus }]);
  }
  if (typeof requestBody !== 'object' || requestBody === null || Array.isArray(requestBody)) {
    return invalidRequest('judge request', [{ path: '(root)', message: 'expected an object { "config": …, "data": …, "thresholds"?: … }' }]);
  }
  let body: object = requestBody;
  if (isFlaggerPayload(body)) {
    const unwrapped = unwrapFlaggerPayload(body);
    if (!unwrapped.ok) return invalidRequest('Flagger webhook payload', unwrapped.issues);
    body = unwrapped.value;
  }
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(body)) {
    if (key !== 'config' && key !== 'data' && key !== 'thresholds') {
      issues.push({ path: key, message: `Unknown key "${key}": expected only config, data and thresholds` });
    }
  }
  const { config, data, thresholds } = body as { config?: unknown; data?: unknown; thresholds?: unknown };
  let problemCount = issues.length;
  const parsedConfig = safeParseConfig(config);
  if (!parsedConfig.ok) {
    for (const issue of prefixed('config', parsedConfig.issues)) issues.push(issue);
    problemCount += parsedConfig.problemCount;
  }
  const parsedData = safeParseData(data);
  if (!parsedData.ok) {
    for (const issue of prefixed('data', parsedData.issues)) issues.push(issue);
    problemCount += parsedData.problemCount;
  }
  if (issues.length > 0) return invalidRequest('judge request', issues, problemCount);

  try {
    const options = thresholds === undefined ? {} : { thresholds: thresholds as ThresholdsInput };
    const judgement = judge(config as CanaryConfigInput, data, options);
    // A sequential judgement needs timestamps (or a timestampUnit that fits them): a bad request, not a verdict.
    const problem = judgement.sequential?.problem;
    if (problem !== undefined && problem !== null) return invalidRequest('judge request', [{ path: 'data', message: problem }]);
    const status = failStatus !== undefined && judgement.verdict === 'fail' ? failStatus : 200;
    return { status, body: judgement };
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      // Only the thresholds are left to reject here; judge() names them `options.thresholds…`.
      const issues = error.issues.map((issue) => ({ path: issue.path.replace(/^options\./, ''), message: issue.message }));
      return invalidRequest('judge request', issues);
    }
    throw error;
  }
}

/** `GET /judges`: the judges this server runs, in Kayenta's `{ name, visible }` shape plus the route. */
export function listJudgesRoute(): JsonResponse {
  return {
    status: 200,
    body: [
      { name: NETFLIX_ACA_JUDGE_NAME, visible: true, endpoint: 'POST /judge' },
      { name: NATIVE_JUDGE_NAME, visible: true, endpoint: 'POST /v1/judge' },
    ],
  };
}

/** `GET /healthz`: liveness. */
export function healthRoute(): JsonResponse {
  return { status: 200, body: { status: 'ok' } };
}

/** Every route of the server; the analysis routes when `analyses` is given. */
export function judgeRoutes(kayentaOptions: JudgeKayentaOptions = {}, analyses?: AnalysesOptions): readonly Route[] {
  const routes: Route[] = [
    { method: 'POST', path: '/judge', handle: (body) => judgeKayentaRoute(body, kayentaOptions) },
    { method: 'POST', path: '/v1/judge', handle: judgeNativeRoute },
    { method: 'GET', path: '/judges', handle: listJudgesRoute },
    { method: 'GET', path: '/healthz', handle: healthRoute },
  ];
  if (analyses !== undefined) {
    routes.push(
      { method: 'GET', path: '/v1/analyses', handle: () => listAnalysesRoute(analyses.templates) },
      {
        method: 'POST',
        path: '/v1/analyses/:name/judge',
        handle: (body, query, context) => judgeAnalysisRoute(analyses, context.params['name'] as string, body, query, context.signal),
      },
      {
        method: 'GET',
        path: '/v1/analyses/:name/report',
        handle: (_body, query, context) => reportAnalysisRoute(analyses, context.params['name'] as string, query, context.signal),
      },
    );
  }
  return routes;
}

/** A matched route and the values of its `:parameters`. */
export interface MatchedRoute {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
}

/** The `:parameters` of `pattern` in `path`, or undefined when the path does not fit it. */
function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < want.length; index++) {
    const expected = want[index] as string;
    const actual = have[index] as string;
    if (expected.startsWith(':')) {
      if (actual === '') return undefined;
      let decoded: string;
      try {
        decoded = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
      Object.defineProperty(params, expected.slice(1), { value: decoded, enumerable: true });
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

/**
 * Finds the route for a request, or the 404 / 405 answer.
 *
 * @example
 * const found = matchRoute(judgeRoutes(), 'GET', '/healthz');
 * 'route' in found ? found.route.path : found.status // => '/healthz'
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): MatchedRoute | JsonResponse {
  const candidates = routes.flatMap((route) => {
    const params = matchPath(route.path, path);
    return params === undefined ? [] : [{ route, params }];
  });
  if (candidates.length === 0) return errorResponse(404, 'not_found', `no route for ${method} ${path.slice(0, 200)}`);
  const allowed = [...new Set(candidates.map((candidate) => candidate.route.method))];
  const wanted = method === 'HEAD' ? 'GET' : method;
  const found = candidates.find((candidate) => candidate.route.method === wanted);
  if (found === undefined) {
    const allow = allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed;
    return errorResponse(405, 'method_not_allowed', `${method} is not allowed on ${path.slice(0, 200)}; use ${allow.join(' or ')}`, undefined, { allow: allow.join(', ') });
  }
  return found;
}

function prefixed(prefix: string, issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path === '(root)' ? prefix : issue.path.startsWith('[') ? `${prefix}${issue.path}` : `${prefix}.${issue.path}`,
    message: issue.message,
  }));
}

/** undefined when absent, the status when valid, an error message otherwise. */
function parseFailStatus(text: string | null): number | string | undefined {
  if (text === null) return undefined;
  const status = Number(text);
  if (!Number.isInteger(status) || status < 400 || status > 599) return `expected an HTTP error status from 400 to 599, received ${JSON.stringify(text)}`;
  return status;
}

/** Flagger posts `{ name, namespace, phase, checksum?, metadata }`, with string-valued metadata. */
function isFlaggerPayload(body: object): boolean {
  return !('config' in body) && 'metadata' in body && ('phase' in body || 'namespace' in body);
}

function unwrapFlaggerPayload(
  body: object,
): { ok: true; value: Record<string, unknown> } | { ok: false; issues: ValidationIssue[] } {
  const metadata = (body as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    return { ok: false, issues: [{ path: 'metadata', message: 'expected an object of strings with "config" and "data"' }] };
  }
  const issues: ValidationIssue[] = [];
  const value: Record<string, unknown> = {};
  for (const key of ['config', 'data', 'thresholds'] as const) {
    const text = (metadata as Record<string, unknown>)[key];
    if (text === undefined) {
      if (key !== 'thresholds') issues.push({ path: `metadata.${key}`, message: `Required: expected the ${key} as a JSON string, received nothing` });
      continue;
    }
    if (typeof text !== 'string') {
      value[key] = text;
      continue;
    }
    try {
      value[key] = JSON.parse(text) as unknown;
    } catch (error) {
      issues.push({ path: `metadata.${key}`, message: `expected the ${key} as a JSON string: ${error instanceof Error ? error.message : 'invalid JSON'}` });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value };
}
