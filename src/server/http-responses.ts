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

/** A 400 listing every problem of a request body. */
export function invalidRequest(what: string, issues: readonly ValidationIssue[]): JsonResponse {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return errorResponse(400, 'invalid_request', `invalid ${what}: ${count}`, issues);
}
