/**
 * Options of the CloudWatch source: declared once with their defaults, normalised in one place.
 */
import type { CloudWatchClient, CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import { loadCloudWatchSdk } from './sdk.js';
import { InvalidOptionError } from '../../shared/errors.js';

/** Static AWS credentials (or use a provider function, or leave them out for the default chain). */
export interface CloudWatchCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A function resolving credentials (e.g. `fromIni()` of `@aws-sdk/credential-providers`). */
export type CloudWatchCredentialProvider = () => Promise<CloudWatchCredentials>;

/** Options of `createCloudWatchSource`. */
export interface CloudWatchSourceOptions {
  /** AWS region, e.g. `us-east-1`. Required unless `client` is given. */
  readonly region?: string;
  /**
   * A ready CloudWatch client (its own region, credentials and retry settings are used; do not pass
   * `region`, `credentials`, `endpoint`, `maxAttempts` or `retryMode` with it).
   */
  readonly client?: CloudWatchClient;
  /**
   * Credentials or a credential provider. Never shown in errors.
   * @default the AWS SDK's default provider chain (environment, shared files, SSO, container, instance role)
   */
  readonly credentials?: CloudWatchCredentials | CloudWatchCredentialProvider;
  /**
   * Endpoint URL, e.g. `http://127.0.0.1:5000` for a local moto server or a VPC endpoint.
   * @default the region's public CloudWatch endpoint
   */
  readonly endpoint?: string;
  /**
   * Attempts per GetMetricData request, the first included; throttling (`Throttling`, HTTP 429),
   * 5xx and network errors are retried by the SDK's retry strategy with exponential backoff and
   * jitter.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * The SDK's retry mode: `standard`, or `adaptive` (also rate-limits the client after throttling).
   * @default 'standard'
   */
  readonly retryMode?: 'standard' | 'adaptive';
  /**
   * Overall time limit of one batch of queries in milliseconds, across every call, page and retry.
   * @default 60000
   */
  readonly timeoutMs?: number;
  /**
   * The clock used to check a window against CloudWatch's retention (epoch milliseconds).
   * @default Date.now
   */
  readonly now?: () => number;
}

/** Defaults of the CloudWatch source's options. */
export const DEFAULT_CLOUDWATCH_OPTIONS: {
  readonly maxAttempts: number;
  readonly retryMode: 'standard' | 'adaptive';
  readonly timeoutMs: number;
} = Object.freeze({ maxAttempts: 5, retryMode: 'standard' as const, timeoutMs: 60_000 });

/** The part of a CloudWatch client the source calls (a `CloudWatchClient` fits). */
export interface CloudWatchClientLike {
  send: CloudWatchClient['send'];
}

/** Every option resolved. */
export interface ResolvedCloudWatchOptions {
  /** The client: the one given, or one built (once) when the first query loads the SDK. */
  readonly client: () => Promise<CloudWatchClientLike>;
  /** Names the source: `CloudWatch in us-east-1`, `CloudWatch at http://127.0.0.1:5000 (us-east-1)`. */
  readonly description: string;
  /** The operation and where it goes, for `SourceError.request`. */
  readonly request: string;
  /** Strings that must never appear in an error. */
  readonly secrets: readonly string[];
  readonly timeoutMs: number;
  readonly now: () => number;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * Checks the options, fills in the defaults and builds the client.
 *
 * @throws InvalidOptionError naming the option (never echoing a credential).
 */
export function resolveCloudWatchOptions(options: CloudWatchSourceOptions): ResolvedCloudWatchOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'an object with at least `region`', options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CLOUDWATCH_OPTIONS.timeoutMs;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidOptionError('timeoutMs', 'a positive number of milliseconds', timeoutMs);
  }
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new InvalidOptionError('now', 'a function returning epoch milliseconds', now);

  if (options.client !== undefined) {
    if (typeof options.client !== 'object' || options.client === null || typeof (options.client as { send?: unknown }).send !== 'function') {
      throw new InvalidOptionError('client', 'a CloudWatchClient', options.client);
    }
    for (const key of ['region', 'credentials', 'endpoint', 'maxAttempts', 'retryMode'] as const) {
      if (options[key] !== undefined) {
        throw new InvalidOptionError(key, `nothing when \`client\` is given (configure ${key} on the client)`, key === 'credentials' ? 'credentials' : options[key]);
      }
    }
    const client = options.client;
    return { client: () => Promise.resolve(client), description: 'CloudWatch (client supplied)', request: 'GetMetricData', secrets: [], timeoutMs, now };
  }

  const region = options.region;
  if (typeof region !== 'string' || !REGION.test(region)) {
    throw new InvalidOptionError('region', 'an AWS region such as "us-east-1"', region);
  }
  const maxAttempts = options.maxAttempts ?? DEFAULT_CLOUDWATCH_OPTIONS.maxAttempts;
  if (typeof maxAttempts !== 'number' || !Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
    throw new InvalidOptionError('maxAttempts', 'an integer from 1 to 20', maxAttempts);
  }
  const retryMode = options.retryMode ?? DEFAULT_CLOUDWATCH_OPTIONS.retryMode;
  if (retryMode !== 'standard' && retryMode !== 'adaptive') {
    throw new InvalidOptionError('retryMode', '"standard" or "adaptive"', retryMode);
  }

  const secrets: string[] = [];
  const credentials = options.credentials;
  if (credentials !== undefined && typeof credentials !== 'function') {
    if (typeof credentials !== 'object' || credentials === null || typeof credentials.accessKeyId !== 'string' || typeof credentials.secretAccessKey !== 'string') {
      throw new InvalidOptionError('credentials', '{ accessKeyId, secretAccessKey, sessionToken? } strings or a credential provider function', typeof credentials);
    }
    secrets.push(credentials.accessKeyId, credentials.secretAccessKey);
    if (credentials.sessionToken !== undefined) {
      if (typeof credentials.sessionToken !== 'string') throw new InvalidOptionError('credentials.sessionToken', 'a string', typeof credentials.sessionToken);
      secrets.push(credentials.sessionToken);
    }
  }

  let shownEndpoint: string | undefined;
  if (options.endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch {
      throw new InvalidOptionError('endpoint', 'an absolute http(s) URL such as "http://127.0.0.1:5000"', typeof options.endpoint === 'string' ? 'an unparsable string' : options.endpoint);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidOptionError('endpoint', 'an http: or https: URL', url.protocol);
    if (url.password !== '') secrets.push(url.password, decodeURIComponent(url.password));
    shownEndpoint = `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
  }

  const config: CloudWatchClientConfig = {
    region,
    maxAttempts,
    retryMode,
    // A copy of static credentials: the SDK annotates the object it is given.
    ...(credentials === undefined ? {} : { credentials: typeof credentials === 'function' ? credentials : { ...credentials } }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  };
  const host = shownEndpoint ?? `https://monitoring.${region}.amazonaws.com`;
  let built: Promise<CloudWatchClientLike> | undefined;
  return {
    client: () => {
      built ??= loadCloudWatchSdk().then((sdk) => new sdk.CloudWatchClient(config));
      built.catch(() => {
        built = undefined;
      });
      return built;
    },
    description: shownEndpoint === undefined ? `CloudWatch in ${region}` : `CloudWatch at ${shownEndpoint} (${region})`,
    request: `GetMetricData ${host}`,
    // Longest first, so a secret that contains another is redacted whole.
    secrets: [...new Set(secrets.filter((secret) => secret.length >= 3))].sort((a, b) => b.length - a.length),
    timeoutMs,
    now,
  };
}

/** Things in AWS error texts that identify or prove credentials. */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{12,}\b/g,
  /(Credential=)[^,\s"']+/gi,
  /(Signature=)[0-9a-f]+/gi,
  /(X-Amz-Security-Token[=:]\s*)[^&\s"']+/gi,
  /(X-Amz-Credential[=:]\s*)[^&\s"']+/gi,
];

/**
 * Removes credentials from a text: every known secret, anything shaped like an access key id, and
 * the signature, credential scope and session token of a SigV4 request that a server may echo.
 *
 * @example
 * redactCloudWatch('bad Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1', []) // => 'bad Credential=[REDACTED]'
 */
export function redactCloudWatch(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) clean = clean.split(secret).join('[REDACTED]');
  for (const pattern of CREDENTIAL_PATTERNS) {
    clean = clean.replace(pattern, (match: string, prefix?: unknown) => (typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[REDACTED]` : '[REDACTED]'));
  }
  return clean;
}
