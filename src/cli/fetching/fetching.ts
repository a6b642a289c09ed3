/**
 * What `fetch` and `run` share: their flags, reading and checking them (bad flags → 64), the
 * credentials (from files or the environment, never from a flag value), fetching every metric from
 * Prometheus or CloudWatch with a progress line on a terminal, and turning the sources' failures
 * into exit codes (unreachable → 69, a query or config the source rejects → 65, interrupted → 130).
 *
 * The adapters are imported only here and only when a fetch runs, so `judge` never loads them, and
 * `@aws-sdk/client-cloudwatch` (an optional peer) is needed only for `--source cloudwatch`.
 */
import type { CanaryConfig } from '../../judge/index.js';
import type { CollectedData, CollectedQuery, CollectProgress } from '../../sources/collect.js';
import { isSourceError } from '../../sources/source-error.js';
import { parseStep, parseTime } from '../../sources/time.js';
import { isCanaryJudgeError, type InvalidOptionError } from '../../shared/errors.js';
import { CliError, isCliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { readInput, type CliIo } from '../io.js';
import type { CommandContext, OptionSpec, OptionValues } from '../parse.js';
import { isSecretHeader, mergeHeaders, parseHeader, parseHeaderFile } from './request-headers.js';
import { MAX_INPUT_OPTION } from '../load-inputs.js';

export const SOURCES = ['prometheus', 'cloudwatch'] as const;
export type SourceName = (typeof SOURCES)[number];

/** Environment variables the credentials may come from. */
export const BEARER_TOKEN_ENV = 'PROMETHEUS_BEARER_TOKEN';
export const BASIC_AUTH_ENV = 'PROMETHEUS_BASIC_AUTH';

/** Largest credentials file read (a token is a few KiB at most). */
const MAX_SECRET_BYTES = 64 * 1024;

/** The flags of `fetch` and `run` (besides their own `--output` / `--format`). */
export const FETCH_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  config: { type: 'string', short: 'c', valueName: 'FILE', description: 'Judge configuration with a query per metric (JSON; "-" for standard input).' },
  source: { type: 'string', short: 's', valueName: 'SOURCE', description: 'Where the metrics are.', choices: SOURCES, defaultText: 'prometheus' },
  'prometheus-url': { type: 'string', valueName: 'URL', description: 'Base URL of the Prometheus HTTP API (Prometheus, Thanos, Mimir…), e.g. http://prometheus:9090.' },
  'bearer-token-file': {
    type: 'string',
    valueName: 'FILE',
    description: `File holding the Prometheus bearer token ("-": standard input); default: $${BEARER_TOKEN_ENV}.`,
  },
  'basic-auth-file': {
    type: 'string',
    valueName: 'FILE',
    description: `File holding "user:password" for Prometheus basic auth; default: $${BASIC_AUTH_ENV}.`,
  },
  header: {
    type: 'string',
    short: 'H',
    valueName: '"NAME: VALUE"',
    multiple: true,
    description: 'Extra HTTP header for Prometheus, e.g. "X-Scope-OrgID: tenant-1" (Mimir, Cortex, Thanos). Headers that carry credentials go in --header-file.',
  },
  'header-file': {
    type: 'string',
    valueName: 'FILE',
    description: 'File of extra Prometheus headers, one "NAME: VALUE" per line (# comments); for headers that carry secrets, such as an API key.',
  },
  retries: {
    type: 'string',
    valueName: 'N',
    description: 'Retries after the first attempt on network errors, timeouts, 5xx and 429 / throttling (0–10).',
    defaultText: '3 (Prometheus), 4 (CloudWatch)',
  },
  region: { type: 'string', valueName: 'REGION', description: 'AWS region for --source cloudwatch; default: $AWS_REGION, then $AWS_DEFAULT_REGION.' },
  endpoint: { type: 'string', valueName: 'URL', description: 'CloudWatch endpoint URL (a VPC endpoint, or a local moto server).' },
  start: { type: 'string', valueName: 'TIME', description: 'Start of the window: RFC 3339, epoch seconds, "now" or "now-DURATION" (e.g. now-1h).' },
  end: { type: 'string', valueName: 'TIME', description: 'End of the window, as --start.' },
  step: { type: 'string', valueName: 'STEP', description: 'Step between points: seconds or a duration such as 30s, 1m.', defaultText: 'automatic' },
  'baseline-scope': { type: 'string', valueName: 'SCOPE', description: 'Value of ${scope} in the baseline\'s queries (e.g. its version label).' },
  'canary-scope': { type: 'string', valueName: 'SCOPE', description: 'Value of ${scope} in the canary\'s queries.' },
  location: { type: 'string', valueName: 'LOCATION', description: 'Value of ${location} in both sides\' queries.' },
  var: { type: 'string', valueName: 'NAME=VALUE', multiple: true, description: 'Defines ${NAME} in every query.' },
  timeout: { type: 'string', valueName: 'DURATION', description: 'Time limit of each query (Prometheus) or batch of queries (CloudWatch), retries included.', defaultText: '60s' },
  'max-input-mb': MAX_INPUT_OPTION,
};

/** Flags refused with the reason, whatever their value. */
export const REFUSED_FETCH_OPTIONS: Readonly<Record<string, string>> = {
  'bearer-token': `a token on the command line is visible to every user in \`ps\` and stays in the shell history; put it in a file and pass --bearer-token-file FILE, or set ${BEARER_TOKEN_ENV}`,
  'basic-auth': `a password on the command line is visible to every user in \`ps\` and stays in the shell history; put "user:password" in a file and pass --basic-auth-file FILE, or set ${BASIC_AUTH_ENV}`,
  password: `a password on the command line is visible in \`ps\`; use --basic-auth-file FILE or ${BASIC_AUTH_ENV}`,
};

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

function usage(message: string, commandName: string, hint?: string): CliError {
  return new CliError(message, EXIT.usage, { hint: hint ?? `run 'canary-judge ${commandName} --help' for usage` });
}

function stringFlag(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
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

/** The values of a repeatable string flag, in the order given (none when absent). */
function repeatedValues(raw: OptionValues[string]): readonly string[] {
  return typeof raw === 'string' ? [raw] : Array.isArray(raw) ? (raw as readonly string[]) : [];
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

/** Parses `--header "NAME: VALUE"` flags; a header that carries credentials is refused (64). */
export function parseHeaderFlags(raw: OptionValues[string], commandName: string): Record<string, string> {
  const given = repeatedValues(raw);
  const parsed = given.map((entry) => {
    const header = parseHeader(entry);
    if ('problem' in header) throw usage(`--header: ${header.problem}`, commandName);
    if (isSecretHeader(header.name)) {
      throw usage(
        `--header ${header.name}: a header that carries a secret must not go on the command line, where every user sees it in \`ps\` and the shell history keeps it`,
        commandName,
        'put "NAME: VALUE" lines in a file and pass --header-file FILE',
      );
    }
    return header;
  });
  try {
    return mergeHeaders({}, parsed);
  } catch (error) {
    throw usage(`--header: ${(error as Error).message}`, commandName);
  }
}

/** Reads `--header-file` and merges it with the `--header` flags (a name given twice is 64). Also used by `serve --analyses`. */
export async function readRequestHeaders(flags: Pick<NonNullable<FetchFlags['prometheus']>, 'headers' | 'headerFile'>, io: CliIo, commandName: string): Promise<Record<string, string>> {
  const headers = { ...flags.headers };
  if (flags.headerFile === undefined) return headers;
  const label = `header file ${flags.headerFile === '-' ? 'from standard input' : `"${flags.headerFile}"`}`;
  const { headers: fromFile, problems } = parseHeaderFile(await readInput(flags.headerFile, io, { label, maxBytes: MAX_SECRET_BYTES }));
  if (problems.length > 0) throw new CliError(`${label} is not valid: ${problems.join('; ')}`, EXIT.invalidInput);
  if (fromFile.length === 0) throw new CliError(`${label} holds no header`, EXIT.invalidInput);
  try {
    return mergeHeaders(headers, fromFile);
  } catch (error) {
    throw usage(`${(error as Error).message} (in --header and ${label})`, commandName);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Prometheus credentials: a file flag wins over the environment; never from a flag value. Also used by `serve --analyses`. */
export async function readPrometheusCredentials(
  flags: Pick<NonNullable<FetchFlags['prometheus']>, 'bearerTokenFile' | 'basicAuthFile'>,
  io: CliIo,
  commandName: string,
): Promise<{ bearerToken?: string; basicAuth?: { username: string; password: string } }> {
  const readSecret = async (file: string, what: string): Promise<string> => {
    const label = `${what} file ${file === '-' ? 'from standard input' : `"${file}"`}`;
    const text = (await readInput(file, io, { label, maxBytes: MAX_SECRET_BYTES })).trim();
    if (text === '') throw new CliError(`${label} is empty`, EXIT.invalidInput);
    return text;
  };
  const bearer = (token: string, where: string) => {
    if (/[\r\n]/.test(token)) throw new CliError(`the bearer token from ${where} spans several lines; it must be one line`, EXIT.invalidInput);
    return { bearerToken: token };
  };
  const basic = (text: string, where: string) => {
    const colon = text.indexOf(':');
    if (colon <= 0 || /[\r\n]/.test(text)) {
      throw new CliError(`the basic-auth credentials from ${where} must be one line "user:password"`, EXIT.invalidInput);
    }
    return { basicAuth: { username: text.slice(0, colon), password: text.slice(colon + 1) } };
  };
  if (flags.bearerTokenFile !== undefined) return bearer(await readSecret(flags.bearerTokenFile, 'bearer token'), '--bearer-token-file');
  if (flags.basicAuthFile !== undefined) return basic(await readSecret(flags.basicAuthFile, 'basic-auth'), '--basic-auth-file');
  const token = nonEmpty(io.env[BEARER_TOKEN_ENV]);
  const credentials = nonEmpty(io.env[BASIC_AUTH_ENV]);
  if (token !== undefined && credentials !== undefined) {
    throw usage(`both ${BEARER_TOKEN_ENV} and ${BASIC_AUTH_ENV} are set; unset one of them, or pick one with --bearer-token-file / --basic-auth-file`, commandName);
  }
  if (token !== undefined) return bearer(token, BEARER_TOKEN_ENV);
  if (credentials !== undefined) return basic(credentials, BASIC_AUTH_ENV);
  return {};
}

/** Every metric needs a query for the chosen source; all the missing ones are listed at once (65). */
function checkQueries(config: CanaryConfig, source: SourceName, configLabel: string): void {
  const key = source === 'prometheus' ? 'query' : 'cloudwatch';
  const issues = config.metrics.flatMap((metric, index) =>
    metric[key] === undefined
      ? [
          {
            path: `metrics[${index}].${key}`,
            message:
              source === 'prometheus'
                ? `metric "${metric.name}" has no query: expected a PromQL template${metric.test === 'rate' ? ' pair { "events": …, "total": … }' : ''}`
                : `metric "${metric.name}" has no cloudwatch query: expected { namespace, metricName, dimensions, statistic }${metric.test === 'rate' ? ' for each of events and total' : ' or { expression }'}`,
          },
        ]
      : [],
  );
  if (issues.length > 0) {
    throw new CliError(
      `${configLabel} cannot be fetched from ${source === 'prometheus' ? 'Prometheus' : 'CloudWatch'}: ${issues.length === 1 ? 'a metric has' : `${issues.length} metrics have`} no ${key === 'query' ? 'query' : '"cloudwatch" query'}`,
      EXIT.invalidInput,
      { issues, hint: `see docs/${source}.md for the "${key}" key of a metric` },
    );
  }
}

/** What a fetch gave. */
export interface Fetched {
  readonly data: CollectedData;
  readonly queries: readonly CollectedQuery[];
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
  /** The source, e.g. `Prometheus at http://prometheus:9090` (never with credentials). */
  readonly description: string;
}

/** A one-line progress display on a terminal: redrawn in place, cleared when done. */
function progressLine(context: CommandContext): { show(text: string): void; clear(): void } {
  const { stderr } = context.io;
  if (stderr.isTTY !== true || context.quiet) return { show: () => {}, clear: () => {} };
  const columns = (stderr as { columns?: unknown }).columns;
  const width = typeof columns === 'number' && columns > 20 ? columns - 1 : 79;
  let shown = false;
  return {
    show(text) {
      const line = `canary-judge: ${text}`.replace(/[\u0000-\u001f\u007f]/g, ' ');
      stderr.write(`\r\u001b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
      shown = true;
    },
    clear() {
      if (shown) stderr.write('\r\u001b[2K');
      shown = false;
    },
  };
}

/**
 * Fetches every metric of `config` for both sides. Subscribes to the shutdown signals for the
 * duration (a signal cancels every query in flight); draws a progress line on a terminal.
 */
export async function fetchMetrics(context: CommandContext, flags: FetchFlags, config: CanaryConfig, configLabel: string, commandName: string): Promise<Fetched> {
  const { io } = context;
  checkQueries(config, flags.source, configLabel);
  const credentials = flags.prometheus === undefined ? {} : await readPrometheusCredentials(flags.prometheus, io, commandName);
  const headers = flags.prometheus === undefined ? {} : await readRequestHeaders(flags.prometheus, io, commandName);

  const controller = new AbortController();
  let interruptedBy: string | undefined;
  const unsubscribe = io.onShutdownSignal?.((signal) => {
    interruptedBy = signal;
    controller.abort(new Error(`${signal} received`));
  });
  const progress = progressLine(context);
  // Two sides, and two queries (events, total) for a rate metric.
  const queryCount = config.metrics.reduce((sum, metric) => sum + (metric.test === 'rate' ? 4 : 2), 0);
  let description = flags.source === 'prometheus' ? 'Prometheus' : 'CloudWatch';
  const onProgress = (step: CollectProgress) => {
    const role = step.role === 'value' ? '' : `, ${step.role}`;
    progress.show(`fetching ${step.done}/${step.total} queries from ${description} (last: ${step.metric}, ${step.side}${role})`);
  };
  const common = {
    start: flags.startMs / 1000,
    end: flags.endMs / 1000,
    ...(flags.step === undefined ? {} : { step: flags.step }),
    baseline: flags.baseline,
    canary: flags.canary,
    variables: flags.variables,
    signal: controller.signal,
    onProgress,
  };
  try {
    if (flags.prometheus !== undefined) {
      const { createPrometheusSource, collectDetailed } = await import('../../prometheus.js');
      const source = createPrometheusSource({
        url: flags.prometheus.url,
        ...credentials,
        ...(Object.keys(headers).length === 0 ? {} : { headers }),
        ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
        ...(flags.retries === undefined ? {} : { retries: flags.retries }),
      });
      description = source.description;
      progress.show(`fetching 0/${queryCount} queries from ${description}`);
      const details = await collectDetailed(config, source, common);
      return { ...details, description };
    }
    const cloudwatchFlags = flags.cloudwatch as NonNullable<FetchFlags['cloudwatch']>;
    const adapter = await import('../../cloudwatch.js');
    try {
      await adapter.loadCloudWatchSdk();
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 'MISSING_DEPENDENCY') throw error;
      const { name, versions } = adapter.CLOUDWATCH_SDK_PACKAGE;
      throw new CliError(`--source cloudwatch needs the AWS SDK package ${name}, which is not installed`, EXIT.unavailable, {
        hint: `install it next to canary-judge: npm install ${name}@${versions} (it is an optional peer dependency, so that Prometheus users need not install the AWS SDK; see docs/cloudwatch.md)`,
      });
    }
    const source = adapter.createCloudWatchSource({
      region: cloudwatchFlags.region,
      ...(cloudwatchFlags.endpoint === undefined ? {} : { endpoint: cloudwatchFlags.endpoint }),
      ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
      ...(flags.retries === undefined ? {} : { maxAttempts: flags.retries + 1 }),
    });
    description = source.description;
    progress.show(`fetching 0/${queryCount} queries from ${description}`);
    const details = await adapter.collectCloudWatchDetailed(config, source, common);
    return { ...details, description };
  } catch (error) {
    throw fetchFailure(error, flags, configLabel, commandName, interruptedBy);
  } finally {
    progress.clear();
    unsubscribe?.();
  }
}

/** Flags behind the options the library names in InvalidOptionError. */
const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
  start: '--start',
  end: '--end',
  step: '--step',
  url: '--prometheus-url',
  region: '--region',
  endpoint: '--endpoint',
  timeoutMs: '--timeout',
  bearerToken: 'the bearer token',
  basicAuth: 'the basic-auth credentials',
};

/** Turns a failure of the source or of `collect` into a CliError with the right exit code. */
function fetchFailure(error: unknown, flags: FetchFlags, configLabel: string, commandName: string, interruptedBy: string | undefined): unknown {
  if (isCliError(error)) return error;
  if (isSourceError(error)) {
    if (error.code === 'ABORTED' && interruptedBy !== undefined) {
      return new CliError(`interrupted by ${interruptedBy} while fetching; nothing was written`, EXIT.interrupted);
    }
    const metric = error.metric === undefined ? 'the metric' : `metric "${error.metric}"`;
    if (error.unavailable) {
      const hint =
        flags.source === 'prometheus'
          ? 'check --prometheus-url and that Prometheus is up and reachable from here; run again later if it is overloaded'
          : error.errorType === 'CredentialsProviderError'
            ? 'no AWS credentials were found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a role'
            : 'check --region, --endpoint and the network; run again later if CloudWatch is throttling';
      return new CliError(error.message, EXIT.unavailable, { hint });
    }
    switch (error.code) {
      case 'HTTP_STATUS':
        if (error.status === 400 || error.status === 422) {
          return new CliError(error.message, EXIT.invalidInput, { hint: `the source rejected the query of ${metric}: fix it in ${configLabel}` });
        }
        if (error.status === 401 || error.status === 403) {
          const hint =
            flags.source === 'prometheus'
              ? `check the credentials (--bearer-token-file, --basic-auth-file, ${BEARER_TOKEN_ENV}, ${BASIC_AUTH_ENV})`
              : 'check the AWS credentials and that they allow cloudwatch:GetMetricData';
          return new CliError(error.message, EXIT.unavailable, { hint });
        }
        return new CliError(error.message, EXIT.unavailable, {
          hint: flags.source === 'prometheus' ? 'check --prometheus-url: it is the base of the HTTP API, e.g. http://prometheus:9090' : 'check --region and --endpoint',
        });
      case 'BAD_RESPONSE':
        return new CliError(error.message, EXIT.unavailable, {
          hint: flags.source === 'prometheus' ? 'is --prometheus-url the base of a Prometheus HTTP API (e.g. http://prometheus:9090)?' : 'is --endpoint a CloudWatch endpoint?',
        });
      case 'INVALID_TEMPLATE':
        return new CliError(error.message, EXIT.invalidInput, {
          hint: /not defined/.test(error.message) ? 'define the variable with --var NAME=VALUE, or fix the query template' : `fix the query template of ${metric} in ${configLabel}`,
        });
      case 'AMBIGUOUS_SERIES':
      case 'NON_FINITE_VALUE':
        return new CliError(error.message, EXIT.invalidInput, { hint: `fix the query of ${metric} in ${configLabel}` });
      default:
        return new CliError(error.message, EXIT.unavailable);
    }
  }
  if (isCanaryJudgeError(error) && error.code === 'INVALID_OPTION' && 'option' in error) {
    const invalid = error as InvalidOptionError;
    const expected = `expected ${invalid.expected}`;
    if (invalid.option.startsWith('metrics[') || invalid.option.startsWith('config')) {
      return new CliError(`${configLabel} cannot be fetched from ${flags.source === 'prometheus' ? 'Prometheus' : 'CloudWatch'}`, EXIT.invalidInput, {
        issues: [{ path: invalid.option, message: expected }],
      });
    }
    const root = invalid.option.split('.')[0] as string;
    const flag =
      FLAG_OF_OPTION[root] ??
      (root === 'variables' ? `--var ${invalid.option.slice('variables.'.length)}` : root === 'baseline' || root === 'canary' ? `--${root}-scope / --location` : invalid.option);
    return new CliError(`${flag}: ${expected}`, EXIT.usage, { hint: `run 'canary-judge ${commandName} --help' for usage` });
  }
  return error;
}

/**
 * Prints, as warnings on stderr (unless quiet), what each query left: a `nodata` reason (with the
 * query) or a warning the source attached, in the order of the queries.
 */
export function warnQueryNotes(context: CommandContext, queries: readonly CollectedQuery[]): void {
  for (const query of queries) {
    const where = `metric "${query.metric}" (${query.side}${query.role === 'value' ? '' : `, ${query.role}`})`;
    if (query.status === 'nodata') context.warn(`${where}: ${query.reason ?? 'the query returned no data'}`);
    for (const warning of query.warnings) context.warn(`${where}: the source warned: ${warning}`);
  }
}

/** `step 60s, 61 points per series, 2024-01-01T00:10:00Z to 2024-01-01T01:10:00Z`. */
export function describeRange(fetched: Fetched): string {
  const points = Math.floor((fetched.endMs - fetched.startMs) / fetched.stepMs) + 1;
  const step = fetched.stepMs % 1000 === 0 ? `${fetched.stepMs / 1000}s` : `${fetched.stepMs}ms`;
  return `${new Date(fetched.startMs).toISOString()} to ${new Date(fetched.endMs).toISOString()}, step ${step}, ${points} points per series`;
}
