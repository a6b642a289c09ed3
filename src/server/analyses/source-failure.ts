/**
 * Turns a failure while fetching an analysis into the HTTP answer: 502 when the source is
 * unreachable or keeps failing, 504 when it is too slow, 422 when it rejects the query or answers
 * data the judge cannot use, 400 when a request value cannot go where the template puts it.
 * The message is the library's own one-line message with every secret removed; never a stack.
 */
import { isSourceError } from '../../sources/source-error.js';
import type { JsonResponse } from '../http-responses.js';

/** Error codes of the analysis routes' source failures. */
export type SourceFailureCode = 'source_unavailable' | 'source_timeout' | 'query_rejected' | 'invalid_request';

/**
 * The answer for `error`, or undefined when it is not a source failure (a bug: the caller answers 500).
 * `deadlinePassed` says the server's own time limit for the analysis fired (504).
 *
 * @example
 * sourceFailure(new SourceError('NETWORK', 'Prometheus at http://p:9090 is unreachable', { unavailable: true }), [], false)?.status // => 502
 */
export function sourceFailure(error: unknown, secrets: readonly string[], deadlinePassed: boolean): JsonResponse | undefined {
  const clean = (text: string) => redactAll(text, secrets);
  const answer = (status: number, code: SourceFailureCode, message: string): JsonResponse => ({ status, body: { error: { code, message: clean(message) } } });
  if (isSourceError(error)) {
    if (error.code === 'TIMEOUT' || (error.code === 'ABORTED' && deadlinePassed)) {
      return answer(504, 'source_timeout', error.code === 'TIMEOUT' ? error.message : `the metric source did not answer within the analysis time limit (${error.message})`);
    }
    if (error.unavailable) return answer(502, 'source_unavailable', error.message);
    switch (error.code) {
      case 'HTTP_STATUS':
        if (error.status === 400 || error.status === 422) return answer(422, 'query_rejected', error.message);
        return answer(502, 'source_unavailable', error.message);
      case 'BAD_RESPONSE':
      case 'NETWORK':
        return answer(502, 'source_unavailable', error.message);
      case 'AMBIGUOUS_SERIES':
      case 'NON_FINITE_VALUE':
        return answer(422, 'query_rejected', error.message);
      case 'INVALID_TEMPLATE':
        // A request value that cannot stand where the template puts it (e.g. outside a string).
        return answer(400, 'invalid_request', error.message);
      case 'ABORTED':
        return answer(503, 'source_unavailable', 'the analysis was cancelled (the client went away or the server is stopping)');
      default:
        return answer(502, 'source_unavailable', error.message);
    }
  }
  const named = error as { name?: unknown; code?: unknown; message?: unknown } | null;
  if (named !== null && typeof named === 'object' && named.code === 'INVALID_OPTION' && typeof named.message === 'string') {
    // The library refused the window or step it was given (e.g. too many points for the source).
    return answer(400, 'invalid_request', named.message);
  }
  return undefined;
}

/**
 * Removes every secret from a text.
 *
 * @example
 * redactAll('token s3cr3t-value rejected', ['s3cr3t-value']) // => 'token [REDACTED] rejected'
 */
export function redactAll(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) if (secret !== '') clean = clean.split(secret).join('[REDACTED]');
  return clean;
}
