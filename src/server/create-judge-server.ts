/**
 * `createJudgeServer`: the judge over HTTP with node's own `http` module. Kayenta's RemoteJudge
 * protocol on `POST /judge`, the native judge on `POST /v1/judge`, `GET /judges` and `GET /healthz`.
 *
 * Every POST route's body is parsed and judged on a worker pool (piscina), so the event loop only
 * moves bytes: `/healthz` answers at once whatever the other requests do. The pool's queue is bounded
 * (503 with `Retry-After` when full) and each request has a time budget (504). `close()` drains:
 * it stops accepting, answers every request already received, then resolves.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JudgeKayentaOptions } from '../kayenta/index.js';
import { errorResponse, type JsonResponse } from './http-responses.js';
import { readBody } from './read-body.js';
import { createRoutePool, type RoutePool } from './route-pool.js';
import { serialise, type RouteOptions, type SerialisedResponse } from './route-task.js';
import { judgeRoutes, matchRoute, type Route } from './routes.js';

/** Options of `createJudgeServer`; every field is optional. */
export interface JudgeServerOptions {
  /** Largest accepted request body; larger ones get 413. @default 10_485_760 (10 MiB) */
  readonly bodyLimitBytes?: number;
  /** Time allowed to receive a whole request (headers and body); slower ones get 408. @default 30_000 */
  readonly requestTimeoutMs?: number;
  /** Time allowed to receive the headers. @default min(10_000, requestTimeoutMs) */
  readonly headersTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open. @default 5_000 */
  readonly keepAliveTimeoutMs?: number;
  /**
   * Time budget of one request's work once its body is in (waiting for a worker, parsing, judging);
   * a request over it gets 504 and its worker is replaced. @default 30_000
   */
  readonly processingTimeoutMs?: number;
  /** Worker threads that parse and judge. @default the number of cores */
  readonly workerThreads?: number;
  /** Requests that may wait for a free worker; more get 503 with `Retry-After`. @default max(64, 16 × workerThreads) */
  readonly maxQueuedRequests?: number;
  /** The worker module running each POST route (see `RoutePoolOptions.workerFile`). @default the judge's routes */
  readonly workerFile?: string;
  /** On `close()`, how long in-flight requests may take before their connections are cut. @default 30_000 */
  readonly shutdownTimeoutMs?: number;
  /** Called with every unexpected error (answered as a bare 500); the place to log it. @default none */
  readonly onError?: (error: unknown, request: { readonly method: string; readonly url: string }) => void;
  /** Options passed to `judgeKayenta` on `POST /judge` (e.g. the noise seed). Cloned to the workers. */
  readonly kayenta?: JudgeKayentaOptions;
}

/** A judge server: start it with `listen`, stop it gracefully with `close`. */
export interface JudgeServer {
  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /**
   * Stops accepting connections, answers every request already received (with `connection: close`),
   * then stops the workers and resolves. After `shutdownTimeoutMs` the remaining connections are cut.
   * Idempotent.
   */
  close(): Promise<void>;
  /** The underlying node server (for advanced use; prefer `listen` / `close`). */
  readonly server: Server;
}

const DEFAULTS = {
  bodyLimitBytes: 10 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  processingTimeoutMs: 30_000,
  shutdownTimeoutMs: 30_000,
} as const;

/** Seconds a client refused with 503 is told to wait. */
const RETRY_AFTER_SECONDS = 1;

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
  const routes = judgeRoutes(options.kayenta ?? {});
  let pool: RoutePool | undefined;
  const getPool = (): RoutePool =>
    (pool ??= createRoutePool({
      ...(options.workerThreads === undefined ? {} : { threads: options.workerThreads }),
      ...(options.maxQueuedRequests === undefined ? {} : { maxQueue: options.maxQueuedRequests }),
      ...(options.workerFile === undefined ? {} : { workerFile: options.workerFile }),
    }));
  let isClosing = false;
  let closing: Promise<void> | undefined;

  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: headersTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
      // How often node checks the two timeouts above; its default (30 s) is too coarse for short limits.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(requestTimeoutMs / 4))),
    },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        reportError(error, request);
        if (!response.headersSent) send(response, serialise(errorResponse(500, 'internal_error', 'internal error')), false);
        else response.destroy();
      });
    },
  );
  // Failures before a request reaches a handler: a malformed request line or headers, headers too
  // large, or a request not received in time. Answered with the same JSON error shape, then closed.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
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
      options.onError?.(error, { method: request.method ?? '', url: request.url ?? '' });
    } catch {
      // A failing logger must not take the server down.
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const received = Date.now();
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://localhost');
    const matched = matchRoute(routes, method, url.pathname);
    if (!isRoute(matched)) {
      drain(request);
      send(response, serialise(matched), method === 'HEAD');
      return;
    }
    if (matched.method !== 'POST') {
      drain(request);
      send(response, serialise(matched.handle(undefined, url.searchParams)), method === 'HEAD');
      return;
    }
    const contentType = request.headers['content-type'];
    if (contentType !== undefined && !/^application\/([\w.+-]*\+)?json\b/i.test(contentType)) {
      drain(request);
      send(response, serialise(errorResponse(415, 'unsupported_media_type', `expected content-type application/json, received ${contentType}`)), false);
      return;
    }
    const read = await readBody(request, bodyLimitBytes, received + requestTimeoutMs);
    if (!read.ok) {
      if (read.reason === 'aborted') return;
      const answer =
        read.reason === 'too-large'
          ? errorResponse(413, 'body_too_large', read.message)
          : errorResponse(408, 'request_timeout', `request not received within ${requestTimeoutMs} ms: ${read.message}`);
      // The rest of the body is not read: the connection cannot be reused.
      send(response, serialise(answer), false, true);
      return;
    }
    const task = { method, path: url.pathname, query: url.search.slice(1), body: read.bytes, routeOptions };
    const outcome = await getPool().run(task, processingTimeoutMs);
    if (outcome === 'queue-full') {
      send(response, serialise(errorResponse(503, 'server_busy', 'every worker is busy and the queue is full; retry later', undefined, { 'retry-after': String(RETRY_AFTER_SECONDS) })), false);
    } else if (outcome === 'timeout') {
      send(response, serialise(errorResponse(504, 'processing_timeout', `the request was not processed within ${processingTimeoutMs} ms`)), false);
    } else if (outcome === 'closed') {
      send(response, serialise(errorResponse(503, 'shutting_down', 'the server is stopping; retry on another instance', undefined, { 'retry-after': String(RETRY_AFTER_SECONDS) })), false, true);
    } else {
      if (outcome.unexpected !== undefined) reportError(revive(outcome.unexpected), request);
      send(response, outcome, false);
    }
  }

  function send(response: ServerResponse, answer: SerialisedResponse, isHead: boolean, closeConnection = false): void {
    if (response.destroyed || response.writableEnded) return;
    response.statusCode = answer.status;
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.setHeader('content-length', Buffer.byteLength(answer.text));
    response.setHeader('cache-control', 'no-store');
    for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
    if (isClosing || closeConnection) response.setHeader('connection', 'close');
    response.end(isHead ? undefined : answer.text);
  }

  return {
    server,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise<AddressInfo>((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          // Start the workers now, not on the first request.
          getPool();
          resolve(server.address() as AddressInfo);
        });
      });
    },
    close() {
      if (closing !== undefined) return closing;
      isClosing = true;
      closing = (async () => {
        if (server.listening) {
          // Let the event loop read what has already arrived: a request whose bytes are in the
          // socket buffer is "received" and must be answered, not cut as an idle connection.
          await turnOfEventLoop();
          await turnOfEventLoop();
          await new Promise<void>((resolve) => {
            const forceTimer = setTimeout(() => server.closeAllConnections(), shutdownTimeoutMs);
            forceTimer.unref();
            server.close(() => {
              clearTimeout(forceTimer);
              resolve();
            });
            // Idle keep-alive connections are closed now; a connection with a request in flight
            // closes after its answer (sent with `connection: close`).
            server.closeIdleConnections();
          });
        }
        await pool?.destroy();
      })();
      return closing;
    },
  };
}

function isRoute(value: Route | JsonResponse): value is Route {
  return typeof (value as Route).handle === 'function';
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

/** Reads and discards a body we will not use, so the connection can be reused. */
function drain(request: IncomingMessage): void {
  request.resume();
}
