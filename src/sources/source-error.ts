/**
 * The one error class of metric sources and of `collect`. It deliberately does not extend
 * `CanaryJudgeError`: its failures come from outside the pure core (a server, the network, a
 * query the user wrote), and its `code`s are a separate list. Context travels as typed fields;
 * messages are one line and never contain credentials (sources redact them before building one).
 */

/** Stable, machine-readable codes of `SourceError`. */
export type SourceErrorCode =
  /** The server could not be reached (connection refused, reset, DNS), after the retries. */
  | 'NETWORK'
  /** The overall time limit (`timeoutMs`) passed before an answer arrived. */
  | 'TIMEOUT'
  /** The caller's `AbortSignal` fired. */
  | 'ABORTED'
  /** The server answered with an HTTP error status (after the retries, for 5xx and 429). */
  | 'HTTP_STATUS'
  /** The answer could not be read: not JSON, or not the shape the API documents. */
  | 'BAD_RESPONSE'
  /** A query template cannot be expanded: unknown variable, unsafe value, bad syntax. */
  | 'INVALID_TEMPLATE'
  /** A query returned several series for one side; the judge needs exactly one. */
  | 'AMBIGUOUS_SERIES'
  /** A query returned +Inf or -Inf, which the judge's data cannot hold. */
  | 'NON_FINITE_VALUE'
  /** An optional package the source needs is not installed (the AWS SDK for CloudWatch). */
  | 'MISSING_DEPENDENCY';

/** Every code, for loops in tests and exit-code tables. */
export const SOURCE_ERROR_CODES: readonly SourceErrorCode[] = Object.freeze([
  'NETWORK',
  'TIMEOUT',
  'ABORTED',
  'HTTP_STATUS',
  'BAD_RESPONSE',
  'INVALID_TEMPLATE',
  'AMBIGUOUS_SERIES',
  'NON_FINITE_VALUE',
  'MISSING_DEPENDENCY',
] as const);

/** Marks instances of every copy of `SourceError` (a registered symbol is shared across bundles). */
const SOURCE_ERROR_BRAND: unique symbol = Symbol.for('canary-judge.SourceError');

/** The fields a `SourceError` can carry besides its message. */
export interface SourceErrorDetails {
  /** The HTTP status of the last answer, when there was one. */
  readonly status?: number;
  /** The query (expanded, as sent) that failed. */
  readonly query?: string;
  /** The request's method and URL without credentials or query string, e.g. `POST http://host:9090/api/v1/query_range`. */
  readonly request?: string;
  /** The server's own error class, e.g. Prometheus's `bad_data`. */
  readonly errorType?: string;
  /** How many requests were made. */
  readonly attempts?: number;
  /** The metric being collected. */
  readonly metric?: string;
  /** `baseline` or `canary`. */
  readonly side?: 'baseline' | 'canary';
  /**
   * True when the source is unreachable or kept answering errors after the retries (network
   * errors, timeouts, 5xx, 429): the CLI maps this to exit code 69 (EX_UNAVAILABLE).
   */
  readonly unavailable?: boolean;
  /** The underlying failure (a network error, a parse error). Never holds request headers. */
  readonly cause?: unknown;
}

/**
 * A metric source or `collect` failed. `code` says how; `status`, `query`, `request`, `metric`
 * and `side` say where.
 *
 * @example
 * try { await collect(config, source, options) } catch (error) {
 *   if (isSourceError(error) && error.unavailable) process.exitCode = 69;
 * }
 */
export class SourceError extends Error {
  /**
   * `instanceof` holds for any copy of this class: `canary-judge` and `canary-judge/prometheus`
   * are separate bundles, each with its own copy, and an error thrown by one must still be a
   * `SourceError` to code importing the class from the other.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SOURCE_ERROR_BRAND] === true;
  }

  override name = 'SourceError' as const;
  readonly code: SourceErrorCode;
  readonly status: number | undefined;
  readonly query: string | undefined;
  readonly request: string | undefined;
  readonly errorType: string | undefined;
  readonly attempts: number | undefined;
  readonly metric: string | undefined;
  readonly side: 'baseline' | 'canary' | undefined;
  readonly unavailable: boolean;

  constructor(code: SourceErrorCode, message: string, details: SourceErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.status = details.status;
    this.query = details.query;
    this.request = details.request;
    this.errorType = details.errorType;
    this.attempts = details.attempts;
    this.metric = details.metric;
    this.side = details.side;
    this.unavailable = details.unavailable ?? false;
    Object.defineProperty(this, SOURCE_ERROR_BRAND, { value: true });
  }

  /** Plain data for JSON output (the message and the context fields, never the cause). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      query: this.query,
      request: this.request,
      errorType: this.errorType,
      attempts: this.attempts,
      metric: this.metric,
      side: this.side,
      unavailable: this.unavailable,
    };
  }
}

/** True for a `SourceError`, also one from another realm or copy of the package (matched on `name` and `code`). */
export function isSourceError(error: unknown): error is SourceError {
  if (error instanceof SourceError) return true;
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'SourceError' &&
    SOURCE_ERROR_CODES.includes((error as { code?: unknown }).code as SourceErrorCode)
  );
}

/** Shows a query inside a one-line message: JSON-quoted (so newlines stay visible) and shortened past 300 characters. */
export function quoteQuery(query: string): string {
  const limit = 300;
  const shown = query.length > limit ? `${query.slice(0, limit)}…` : query;
  return JSON.stringify(shown);
}
