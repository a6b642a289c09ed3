/**
 * Options of the Prometheus source: declared once with their defaults, normalised in one place.
 */
import { InvalidOptionError } from '../../shared/errors.js';

/** The part of a `fetch` response the source reads. */
export interface FetchResponseLike {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The part of `fetch` the source calls (the global `fetch` fits). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<FetchResponseLike>;

/** Options of `createPrometheusSource`. */
export interface PrometheusSourceOptions {
  /**
   * Base URL of the Prometheus HTTP API, e.g. `http://prometheus:9090` or `https://host/prometheus`
   * (a path prefix is kept; `/api/v1/query_range` is appended). User info in the URL
   * (`https://user:pass@host`) is taken as `basicAuth` and removed from the URL.
   */
  readonly url: string;
  /** Sent as `Authorization: Bearer …`. Never shown in errors. */
  readonly bearerToken?: string;
  /** Sent as `Authorization: Basic …`. The password is never shown in errors. */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /**
   * Extra request headers (e.g. `X-Scope-OrgID` for Mimir/Cortex). Values of headers whose names
   * look secret (authorization, cookie, token, key, secret, password) are redacted from errors.
   * @default {}
   */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Overall time limit of one query in milliseconds, across every attempt and wait. Also sent to
   * Prometheus as its `timeout` parameter (the time left).
   * @default 60000
   */
  readonly timeoutMs?: number;
  /**
   * Retries after the first attempt, on network errors, 5xx and 429 (never on other 4xx).
   * @default 3
   */
  readonly retries?: number;
  /**
   * Exponential backoff between retries: `initialMs · 2^(attempt − 1)`, at most `maxMs`, with
   * jitter (a random 50–100% of that). A `Retry-After` header replaces it.
   * @default { initialMs: 500, maxMs: 10000 }
   */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /**
   * The transport.
   * @default globalThis.fetch
   */
  readonly fetch?: FetchLike;
}

/** Every option resolved. */
export interface ResolvedPrometheusOptions {
  /** The query_range endpoint, without user info. */
  readonly endpoint: string;
  /** The endpoint as shown in messages: no user info, no query string. */
  readonly shownEndpoint: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Strings that must never appear in an error. */
  readonly secrets: readonly string[];
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  readonly fetch: FetchLike;
}

/** Defaults of the Prometheus source's options. */
export const DEFAULT_PROMETHEUS_OPTIONS: {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
} = Object.freeze({ timeoutMs: 60_000, retries: 3, backoff: Object.freeze({ initialMs: 500, maxMs: 10_000 }) });

const SECRET_HEADER = /authorization|cookie|token|key|secret|pass/i;

/**
 * Checks the options and fills in the defaults.
 *
 * @throws InvalidOptionError naming the option (never echoing a credential).
 */
export function resolvePrometheusOptions(options: PrometheusSourceOptions): ResolvedPrometheusOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'an object with at least `url`', options);
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new InvalidOptionError('url', 'an absolute http(s) URL such as "http://127.0.0.1:9090"', typeof options.url === 'string' ? 'an unparsable string' : options.url);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidOptionError('url', 'an http: or https: URL', url.protocol);
  }
  const secrets: string[] = [];
  let basicAuth = options.basicAuth;
  if (url.username !== '' || url.password !== '') {
    const fromUrl = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
    secrets.push(url.password, fromUrl.password);
    basicAuth ??= fromUrl;
    url.username = '';
    url.password = '';
  }
  if (options.bearerToken !== undefined && basicAuth !== undefined) {
    throw new InvalidOptionError('bearerToken', 'either bearerToken or basicAuth (user info in the URL counts as basicAuth), not both', 'both');
  }

  const headers: Record<string, string> = {};
  if (options.headers !== undefined) {
    if (typeof options.headers !== 'object' || options.headers === null) throw new InvalidOptionError('headers', 'an object of strings', options.headers);
    for (const [name, value] of Object.entries(options.headers)) {
      if (typeof value !== 'string') throw new InvalidOptionError(`headers.${name}`, 'a string', typeof value);
      if (SECRET_HEADER.test(name)) secrets.push(value);
      headers[name.toLowerCase()] = value;
    }
  }
  if ('authorization' in headers && (options.bearerToken !== undefined || basicAuth !== undefined)) {
    throw new InvalidOptionError('headers.authorization', 'no Authorization header when bearerToken or basicAuth is given', 'both');
  }
  if (options.bearerToken !== undefined) {
    if (typeof options.bearerToken !== 'string' || options.bearerToken === '') throw new InvalidOptionError('bearerToken', 'a non-empty string', typeof options.bearerToken);
    if (/[\r\n]/.test(options.bearerToken)) throw new InvalidOptionError('bearerToken', 'a string without line breaks (trim the token file)', 'a string with a line break');
    secrets.push(options.bearerToken);
    headers['authorization'] = `Bearer ${options.bearerToken}`;
  } else if (basicAuth !== undefined) {
    if (typeof basicAuth !== 'object' || basicAuth === null || typeof basicAuth.username !== 'string' || typeof basicAuth.password !== 'string') {
      throw new InvalidOptionError('basicAuth', '{ username, password } strings', typeof basicAuth);
    }
    const encoded = Buffer.from(`${basicAuth.username}:${basicAuth.password}`, 'utf8').toString('base64');
    secrets.push(basicAuth.password, encoded);
    headers['authorization'] = `Basic ${encoded}`;
  }
  for (const value of Object.values(headers)) {
    if (/[\r\n]/.test(value)) throw new InvalidOptionError('headers', 'values without line breaks', 'a value with a line break');
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_PROMETHEUS_OPTIONS.timeoutMs;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidOptionError('timeoutMs', 'a positive number of milliseconds', timeoutMs);
  }
  const retries = options.retries ?? DEFAULT_PROMETHEUS_OPTIONS.retries;
  if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0 || retries > 20) {
    throw new InvalidOptionError('retries', 'an integer from 0 to 20', retries);
  }
  const initialMs = options.backoff?.initialMs ?? DEFAULT_PROMETHEUS_OPTIONS.backoff.initialMs;
  const maxMs = options.backoff?.maxMs ?? DEFAULT_PROMETHEUS_OPTIONS.backoff.maxMs;
  if (typeof initialMs !== 'number' || !Number.isFinite(initialMs) || initialMs < 0) {
    throw new InvalidOptionError('backoff.initialMs', 'a number of milliseconds ≥ 0', initialMs);
  }
  if (typeof maxMs !== 'number' || !Number.isFinite(maxMs) || maxMs < initialMs) {
    throw new InvalidOptionError('backoff.maxMs', `a number of milliseconds ≥ backoff.initialMs (${initialMs})`, maxMs);
  }
  const fetchFunction = options.fetch ?? (globalThis.fetch?.bind(globalThis) as unknown as FetchLike | undefined);
  if (typeof fetchFunction !== 'function') throw new InvalidOptionError('fetch', 'a fetch function (no global fetch here)', fetchFunction);

  const basePath = url.pathname.replace(/\/+$/, '');
  url.pathname = `${basePath}/api/v1/query_range`;
  const endpoint = url.toString();
  const shownEndpoint = `${url.origin}${url.pathname}`;
  return {
    endpoint,
    shownEndpoint,
    headers,
    // Longest first, so a secret that contains another is redacted whole.
    secrets: [...new Set(secrets.filter((secret) => secret.length >= 3))].sort((a, b) => b.length - a.length),
    timeoutMs,
    retries,
    backoff: { initialMs, maxMs },
    fetch: fetchFunction,
  };
}

/**
 * Removes every secret from a text (a server may echo a header back in its error message).
 *
 * @example
 * redact('token abc123 rejected', ['abc123']) // => 'token [REDACTED] rejected'
 */
export function redact(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) clean = clean.split(secret).join('[REDACTED]');
  return clean;
}
