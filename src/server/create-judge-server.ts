/**
 * `createJudgeServer`: the judge over HTTP with node's own `http` module. Kayenta's RemoteJudge
 * protocol on `POST /judge`, the native judge on `POST /v1/judge`, `GET /judges` and `GET /healthz`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JudgeKayentaOptions } from '../kayenta/index.js';
import type { AnalysesOptions } from './analyses/analysis-routes.js';
import { redactAll } from './analyses/source-failure.js';
import { bearerTokenCheck } from './bearer-token.js';
import { errorResponse, type JsonResponse, type RouteResponse } from './http-responses.js';
import { readJsonBody } from './read-json-body.js';
import { judgeRoutes, matchRoute, type MatchedRoute } from './routes.js';

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
  /** On `close()`, how long in-flight requests may take before their connections are cut. @default 10_000 */
  readonly shutdownTimeoutMs?: number;
  /** Called with every unexpected error (answered as a bare 500); the place to log it. @default none */
  readonly onError?: (error: unknown, request: { readonly method: string; readonly url: string }) => void;
  /** Options passed to `judgeKayenta` on `POST /judge` (e.g. the noise seed). */
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

/** A judge server: start it with `listen`, stop it gracefully with `close`. */
export interface JudgeServer {
  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. Idempotent. */
  close(): Promise<void>;
  /** The underlying node server (for advanced use; prefer `listen` / `close`). */
  readonly server: Server;
}

const DEFAULTS = {
  bodyLimitBytes: 10 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  shutdownTimeoutMs: 10_000,
} as const;

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
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULTS.shutdownTimeoutMs;
  const routes = judgeRoutes(options.kayenta ?? {}, options.analyses);
  const checkToken = options.token === undefined ? undefined : bearerTokenCheck(options.token);
  const basePath = normaliseBasePath(options.basePath ?? '');
  const secrets = [...(options.analyses?.collector.secrets ?? []), ...(options.token === undefined ? [] : [options.token])];
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
        if (!response.headersSent) send(response, errorResponse(500, 'internal_error', 'internal error'), false);
        else response.destroy();
      });
    },
  );
  // Failures before a request reaches a handler: a malformed request line or headers, headers too
  // large, or a request not received in time. Answered with the same JSON error shape, then closed.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
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
      const shown = error instanceof Error && secrets.length > 0 ? Object.assign(new Error(redactAll(error.message, secrets)), { name: error.name }) : error;
      options.onError?.(shown, { method: request.method ?? '', url: request.url ?? '' });
    } catch {
      // A failing logger must not take the server down.
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
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
      const read = await readJsonBody(request, bodyLimitBytes);
      if (!read.ok) {
        if (read.reason === 'aborted') return;
        const answer =
          read.reason === 'too-large'
            ? errorResponse(413, 'body_too_large', read.message)
            : errorResponse(400, 'invalid_json', read.message);
        send(response, answer, false, read.reason === 'too-large');
        return;
      }
      body = read.value;
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

  function send(response: ServerResponse, answer: RouteResponse, isHead: boolean, closeConnection = false): void {
    const isHtml = 'html' in answer;
    const text = isHtml ? answer.html : JSON.stringify(answer.body);
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
      closing = new Promise<void>((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        const forceTimer = setTimeout(() => server.closeAllConnections(), shutdownTimeoutMs);
        forceTimer.unref();
        server.close(() => {
          clearTimeout(forceTimer);
          resolve();
        });
        // Idle keep-alive connections would otherwise hold close() open until they time out.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
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
