/**
 * A loopback stand-in for Prometheus's range-query API, for the fuzz cases that reach a source:
 * every `/api/v1/query_range` gets one series of points over the asked window (at most 120), any
 * other path a 404. Unlike the adapter tests' server it records nothing, so 100,000 cases do not
 * pile up memory.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePrometheus {
  readonly url: string;
  close(): Promise<void>;
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const url = new URL(request.url ?? '/', 'http://localhost');
  const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  for (const [key, value] of url.searchParams) form.append(key, value);
  return form;
}

function answer(form: URLSearchParams, response: ServerResponse): void {
  const start = Number(form.get('start'));
  const end = Number(form.get('end'));
  const step = Math.max(1, Number(form.get('step')) || 60);
  const first = Math.max(start, end - 119 * step);
  const values: [number, string][] = [];
  for (let time = first; time <= end; time += step) values.push([time, String(100 + ((time / step) % 7))]);
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values }] } }));
}

/** Starts the fake on a free loopback port. */
export async function startFakePrometheus(): Promise<FakePrometheus> {
  const server = createServer((request, response) => {
    if (!(request.url ?? '').startsWith('/api/v1/query_range')) {
      response.writeHead(404).end('not found');
      return;
    }
    formOf(request).then(
      (form) => answer(form, response),
      () => response.destroy(),
    );
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
