/**
 * The responses of the judge server: JSON bodies, and one error shape for every failure.
 */
import type { ValidationIssue } from '../judge/index.js';

/** A response to send: status, JSON body and extra headers. */
export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An HTML answer (the analysis report). */
export interface HtmlResponse {
  readonly status: number;
  readonly html: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Anything a route answers. */
export type RouteResponse = JsonResponse | HtmlResponse;

/** Stable error codes of the server, one per failure kind. */
export type ServerErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'body_too_large'
  | 'request_timeout'
  | 'headers_too_large'
  | 'unsupported_media_type'
  | 'not_found'
  | 'method_not_allowed'
  | 'unauthorized'
  | 'unknown_analysis'
  | 'source_unavailable'
  | 'source_timeout'
  | 'query_rejected'
  | 'server_busy'
  | 'processing_timeout'
  | 'shutting_down'
  | 'internal_error';

/**
 * The error body: `{ "error": { "code", "message", "issues"? } }`, never a stack trace.
 *
 * @example
 * errorResponse(404, 'not_found', 'no route for GET /x').body // => { error: { code: 'not_found', message: 'no route for GET /x' } }
 */
export function errorResponse(
  status: number,
  code: ServerErrorCode,
  message: string,
  issues?: readonly ValidationIssue[],
  headers?: Readonly<Record<string, string>>,
): JsonResponse {
  return {
    status,
    body: { error: { code, message, ...(issues === undefined ? {} : { issues }) } },
    ...(headers === undefined ? {} : { headers }),
  };
}

/**
 * A 400 listing the problems of a request body: the first 100, and `problemCount` when there are more.
 *
 * @example
 * invalidRequest('judge request', [{ path: 'config', message: 'Required' }]).status // => 400
 */
export function invalidRequest(what: string, issues: readonly ValidationIssue[], problemCount = issues.length): JsonResponse {
  const listed = issues.length > 100 ? issues.slice(0, 100) : issues;
  const total = Math.max(problemCount, issues.length);
  const count = total === 1 ? '1 problem' : `${total} problems`;
  const answer = errorResponse(400, 'invalid_request', `invalid ${what}: ${count}${total > listed.length ? ` (the first ${listed.length} listed)` : ''}`, listed);
  if (total === listed.length) return answer;
  const body = answer.body as { error: Record<string, unknown> };
  return { ...answer, body: { error: { ...body.error, problemCount: total } } };
}
