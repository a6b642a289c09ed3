/**
 * Reading and checking the flags of `fetch` and `run` into `FetchFlags`: the source and where it
 * is, the window, the step, the scopes and variables, timeouts and retries. Every mistake is exit
 * 64, found before any file is read or any request is made.
 */
import { parseStep, parseTime } from '../../sources/time.js';
import type { CliIo } from '../io.js';
import type { OptionValues } from '../parse.js';
import { BASIC_AUTH_ENV } from './credentials.js';
import type { SourceName } from './fetch-options.js';
import { nonEmpty, repeatedValues, stringFlag, usage } from './flag-values.js';
import { parseHeaderFlags } from './header-flags.js';

/** Names `--var` may not define: they are set by other flags or built in. */
const RESERVED_VARIABLES: Readonly<Record<string, string>> = {
  scope: 'is set per side by --baseline-scope and --canary-scope',
  location: 'is set by --location',
  step: 'is built in (the step as a duration, e.g. 60s)',
};

/** Where and what to fetch: the checked flags. */
export interface FetchFlags {
  readonly source: SourceName;
  readonly configSource: string;
  readonly startMs: number;
  readonly endMs: number;
  /** The step as given (seconds or a duration), undefined for the automatic choice. */
  readonly step: string | undefined;
  readonly baseline: { readonly scope: string; readonly location?: string };
  readonly canary: { readonly scope: string; readonly location?: string };
  readonly variables: Readonly<Record<string, string>>;
  readonly timeoutMs: number | undefined;
  /** Retries after the first attempt; undefined for the source's default. */
  readonly retries: number | undefined;
  readonly prometheus:
    | {
        readonly url: string;
        readonly bearerTokenFile: string | undefined;
        readonly basicAuthFile: string | undefined;
        /** Headers from `--header` (never a secret: those are refused). */
        readonly headers: Readonly<Record<string, string>>;
        readonly headerFile: string | undefined;
      }
    | undefined;
  readonly cloudwatch: { readonly region: string; readonly endpoint: string | undefined } | undefined;
}

const NOW_RELATIVE = /^now(?:\s*-\s*(\S+))?$/;

/**
 * A time flag in epoch milliseconds: RFC 3339, epoch seconds, `now`, or `now-DURATION`.
 *
 * @example
 * parseTimeFlag('now-1h', 'start', 7_200_000, 'fetch') // => 3600000
 */
export function parseTimeFlag(raw: string, flag: string, nowMs: number, commandName: string): number {
  const expected = 'expected an RFC 3339 time (2024-01-01T10:00:00Z), epoch seconds, "now" or "now-DURATION" (e.g. now-1h)';
  const relative = NOW_RELATIVE.exec(raw.trim());
  if (relative !== null) {
    if (relative[1] === undefined) return nowMs;
    try {
      return nowMs - parseStep(relative[1], flag);
    } catch {
      throw usage(`--${flag} "${raw}" is not a time: ${expected}`, commandName);
    }
  }
  try {
    return parseTime(raw.trim(), flag);
  } catch (error) {
    const looksLikeMs = /milliseconds/.test((error as Error).message);
    throw usage(`--${flag} "${raw}" is not a time: ${expected}${looksLikeMs ? ` (${raw} looks like milliseconds: divide by 1000)` : ''}`, commandName);
  }
}

/** Parses `--var NAME=VALUE` flags. */
export function parseVariables(raw: OptionValues[string], commandName: string): Record<string, string> {
  const given = repeatedValues(raw);
  const variables: Record<string, string> = {};
  for (const entry of given) {
    const equals = entry.indexOf('=');
    const name = equals === -1 ? entry : entry.slice(0, equals);
    if (equals === -1 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw usage(`--var takes NAME=VALUE with NAME of letters, digits and _ (not starting with a digit); received "${entry}"`, commandName);
    }
    const reserved = RESERVED_VARIABLES[name];
    if (reserved !== undefined) throw usage(`--var cannot define ${name}: \${${name}} ${reserved}`, commandName);
    if (Object.prototype.hasOwnProperty.call(variables, name)) throw usage(`--var ${name} was given twice`, commandName);
    Object.defineProperty(variables, name, { value: entry.slice(equals + 1), enumerable: true, writable: true, configurable: true });
  }
  return variables;
}

/**
 * Reads and checks the flags of `fetch` / `run`. Every mistake is exit 64, found before any file
 * is read or any request is made. `now` in `--start` / `--end` is `nowMs` rounded down to the minute.
 */
export function readFetchFlags(values: OptionValues, env: CliIo['env'], nowMs: number, commandName: string): FetchFlags {
  const source = (stringFlag(values, 'source') ?? 'prometheus') as SourceName;
  const configSource = stringFlag(values, 'config');
  if (configSource === undefined) throw usage(`'${commandName}' needs --config CONFIG.json (the judge configuration with a query per metric)`, commandName);

  const prometheusFlags = ['prometheus-url', 'bearer-token-file', 'basic-auth-file', 'header', 'header-file'].filter((flag) => values[flag] !== undefined);
  const cloudwatchFlags = ['region', 'endpoint'].filter((flag) => values[flag] !== undefined);
  if (source === 'cloudwatch' && prometheusFlags.length > 0) {
    throw usage(`${prometheusFlags.map((flag) => `--${flag}`).join(', ')} ${prometheusFlags.length === 1 ? 'is' : 'are'} for --source prometheus, not cloudwatch`, commandName);
  }
  if (source === 'prometheus' && cloudwatchFlags.length > 0) {
    throw usage(`${cloudwatchFlags.map((flag) => `--${flag}`).join(', ')} ${cloudwatchFlags.length === 1 ? 'is' : 'are'} for --source cloudwatch (add --source cloudwatch)`, commandName);
  }

  let prometheus: FetchFlags['prometheus'];
  let cloudwatch: FetchFlags['cloudwatch'];
  if (source === 'prometheus') {
    const url = stringFlag(values, 'prometheus-url');
    if (url === undefined) throw usage(`'${commandName}' needs --prometheus-url URL (or --source cloudwatch --region REGION)`, commandName);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw usage('--prometheus-url is not an absolute URL: expected e.g. http://prometheus:9090', commandName);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw usage(`--prometheus-url must be an http: or https: URL, not ${parsed.protocol}`, commandName);
    if (parsed.password !== '') {
      throw usage(
        '--prometheus-url must not hold a password: the command line is visible to every user in `ps` and stays in the shell history',
        commandName,
        `put "user:password" in a file and pass --basic-auth-file FILE, or set ${BASIC_AUTH_ENV}`,
      );
    }
    const bearerTokenFile = stringFlag(values, 'bearer-token-file');
    const basicAuthFile = stringFlag(values, 'basic-auth-file');
    if (bearerTokenFile !== undefined && basicAuthFile !== undefined) throw usage('give --bearer-token-file or --basic-auth-file, not both', commandName);
    const headerFile = stringFlag(values, 'header-file');
    const fromStdin = [bearerTokenFile, basicAuthFile, headerFile, configSource].filter((file) => file === '-').length;
    if (fromStdin > 1) throw usage('only one input can be read from standard input ("-")', commandName);
    prometheus = { url, bearerTokenFile, basicAuthFile, headers: parseHeaderFlags(values['header'], commandName), headerFile };
  } else {
    const region = stringFlag(values, 'region') ?? nonEmpty(env['AWS_REGION']) ?? nonEmpty(env['AWS_DEFAULT_REGION']);
    if (region === undefined) throw usage(`'${commandName} --source cloudwatch' needs --region REGION (or AWS_REGION in the environment)`, commandName);
    if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) throw usage(`--region must be an AWS region such as us-east-1; received "${region}"`, commandName);
    const endpoint = stringFlag(values, 'endpoint');
    if (endpoint !== undefined) {
      let parsed: URL;
      try {
        parsed = new URL(endpoint);
      } catch {
        throw usage('--endpoint is not an absolute URL: expected e.g. http://127.0.0.1:5000', commandName);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw usage(`--endpoint must be an http: or https: URL, not ${parsed.protocol}`, commandName);
      if (parsed.username !== '' || parsed.password !== '') throw usage('--endpoint must not hold credentials; the AWS SDK takes them from its provider chain (environment, profile, role)', commandName);
    }
    cloudwatch = { region, endpoint };
  }

  const startRaw = stringFlag(values, 'start');
  const endRaw = stringFlag(values, 'end');
  if (startRaw === undefined || endRaw === undefined) {
    throw usage(`'${commandName}' needs the window: --start TIME --end TIME (e.g. --start now-1h --end now)`, commandName);
  }
  // `now` is taken on the whole minute: CloudWatch wants starts on a minute boundary, and a window
  // given relative to now is then the same for every query and every rerun within the minute.
  const minuteMs = Math.floor(nowMs / 60_000) * 60_000;
  const startMs = parseTimeFlag(startRaw, 'start', minuteMs, commandName);
  const endMs = parseTimeFlag(endRaw, 'end', minuteMs, commandName);
  if (endMs <= startMs) {
    throw usage(`--end (${new Date(endMs).toISOString()}) must be after --start (${new Date(startMs).toISOString()})`, commandName);
  }

  const step = stringFlag(values, 'step');
  if (step !== undefined) {
    try {
      parseStep(step, 'step');
    } catch {
      throw usage(`--step must be a positive number of seconds or a duration such as 30s, 1m or 1h30m; received "${step}"`, commandName);
    }
  }
  const retriesRaw = stringFlag(values, 'retries');
  let retries: number | undefined;
  if (retriesRaw !== undefined) {
    if (!/^\d{1,2}$/.test(retriesRaw.trim()) || Number(retriesRaw) > 10) {
      throw usage(`--retries must be a whole number from 0 to 10; received "${retriesRaw}"`, commandName);
    }
    retries = Number(retriesRaw);
  }
  const timeout = stringFlag(values, 'timeout');
  let timeoutMs: number | undefined;
  if (timeout !== undefined) {
    try {
      timeoutMs = parseStep(timeout, 'timeout');
    } catch {
      throw usage(`--timeout must be a positive number of seconds or a duration such as 30s or 2m; received "${timeout}"`, commandName);
    }
  }

  const baselineScope = stringFlag(values, 'baseline-scope');
  const canaryScope = stringFlag(values, 'canary-scope');
  if (baselineScope === undefined || canaryScope === undefined) {
    const missing = [baselineScope === undefined ? '--baseline-scope' : '', canaryScope === undefined ? '--canary-scope' : ''].filter((flag) => flag !== '');
    throw usage(`'${commandName}' needs ${missing.join(' and ')}: the value of \${scope} in each side's queries (e.g. its version label)`, commandName);
  }
  const location = stringFlag(values, 'location');
  const side = (scope: string) => (location === undefined ? { scope } : { scope, location });
  return {
    source,
    configSource,
    startMs,
    endMs,
    step,
    baseline: side(baselineScope),
    canary: side(canaryScope),
    variables: parseVariables(values['var'], commandName),
    timeoutMs,
    retries,
    prometheus,
    cloudwatch,
  };
}
