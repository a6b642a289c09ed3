/**
 * A real HTTP server on 127.0.0.1 whose answers each test scripts (no mocked fetch): it records
 * every request (method, path, headers, form body, arrival time) and answers with the next
 * handler of the script (the last one repeats).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly form: URLSearchParams;
  readonly at: number;
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void;

export interface TestServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Most requests in flight at once. */
  readonly maxInFlight: () => number;
  close(): Promise<void>;
}

export async function createTestServer(script: readonly Handler[]): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((request, response) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
        at: Date.now(),
      };
      requests.push(recorded);
      const handler = script[Math.min(requests.length - 1, script.length - 1)] as Handler;
      handler(recorded, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers JSON with a status and optional headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

/** A successful range answer with one series per entry of `series`. */
export function matrix(series: { metric: Record<string, string>; values: [number, string][] }[]): Handler {
  return json(200, { status: 'success', data: { resultType: 'matrix', result: series } });
}

/** Never answers (the connection stays open until the client gives up or the server closes). */
export const hang: Handler = () => {};

/** Sends the status line and headers, then never finishes the body. */
export const hangAfterHeaders: Handler = (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"status":"success","data":');
};

/** A free port with nothing listening on it (for "connection refused"). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
