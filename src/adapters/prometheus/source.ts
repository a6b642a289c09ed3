/**
 * The Prometheus metric source: range queries against `/api/v1/query_range`, with retries
 * (exponential backoff with jitter, `Retry-After` honoured) on network errors, 5xx and 429, none on
 * other 4xx; one overall time limit per query; cancellation through `AbortSignal`; errors that name
 * the query and the HTTP status and never contain credentials.
 */
import type { MetricSource, QueryRangeOptions, RangeQuery, RangeResult } from '../../sources/metric-source.js';
import { SourceError, quoteQuery, type SourceErrorCode } from '../../sources/source-error.js';
import type { TemplateVariables } from '../../sources/template.js';
import { formatDuration } from '../../sources/time.js';
import { redact, resolvePrometheusOptions, type PrometheusSourceOptions, type ResolvedPrometheusOptions } from './options.js';
import { renderPromQL } from './promql.js';
import { UnreadableResponse, parseRangeBody, readErrorBody } from './response.js';
import { raceAbort } from '../../sources/race-abort.js';
import { plural } from '../../shared/message-text.js';

/** Prometheus refuses range queries with more than this many steps: `(end − start) / step` must not exceed it. */
export const PROMETHEUS_MAX_POINTS = 11_000;

/** A metric source backed by a Prometheus HTTP API (Prometheus, Thanos, Mimir, Cortex, VictoriaMetrics…). */
export interface PrometheusSource extends MetricSource {
  readonly maxPoints: number;
}

/**
 * Creates a Prometheus source for `collect`.
 *
 * @throws InvalidOptionError for bad options (messages never contain a credential).
 * @example
 * const source = createPrometheusSource({ url: 'http://127.0.0.1:9090', timeoutMs: 30_000 });
 * const result = await source.queryRange('sum(up)', { startMs, endMs, stepMs: 60_000 });
 * result.series[0].values // => [1, 1, 1, …]
 */
export function createPrometheusSource(options: PrometheusSourceOptions): PrometheusSource {
  const resolved = resolvePrometheusOptions(options);
  return {
    description: `Prometheus at ${new URL(resolved.shownEndpoint).origin}`,
    maxPoints: PROMETHEUS_MAX_POINTS,
    renderQuery: (template: string, variables: TemplateVariables): string => renderPromQL(template, variables),
    histogramQuery: (selector: string, windowMs: number): string => histogramIncreaseQuery(selector, windowMs),
    queryRange: (query: string, range: RangeQuery, callOptions: QueryRangeOptions = {}): Promise<RangeResult> =>
      runQueryRange(resolved, query, range, callOptions.signal),
  };
}

/**
 * The query a histogram metric is collected with: the requests per bucket over the window,
 * summed over the selected series by `le`.
 *
 * @example
 * histogramIncreaseQuery('http_request_duration_seconds_bucket{version="v2"}', 600_000)
 * // => 'sum by (le) (increase(http_request_duration_seconds_bucket{version="v2"}[600s]))'
 */
export function histogramIncreaseQuery(selector: string, windowMs: number): string {
  return `sum by (le) (increase(${selector}[${formatDuration(windowMs)}]))`;
}

/** The last failure of an attempt that may be retried. */
type Failure =
  | { readonly kind: 'network'; readonly cause: unknown }
  | { readonly kind: 'http'; readonly status: number; readonly statusText: string; readonly errorType: string | undefined; readonly serverMessage: string | undefined };

/** Why waiting stopped. */
const TIMED_OUT = Symbol('timed out');

async function runQueryRange(options: ResolvedPrometheusOptions, query: string, range: RangeQuery, signal: AbortSignal | undefined): Promise<RangeResult> {
  const request = `POST ${options.shownEndpoint}`;
  const where = `${request}; query: ${quoteQuery(query)}`;
  const make = (code: SourceErrorCode, message: string, extra: { status?: number; errorType?: string; attempts: number; unavailable?: boolean; cause?: unknown }) =>
    new SourceError(code, redact(message, options.secrets), { query, request, ...extra });

  if (signal?.aborted) throw make('ABORTED', `query was aborted before it was sent: ${where}`, { attempts: 0, cause: signal.reason });

  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(TIMED_OUT), options.timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });

  const stopped = (attempts: number): SourceError =>
    controller.signal.reason === TIMED_OUT
      ? make('TIMEOUT', `Prometheus did not answer within the timeout of ${options.timeoutMs}ms (${plural(attempts, 'attempt')}): ${where}`, {
          attempts,
          unavailable: true,
        })
      : make('ABORTED', `query was aborted after ${plural(attempts, 'attempt')}: ${where}`, { attempts, cause: signal?.reason });

  const final = (failure: Failure, attempts: number, note = '', retryable = true): SourceError => {
    const after = retryable ? `after ${plural(attempts, 'attempt')}${note}` : '(not retried)';
    if (failure.kind === 'network') {
      return make('NETWORK', `could not reach Prometheus (${describeNetworkError(failure.cause)}) ${after}: ${where}`, {
        attempts,
        unavailable: true,
        cause: failure.cause,
      });
    }
    return make('HTTP_STATUS', `Prometheus answered HTTP ${failure.status}${statusSuffix(failure)} ${after}: ${where}`, {
      status: failure.status,
      ...(failure.errorType === undefined ? {} : { errorType: failure.errorType }),
      attempts,
      unavailable: retryable,
    });
  };

  try {
    for (let attempt = 1; ; attempt++) {
      let failure: Failure;
      let retryAfterMs: number | undefined;
      try {
        const remaining = Math.max(1, deadline - Date.now());
        const body = new URLSearchParams({
          query,
          start: String(range.startMs / 1000),
          end: String(range.endMs / 1000),
          step: String(range.stepMs / 1000),
          timeout: formatDuration(Math.floor(remaining)),
        }).toString();
        const response = await raceAbort(
          options.fetch(options.endpoint, {
            method: 'POST',
            headers: { ...options.headers, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            body,
            signal: controller.signal,
          }),
          controller.signal,
        );
        const text = await raceAbort(response.text(), controller.signal);
        const status = response.status;
        if (status >= 200 && status < 300) {
          try {
            return parseRangeBody(text, (body) => redact(body, options.secrets));
          } catch (error) {
            if (!(error instanceof UnreadableResponse)) throw error;
            const server = readErrorBody(text);
            const detail = server === undefined ? error.message : `${server.errorType ?? 'error'}: ${server.error ?? ''}`;
            // No `cause`: the parse error may quote the raw body; the message holds a redacted copy.
            throw make('BAD_RESPONSE', `Prometheus answered HTTP ${status} with an unreadable body (${detail}): ${where}`, {
              status,
              attempts: attempt,
            });
          }
        }
        const server = readErrorBody(text);
        failure = { kind: 'http', status, statusText: response.statusText, errorType: server?.errorType, serverMessage: server?.error ?? shortText(redact(text, options.secrets)) };
        if (status !== 429 && status < 500) {
          // Other 4xx (bad PromQL, missing permission, wrong URL) will not get better by asking again.
          throw final(failure, attempt, '', false);
        }
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      } catch (error) {
        if (error instanceof SourceError) throw error;
        if (controller.signal.aborted) throw stopped(attempt);
        failure = { kind: 'network', cause: error };
      }

      if (attempt > options.retries) throw final(failure, attempt);
      const wait = retryAfterMs ?? backoffDelay(attempt, options.backoff);
      if (Date.now() + wait >= deadline) {
        const why = retryAfterMs === undefined ? `the next retry (in ${wait}ms)` : `Retry-After asks to wait ${wait}ms, which`;
        throw final(failure, attempt, `; ${why} would pass the timeout of ${options.timeoutMs}ms`);
      }
      try {
        await sleep(wait, controller.signal);
      } catch {
        throw stopped(attempt);
      }
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * The wait before retry number `attempt` (1-based): `initialMs · 2^(attempt − 1)`, capped at
 * `maxMs`, then a random 50–100% of it (jitter, so clients do not retry in lockstep).
 *
 * @example
 * backoffDelay(3, { initialMs: 100, maxMs: 10_000 }) // => between 200 and 400
 */
export function backoffDelay(attempt: number, backoff: { readonly initialMs: number; readonly maxMs: number }): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + Math.random() / 2));
}

/**
 * Reads a `Retry-After` header: seconds, or an HTTP date. Undefined when absent or unreadable.
 *
 * @example
 * parseRetryAfter('2') // => 2000
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function statusSuffix(failure: Extract<Failure, { kind: 'http' }>): string {
  const text = failure.statusText === '' ? '' : ` ${failure.statusText}`;
  if (failure.errorType === undefined && failure.serverMessage === undefined) return text;
  const server = [failure.errorType, failure.serverMessage].filter((part) => part !== undefined && part !== '').join(': ');
  return server === '' ? text : `${text} (${server.replace(/\s+/g, ' ')})`;
}

function shortText(text: string): string | undefined {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line === '') return undefined;
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const inner = cause instanceof Error ? cause : error instanceof Error ? error : undefined;
  if (inner === undefined) return String(error);
  const code = (inner as { code?: unknown }).code;
  const message = inner.message.replace(/\s+/g, ' ');
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
