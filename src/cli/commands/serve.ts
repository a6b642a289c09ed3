/**
 * `canary-judge serve [--port N] [--host H] [--analyses DIR] [--token-file FILE] [--base-path /P]
 * [--workers N] [--drain-timeout DURATION]`: runs the judge as an HTTP service (Kayenta's
 * RemoteJudge protocol on POST /judge, the native judge on POST /v1/judge, and with --analyses the
 * analysis routes that fetch the metrics themselves) until SIGINT or SIGTERM, then drains: no new
 * connections, every request already received is answered (up to --drain-timeout), exit 0; 75 when
 * the drain timed out (or a second signal cut it short) and requests were cut.
 */
import { availableParallelism } from 'node:os';
import { registerSecret, registerUrlSecrets } from '../redacted-io.js';
import { basename } from 'node:path';
import { parseStep } from '../../sources/time.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { readInput } from '../io.js';
import type { Command, CommandContext, OptionValues } from '../parse.js';
import { BASIC_AUTH_ENV, BEARER_TOKEN_ENV, readPrometheusCredentials } from '../fetching/credentials.js';
import { FETCH_OPTIONS, REFUSED_FETCH_OPTIONS } from '../fetching/fetch-options.js';
import { parseHeaderFlags, readRequestHeaders } from '../fetching/header-flags.js';

const DEFAULT_PORT = 8080;
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_DRAIN_TIMEOUT = '30s';
/** More threads than this rarely help one judge service and each costs memory (tens of MiB). */
const MAX_DEFAULT_WORKERS = 4;
const MAX_WORKERS = 64;
/** Flags that only make sense with --analyses: the sources' credentials. */
const SOURCE_FLAGS = ['bearer-token-file', 'basic-auth-file', 'header', 'header-file'] as const;

function usage(message: string): CliError {
  return new CliError(message, EXIT.usage, { hint: "run 'canary-judge serve --help' for usage" });
}

function parsePort(raw: OptionValues[string]): number {
  if (typeof raw !== 'string') return DEFAULT_PORT;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw usage(`--port must be a whole number from 0 to 65535 (0 picks a free port); received "${raw}"`);
  }
  return port;
}

function parseWorkers(raw: string | undefined): number {
  if (raw === undefined) return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_WORKERS));
  const workers = Number(raw);
  if (!/^\d+$/.test(raw) || workers < 1 || workers > MAX_WORKERS) throw usage(`--workers must be a whole number from 1 to ${MAX_WORKERS}; received "${raw}"`);
  return workers;
}

function parseDrainTimeout(raw: string | undefined): number {
  const text = raw ?? DEFAULT_DRAIN_TIMEOUT;
  let ms: number;
  try {
    ms = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : parseStep(text, '--drain-timeout');
  } catch {
    throw usage(`--drain-timeout must be a duration such as 30s, 1m or 500ms (a bare number is seconds); received "${text}"`);
  }
  if (!Number.isFinite(ms) || ms < 0 || ms > 3_600_000) throw usage(`--drain-timeout must be from 0 to 1h; received "${text}"`);
  return ms;
}

function stringFlag(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function checkBasePath(raw: string | undefined): string {
  if (raw === undefined) return '';
  const trimmed = raw.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!/^(\/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+$/.test(trimmed)) throw usage(`--base-path must be a URL path such as /canary-judge; received "${raw}"`);
  return trimmed;
}

/** The server's access token from --token-file: one line, at least 16 characters, no whitespace. */
async function readAccessToken(file: string, context: CommandContext): Promise<string> {
  const label = `token file ${file === '-' ? 'from standard input' : `"${file}"`}`;
  const token = (await readInput(file, context.io, { label, maxBytes: 64 * 1024 })).trim();
  registerSecret(context.io, token);
  if (token.length < 16 || /\s/.test(token)) {
    throw new CliError(`${label} must hold one token of at least 16 characters, with no whitespace`, EXIT.invalidInput, {
      hint: 'generate one with e.g. `openssl rand -hex 32 > token`',
    });
  }
  return token;
}

/** Loads and validates every template; any problem stops the server (65), naming each file and JSON path. */
async function loadTemplates(directory: string) {
  const { loadAnalysisTemplates } = await import('../../server/index.js');
  const loaded = await loadAnalysisTemplates(directory);
  if (loaded.ok) return loaded.templates;
  if (loaded.reason === 'unreadable') throw new CliError(loaded.message, EXIT.noInput);
  const issues = loaded.files.flatMap(({ file, issues: fileIssues }) => fileIssues.map((issue) => ({ path: `${file} ${issue.path}`, message: issue.message })));
  const names = loaded.files.map(({ file }) => file).join(', ');
  throw new CliError(
    `${loaded.files.length === 1 ? 'analysis template' : `${loaded.files.length} analysis templates`} not valid: ${names}`,
    EXIT.invalidInput,
    { issues, hint: 'see docs/orchestrators.md for the template format; the server starts only when every template is valid' },
  );
}

export const command: Command = {
  name: 'serve',
  summary: 'Run the judge as an HTTP service (Kayenta remote judge, Argo Rollouts, Flagger)',
  usage: ['serve [--port N] [--host H] [--analyses DIR] [--token-file FILE] [--base-path /PREFIX] [--workers N] [--drain-timeout DURATION]'],
  description: [
    [
      'Serves POST /judge (Kayenta RemoteJudge protocol), POST /v1/judge (native config + data -> Judgement),',
      'GET /judges and GET /healthz. Logs go to stderr; the first line gives the address, e.g.',
      '"canary-judge: listening on http://127.0.0.1:8080". Judging runs on --workers threads, so /healthz',
      'stays fast; a full queue is answered 503 with Retry-After, a request over its time budget 504.',
    ].join('\n'),
    [
      'SIGINT or SIGTERM stops it gracefully: no new connections, every request already received is',
      'answered, then exit 0. After --drain-timeout the remaining connections are cut and the exit code is',
      '75; a second signal cuts them at once.',
    ].join('\n'),
    'It listens on 127.0.0.1 by default; use --host 0.0.0.0 in a container.',
    [
      'With --analyses DIR, every DIR/NAME.json analysis template (a config with a query per metric and a',
      '"source") is validated at start-up (a bad one: exit 65 naming the file and JSON path) and served on',
      'GET /v1/analyses, POST /v1/analyses/NAME/judge (native body or Flagger webhook payload; ?failStatus=412)',
      'and GET /v1/analyses/NAME/report (HTML). The server fetches the metrics itself with the credentials of',
      `--bearer-token-file or ${BEARER_TOKEN_ENV}, --basic-auth-file or ${BASIC_AUTH_ENV}, --header-file, or the AWS`,
      'SDK chain; they never appear in a response or a log. See docs/orchestrators.md.',
    ].join('\n'),
  ],
  options: {
    port: { type: 'string', short: 'p', valueName: 'N', description: 'TCP port (0: any free port).', defaultText: String(DEFAULT_PORT) },
    host: { type: 'string', valueName: 'H', description: 'Address to listen on.', defaultText: DEFAULT_HOST },
    analyses: { type: 'string', valueName: 'DIR', description: 'Directory of analysis templates (NAME.json), served under /v1/analyses.' },
    'token-file': {
      type: 'string',
      valueName: 'FILE',
      description: 'File holding an access token: every route but /healthz then needs "Authorization: Bearer <token>".',
    },
    workers: {
      type: 'string',
      valueName: 'N',
      description: 'Worker threads that parse, judge and render reports.',
      defaultText: `the number of cores, at most ${MAX_DEFAULT_WORKERS}`,
    },
    'drain-timeout': {
      type: 'string',
      valueName: 'DURATION',
      description: 'On SIGINT / SIGTERM, how long requests already received may take to be answered before their connections are cut (exit 75).',
      defaultText: DEFAULT_DRAIN_TIMEOUT,
    },
    'base-path': { type: 'string', valueName: '/PREFIX', description: 'Serve every route under this path (e.g. /canary-judge for Kayenta\'s RemoteJudge base URL).' },
    'bearer-token-file': FETCH_OPTIONS['bearer-token-file'] as NonNullable<(typeof FETCH_OPTIONS)[string]>,
    'basic-auth-file': FETCH_OPTIONS['basic-auth-file'] as NonNullable<(typeof FETCH_OPTIONS)[string]>,
    header: FETCH_OPTIONS['header'] as NonNullable<(typeof FETCH_OPTIONS)[string]>,
    'header-file': FETCH_OPTIONS['header-file'] as NonNullable<(typeof FETCH_OPTIONS)[string]>,
  },
  refusedOptions: REFUSED_FETCH_OPTIONS,
  positionals: { min: 0, max: 0, names: 'no arguments' },
  examples: [
    { note: 'local use', command: 'canary-judge serve' },
    { note: 'in a container, reachable by Kayenta, Argo Rollouts or Flagger', command: 'canary-judge serve --host 0.0.0.0 --port 8080' },
    {
      note: 'analysis templates fetched from Prometheus, behind a token',
      command: 'canary-judge serve --host 0.0.0.0 --analyses /etc/canary-judge/analyses --token-file /var/run/secrets/canary-judge/token',
    },
  ],
  async run(context) {
    const { io, values } = context;
    const port = parsePort(values['port']);
    const host = typeof values['host'] === 'string' ? values['host'] : DEFAULT_HOST;
    const basePath = checkBasePath(stringFlag(values, 'base-path'));
    const analysesDirectory = stringFlag(values, 'analyses');
    const given = SOURCE_FLAGS.filter((flag) => values[flag] !== undefined);
    if (analysesDirectory === undefined && given.length > 0) {
      throw usage(`${given.map((flag) => `--${flag}`).join(', ')} ${given.length === 1 ? 'is' : 'are'} for the metric sources of --analyses DIR`);
    }
    const bearerTokenFile = stringFlag(values, 'bearer-token-file');
    const basicAuthFile = stringFlag(values, 'basic-auth-file');
    if (bearerTokenFile !== undefined && basicAuthFile !== undefined) throw usage('give --bearer-token-file or --basic-auth-file, not both');
    const headerFile = stringFlag(values, 'header-file');
    const tokenFile = stringFlag(values, 'token-file');
    if ([bearerTokenFile, basicAuthFile, headerFile, tokenFile].filter((file) => file === '-').length > 1) throw usage('only one input can be read from standard input ("-")');
    const headerFlags = parseHeaderFlags(values['header'], 'serve');
    const workerThreads = parseWorkers(stringFlag(values, 'workers'));
    const drainTimeoutMs = parseDrainTimeout(stringFlag(values, 'drain-timeout'));

    const token = tokenFile === undefined ? undefined : await readAccessToken(tokenFile, context);
    const server = await import('../../server/index.js');
    let analyses: import('../../server/index.js').AnalysesOptions | undefined;
    if (analysesDirectory !== undefined) {
      const templates = await loadTemplates(analysesDirectory);
      const usesPrometheus = templates.some((template) => template.source.kind === 'prometheus');
      for (const template of templates) if (template.source.kind === 'prometheus') registerUrlSecrets(io, template.source.url);
      const credentials = usesPrometheus ? await readPrometheusCredentials({ bearerTokenFile, basicAuthFile }, io, 'serve') : {};
      const headers = usesPrometheus ? await readRequestHeaders({ headers: headerFlags, headerFile }, io, 'serve') : {};
      const collector = server.createAnalysisCollector({ ...credentials, ...(Object.keys(headers).length === 0 ? {} : { headers }) });
      analyses = { templates, collector };
      context.note(
        `${templates.length} analysis template${templates.length === 1 ? '' : 's'} from ${basename(analysesDirectory)}: ${templates.map((template) => template.name).join(', ')}`,
      );
    }
    const instance = server.createJudgeServer({
      ...(analyses === undefined ? {} : { analyses }),
      ...(token === undefined ? {} : { token }),
      ...(basePath === '' ? {} : { basePath }),
      workerThreads,
      shutdownTimeoutMs: drainTimeoutMs,
      onError: (error, request) => {
        const message = error instanceof Error ? error.message : String(error);
        io.stderr.write(`canary-judge: error in ${request.method} ${request.url.split('?')[0]}: ${message}\n`);
        if (context.debug && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
      },
    });
    let address;
    try {
      address = await instance.listen(port, host);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const reason =
        code === 'EADDRINUSE' ? 'the address is already in use' : code === 'EACCES' ? 'permission denied (ports below 1024 need privileges)' : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' ? 'no such address on this machine' : (error as Error).message;
      throw new CliError(`cannot listen on ${host}:${port}: ${reason}`, EXIT.unavailable);
    }
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const routes = ['POST /judge', 'POST /v1/judge', 'GET /judges', 'GET /healthz', ...(analyses === undefined ? [] : ['GET /v1/analyses', 'POST /v1/analyses/NAME/judge', 'GET /v1/analyses/NAME/report'])];
    const extras = [basePath === '' ? '' : `under ${basePath}`, token === undefined ? '' : 'bearer token required but on /healthz'].filter((text) => text !== '');
    context.note(`listening on http://${shown}:${address.port} (${routes.join(', ')})${extras.length === 0 ? '' : `; ${extras.join('; ')}`}`);

    const signal = await new Promise<string>((resolve) => {
      const unsubscribe = io.onShutdownSignal?.((received) => {
        unsubscribe?.();
        resolve(received);
      });
    });
    context.note(`${signal} received: answering the requests already received (up to ${formatSeconds(drainTimeoutMs)}), accepting no new ones`);
    // A second signal cuts the drain short.
    const unsubscribe = io.onShutdownSignal?.((again) => {
      context.note(`${again} received again: cutting the remaining connections`);
      instance.cutNow();
    });
    const { cut, cutRequests } = await instance.close();
    unsubscribe?.();
    if (cut) {
      context.note(`stopped; connections still open were cut (${cutRequests} request${cutRequests === 1 ? '' : 's'} unanswered)`);
      return EXIT.drainCut;
    }
    context.note('stopped');
    return EXIT.pass;
  },
};

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
