/**
 * `createJudgeServer`: the judge over HTTP with node's own `http` module. Kayenta's RemoteJudge
 * protocol on `POST /judge`, the native judge on `POST /v1/judge`, `GET /judges` and `GET /healthz`,
 * and the analysis routes when templates are given.
 *
 * All CPU work runs on a worker pool (piscina), so the event loop only moves bytes and waits on
 * sources: `/healthz` answers at once whatever the other requests do. `POST /judge` and
 * `POST /v1/judge` are parsed and judged on a worker; an analysis fetches its metrics on the main
 * thread (async I/O) and is judged (and its report rendered) on a worker. The pool's queue is bounded
 * (503 with `Retry-After` when full) and each request's work has a time budget (504). `close()`
 * drains: it stops accepting, answers every request already received, then stops the workers.
 */
import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import { Server as NetServer, type AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import type { JudgeKayentaOptions } from '../kayenta/index.js';
import type { AnalysesOptions } from './analyses/analysis-routes.js';
import { Redactor } from '../shared/redaction.js';
import { bearerTokenCheck } from './bearer-token.js';
import { errorResponse, type JsonResponse, type RouteResponse } from './http-responses.js';
import { readBody } from './read-body.js';
import { createRoutePool, PoolRefusalError, transferableBody, type PoolRefusal, type RoutePool } from './route-pool.js';
import { createFetchGate } from './analyses/fetch-gate.js';
import type { RouteOptions, SerialisedResponse } from './route-task.js';
import { judgeRoutes, matchRoute, type MatchedRoute } from './routes.js';

/** Options of `createJudgeServer`; every field is optional. */
export interface JudgeServerOptions {
  /**
   * Largest accepted request body; larger ones get 413. The analysis route's body (scopes and
   * variables) is parsed on the main thread, so it is held to at most 1 MiB. @default 10_485_760 (10 MiB)
   */
  readonly bodyLimitBytes?: number;
  /** Time allowed to receive a whole request (headers and body); slower ones get 408. @default 30_000 */
  readonly requestTimeoutMs?: number;
  /** Time allowed to receive the headers. @default min(10_000, requestTimeoutMs) */
  readonly headersTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open. @default 5_000 */
  readonly keepAliveTimeoutMs?: number;
  /**
   * Time budget of one request's work on the pool (waiting for a worker, parsing, judging, rendering);
   * over it the request gets 504 and its worker is replaced. @default 30_000
   */
  readonly processingTimeoutMs?: number;
  /** Worker threads that parse, judge and render. @default the number of cores (`os.availableParallelism()`) */
  readonly workerThreads?: number;
  /** Tasks that may wait for a free worker; more get 503 with `Retry-After`. @default max(64, 16 × workerThreads) */
  readonly maxQueuedRequests?: number;
  /** The worker module (see `RoutePoolOptions.workerFile`). @default the server's own route worker */
  readonly workerFile?: string;
  /**
   * On `close()`, how long requests already received may take to be answered before their
   * connections are cut (the CLI's `--drain-timeout`). @default 30_000
   */
  readonly shutdownTimeoutMs?: number;
  /** Called with every unexpected error (answered as a bare 500); the place to log it. @default none */
  readonly onError?: (error: unknown, request: { readonly method: string; readonly url: string }) => void;
  /** Options passed to `judgeKayenta` on `POST /judge` (e.g. the noise seed). Cloned to the workers. */
  readonly kayenta?: JudgeKayentaOptions;
  /**
   * Analysis templates and the collector that fetches their metrics: adds `GET /v1/analyses`,
   * `POST /v1/analyses/NAME/judge` and `GET /v1/analyses/NAME/report`. @default none
   */
  readonly analyses?: AnalysesOptions;
  /**
   * When set, every route but `/healthz` needs `Authorization: Bearer <token>` (compared in constant
   * time; 401 otherwise). At least 16 characters. @default none
   */
  readonly token?: string;
  /**
   * A path prefix such as `/canary-judge`: routes are served under it (`/canary-judge/judge`, for
   * Kayenta's RemoteJudge whose client keeps the path of its base URL); `/healthz` answers both with
   * and without it. @default ''
   */
  readonly basePath?: string;
}

/** How a `close()` ended. */
export interface CloseSummary {
  /** True when connections were still open at `shutdownTimeoutMs` (or at `cutNow()`) and were cut. */
  readonly cut: boolean;
  /** Of those, the requests whose answer had not been sent (a connection still sending its headers is not counted). */
  readonly cutRequests: number;
}

/** A judge server: start it with `listen`, stop it gracefully with `close`. */
export interface JudgeServer {
  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /**
   * Stops accepting connections, answers every request already received (with `connection: close`),
   * then stops the workers and resolves. After `shutdownTimeoutMs` the remaining connections are cut
   * (`cut: true`). Idempotent.
   */
  close(): Promise<CloseSummary>;
  /**
   * Cuts every remaining connection now (a second stop signal during a drain); `close()` then
   * resolves. No effect before `close()`.
   */
  cutNow(): void;
  /** The underlying node server (for advanced use; prefer `listen` / `close`). */
  readonly server: Server;
}

const DEFAULTS = {
  bodyLimitBytes: 10 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  processingTimeoutMs: 30_000,
  shutdownTimeoutMs: 30_000,
  /** The analysis routes' bodies (scopes and variables) are parsed on the main thread: keep them small. */
  analysisBodyLimitBytes: 1024 * 1024,
} as const;

/** On close, how long connections may take to read what was sent before they are judged idle. */
const IDLE_GRACE_MS = 100;
/** net's close: stops listening without closing idle HTTP connections (http's close does both). */
const netClose = NetServer.prototype.close;

/** Seconds a client refused with 503 is told to wait. */
const RETRY_AFTER_SECONDS = 1;

/** Routes whose whole work (body parsing included) runs on a worker. */
const WORKER_ROUTES: ReadonlySet<string> = new Set(['/judge', '/v1/judge']);

/**
 * Creates (does not start) the judge server.
 *
 * @example
 * const server = createJudgeServer({ bodyLimitBytes: 5_000_000 });
 * const address = await server.listen(8080, '0.0.0.0'); // => { address: '0.0.0.0', family: 'IPv4', port: 8080 }
 * process.once('SIGTERM', () => void server.close());
 */
export function createJudgeServer(options: JudgeServerOptions = {}): JudgeServer {
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULTS.bodyLimitBytes;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
  const headersTimeoutMs = Math.min(options.headersTimeoutMs ?? 10_000, requestTimeoutMs);
  const processingTimeoutMs = options.processingTimeoutMs ?? DEFAULTS.processingTimeoutMs;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULTS.shutdownTimeoutMs;
  const routeOptions: RouteOptions = { ...(options.kayenta === undefined ? {} : { kayenta: options.kayenta }) };
  // Started by the first request that needs it: a server only asked for /healthz or the analysis
  // list never starts threads.
  let pool: RoutePool | undefined;
  const getPool = (): RoutePool =>
    (pool ??= createRoutePool({
      ...(options.workerThreads === undefined ? {} : { threads: options.workerThreads }),
      ...(options.maxQueuedRequests === undefined ? {} : { maxQueue: options.maxQueuedRequests }),
      ...(options.workerFile === undefined ? {} : { workerFile: options.workerFile }),
    }));
  // The analysis routes fetch on this thread and hand judging and rendering to the pool (unless the
  // caller brought its own hooks).
  const analyses =
    options.analyses === undefined
      ? undefined
      : {
          ...options.analyses,
          // Fetching runs on this thread: two analyses per core fetch at once, the rest wait their turn.
          fetchGate: options.analyses.fetchGate ?? createFetchGate(2 * (options.workerThreads ?? availableParallelism())),
          judge: options.analyses.judge ?? ((config, data) => getPool().runOrThrow('judgeCollected', { config, data }, processingTimeoutMs)),
          render: options.analyses.render ?? ((judgement, renderOptions) => getPool().runOrThrow('renderReport', { judgement, options: renderOptions }, processingTimeoutMs)),
        } satisfies AnalysesOptions;
  const routes = judgeRoutes(options.kayenta ?? {}, analyses);
  const checkToken = options.token === undefined ? undefined : bearerTokenCheck(options.token);
  const basePath = normaliseBasePath(options.basePath ?? '');
  // The server's redaction choke point: every body it sends and every error it logs passes through it.
  const redactor = new Redactor([...(options.analyses?.collector.secrets ?? []), options.token]);
  let isClosing = false;
  let closing: Promise<CloseSummary> | undefined;
  let cut: (() => void) | undefined;
  /** Requests received and not yet answered (for the drain's summary). */
  const unanswered = new Set<ServerResponse>();

  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: headersTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
      // How often node checks the two timeouts above; its default (30 s) is too coarse for short limits.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(requestTimeoutMs / 4))),
    },
    (request, response) => {
      unanswered.add(response);
      response.once('close', () => unanswered.delete(response));
      handle(request, response).catch((error: unknown) => {
        if (error instanceof PoolRefusalError) {
          send(response, refusalResponse(error.refusal), false, error.refusal === 'closed');
          return;
        }
        reportError(error, request);
        if (!response.headersSent) send(response, errorResponse(500, 'internal_error', 'internal error'), false);
        else response.destroy();
      });
    },
  );
  // Failures before a request reaches a handler: a malformed request line or headers, headers too
  // large, or a request not received in time. Answered with the same JSON error shape, then closed.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // A request whose headers were read has a response object: node's own request timeout may
    // fire while our body reader still waits (whichever is first). Answer 408 through it once.
    const pending = (socket as { _httpMessage?: unknown })._httpMessage;
    if (pending instanceof ServerResponse) {
      if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.writable && !pending.headersSent) {
        send(pending, errorResponse(408, 'request_timeout', `request not received within ${requestTimeoutMs} ms`), false, true);
      } else {
        socket.destroy();
      }
      return;
    }
    if (!socket.writable || pending !== undefined) {
      socket.destroy();
      return;
    }
    const [status, reason, message] =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', `request not received within ${requestTimeoutMs} ms`]
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large', 'request headers are too large']
          : [400, 'Bad Request', 'malformed HTTP request'];
    const code = status === 400 ? 'invalid_request' : status === 408 ? 'request_timeout' : 'headers_too_large';
    const text = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    );
  });

  function reportError(error: unknown, request: IncomingMessage): void {
    try {
      // The logger never sees a secret, even in an unexpected error's message.
      const shown = redactor.error(error);
      options.onError?.(shown, { method: request.method ?? '', url: request.url ?? '' });
    } catch {
      // A failing logger must not take the server down.
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const received = Date.now();
    const method = request.method ?? 'GET';
    const url = parseRequestUrl(request.url ?? '/');
    if (url === undefined) {
      drain(request);
      send(response, errorResponse(400, 'invalid_request', 'the request target is not a valid path'), method === 'HEAD');
      return;
    }
    const query = url.searchParams;
    let path = url.pathname;
    if (basePath !== '' && path !== '/healthz') {
      if (path !== basePath && !path.startsWith(`${basePath}/`)) {
        drain(request);
        send(response, errorResponse(404, 'not_found', `no route for ${method} ${path.slice(0, 200)}: every route is under ${basePath}`), method === 'HEAD');
        return;
      }
      path = path.slice(basePath.length) || '/';
    }
    if (checkToken !== undefined && path !== '/healthz' && !checkToken(headerValue(request.headers.authorization))) {
      drain(request);
      const answer = errorResponse(401, 'unauthorized', 'this server needs "Authorization: Bearer <token>"', undefined, { 'www-authenticate': 'Bearer realm="canary-judge"' });
      send(response, answer, method === 'HEAD', request.method === 'POST');
      return;
    }
    const found = matchRoute(routes, method, path);
    if (!isMatched(found)) {
      drain(request);
      send(response, found, method === 'HEAD');
      return;
    }
    const matched = found.route;
    let body: unknown;
    if (matched.method === 'POST') {
      const contentType = request.headers['content-type'];
      if (contentType !== undefined && !/^application\/([\w.+-]*\+)?json\b/i.test(contentType)) {
        drain(request);
        send(response, errorResponse(415, 'unsupported_media_type', `expected content-type application/json, received ${contentType}`), false);
        return;
      }
      const onWorker = WORKER_ROUTES.has(matched.path);
      const limit = onWorker ? bodyLimitBytes : Math.min(bodyLimitBytes, DEFAULTS.analysisBodyLimitBytes);
      const read = await readBody(request, limit, received + requestTimeoutMs);
      if (!read.ok) {
        if (read.reason === 'aborted') return;
        const answer =
          read.reason === 'too-large'
            ? errorResponse(413, 'body_too_large', read.message)
            : errorResponse(408, 'request_timeout', `request not received within ${requestTimeoutMs} ms: ${read.message}`);
        // The rest of the body is not read: the connection cannot be reused.
        send(response, answer, false, true);
        return;
      }
      if (onWorker) {
        const task = { method, path, query: url.search.slice(1), body: read.bytes, routeOptions };
        // A large body moves to the worker instead of being structured-cloned on this thread.
        const outcome = await getPool().run('runRoute', task, processingTimeoutMs, transferableBody(read.bytes));
        if (typeof outcome === 'string') {
          send(response, refusalResponse(outcome), false, outcome === 'closed');
          return;
        }
        if (outcome.unexpected !== undefined) reportError(revive(outcome.unexpected), request);
        send(response, outcome, false);
        return;
      }
      const parsed = parseJson(read.bytes);
      if (!parsed.ok) {
        send(response, errorResponse(400, 'invalid_json', parsed.message), false);
        return;
      }
      body = parsed.value;
    } else {
      drain(request);
    }
    // Fires when the client goes away before the answer (e.g. its own timeout), so fetches stop.
    const gone = new AbortController();
    const onClose = () => {
      if (!response.writableFinished) gone.abort(new Error('the client closed the connection'));
    };
    response.once('close', onClose);
    try {
      const answer = await matched.handle(body, query, { params: found.params, signal: gone.signal });
      if (gone.signal.aborted || response.destroyed) return;
      send(response, answer, method === 'HEAD');
    } finally {
      response.off('close', onClose);
    }
  }

  function refusalResponse(refusal: PoolRefusal): JsonResponse {
    const retryAfter = { 'retry-after': String(RETRY_AFTER_SECONDS) };
    if (refusal === 'queue-full') return errorResponse(503, 'server_busy', 'every worker is busy and the queue is full; retry later', undefined, retryAfter);
    if (refusal === 'timeout') return errorResponse(504, 'processing_timeout', `the request was not processed within ${processingTimeoutMs} ms`);
    return errorResponse(503, 'shutting_down', 'the server is stopping; retry on another instance', undefined, retryAfter);
  }

  function send(response: ServerResponse, answer: RouteResponse | SerialisedResponse, isHead: boolean, closeConnection = false): void {
    if (response.destroyed || response.writableEnded) return;
    const isHtml = 'html' in answer;
    const text = redactor.text(isHtml ? answer.html : 'text' in answer ? answer.text : JSON.stringify(answer.body));
    response.statusCode = answer.status;
    if (isHtml) {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.setHeader('x-content-type-options', 'nosniff');
    } else {
      response.setHeader('content-type', 'application/json; charset=utf-8');
    }
    response.setHeader('content-length', Buffer.byteLength(text));
    response.setHeader('cache-control', 'no-store');
    for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
    if (isClosing || closeConnection) response.setHeader('connection', 'close');
    response.end(isHead ? undefined : text);
  }

  return {
    server,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise<AddressInfo>((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    close() {
      if (closing !== undefined) return closing;
      isClosing = true;
      closing = (async () => {
        let cutRequests = 0;
        let wasCut = false;
        if (server.listening) {
          let forceTimer: NodeJS.Timeout | undefined;
          const forced = new Promise<void>((resolve) => {
            cut = () => {
              wasCut = true;
              cutRequests = [...unanswered].filter((response) => !response.writableFinished).length;
              server.closeAllConnections();
              resolve();
            };
            forceTimer = setTimeout(cut, shutdownTimeoutMs);
          });
          // Accept what is already waiting in the listen backlog (one poll phase), then stop
          // listening: new connections are refused from here on. Existing ones stay open, idle or
          // not (node's own server.close() would close the idle ones at once).
          await turnOfEventLoop();
          await turnOfEventLoop();
          const closed = new Promise<void>((resolve) => netClose.call(server, () => resolve()));
          // A connection accepted a moment ago may hold a request whose bytes are not read yet: it
          // looks idle but is not. Give every connection a few poll phases to read what was sent
          // before the signal; what is still idle after that is really idle.
          await Promise.race([new Promise((resolve) => setTimeout(resolve, Math.min(IDLE_GRACE_MS, shutdownTimeoutMs))), forced]);
          // A process starved of CPU runs an expired timer before the poll phase that reads the
          // sockets: make sure at least two poll phases follow.
          await turnOfEventLoop();
          await turnOfEventLoop();
          // Idle keep-alive connections are closed now (and node's timeout checks stopped); a
          // connection with a request in flight closes after its answer (sent with `connection: close`).
          server.close();
          await Promise.race([closed, forced]);
          clearTimeout(forceTimer);
          await closed;
        }
        await pool?.destroy();
        return { cut: wasCut, cutRequests };
      })();
      return closing;
    },
    cutNow() {
      cut?.();
    },
  };
}

function turnOfEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Rebuilds an error reported by a worker, for `onError`. */
function revive(described: { readonly name: string; readonly message: string; readonly stack?: string }): Error {
  const error = new Error(described.message);
  error.name = described.name;
  if (described.stack !== undefined) error.stack = described.stack;
  return error;
}

/** Parses a (small: the analysis routes') JSON body on the main thread. */
function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; message: string } {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unreadable';
    return { ok: false, message: text.trim() === '' ? 'request body is empty; expected JSON' : `request body is not valid JSON: ${detail}` };
  }
}

function isMatched(value: MatchedRoute | JsonResponse): value is MatchedRoute {
  return typeof (value as MatchedRoute).route === 'object';
}

function parseRequestUrl(target: string): URL | undefined {
  try {
    return new URL(target, 'http://localhost');
  } catch {
    return undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `'/prefix'` from `'prefix'`, `'/prefix/'` or `'/prefix'`; `''` for none. */
function normaliseBasePath(basePath: string): string {
  const trimmed = basePath.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  const withSlash = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  if (!/^(\/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+$/.test(withSlash)) throw new RangeError(`basePath must be a URL path such as /canary-judge; received ${JSON.stringify(basePath)}`);
  return withSlash;
}

/** Reads and discards a body we will not use, so the connection can be reused. */
function drain(request: IncomingMessage): void {
  request.resume();
}
