/**
 * The third-source example (examples/sources/graphite-source.ts), written only against the public
 * `MetricSource` contract, run through `collect` and `judge` against a loopback fake of Graphite's
 * render API: the query it sends, steps on the grid, gaps, template refusal, HTTP and body
 * errors, and cancellation.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, isSourceError, judge } from 'canary-judge';
import { createGraphiteSource, renderGraphiteTarget } from '../../examples/sources/graphite-source.js';
import { thrown } from '../thrown.js';

const T0 = 1_704_067_200;
const WINDOW = { start: T0, end: T0 + 240, step: 60, baseline: { scope: 'v41' }, canary: { scope: 'v42' } };

type Handler = (url: URL, response: ServerResponse) => void;
let handler: Handler = () => undefined;
const requests: URL[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    handler(url, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** A fake render API: one series per target; the canary (v42) is 30% slower; the point at +120 s is missing. */
const fakeGraphite: Handler = (url, response) => {
  if (url.pathname !== '/render') return json(response, 404, { error: 'not found' });
  const target = url.searchParams.get('target') ?? '';
  const from = Number(url.searchParams.get('from'));
  const level = target.includes('.v42.') ? 130 : 100;
  const datapoints = [0, 60, 120, 180, 240].map((offset, index) => [offset === 120 ? null : level + (index % 2), from + offset]);
  json(response, 200, [{ target, tags: { name: target }, datapoints }]);
};

describe('a third source (Graphite) written against the MetricSource contract', () => {
  it('collects both sides on the step grid, with gaps as null, and the judge reads them', async () => {
    handler = fakeGraphite;
    requests.length = 0;
    const config = { metrics: [{ name: 'latency', test: 'mann-whitney' as const, minSamples: 3, margin: { relative: 0.1 }, query: 'app.${scope}.latency_ms' }] };
    const data = await collect(config, createGraphiteSource({ url: base }), WINDOW);
    const timestamps = [0, 60, 120, 180, 240].map((offset) => T0 + offset);
    expect(data.metrics['latency']).toEqual({
      baseline: { values: [100, 101, null, 101, 100], timestamps },
      canary: { values: [130, 131, null, 131, 130], timestamps },
    });
    expect(requests.map((url) => url.searchParams.get('target'))).toEqual([
      'summarize(app.v41.latency_ms, "60s", "avg", true)',
      'summarize(app.v42.latency_ms, "60s", "avg", true)',
    ]);
    expect(requests[0]?.searchParams.get('from')).toBe(String(T0));
    expect(requests[0]?.searchParams.get('format')).toBe('json');
    const judgement = judge(config, data);
    expect(judgement.metrics[0]?.outcome).toBe('fail');
  });

  it('refuses template values that could select other series, before any request', async () => {
    requests.length = 0;
    for (const scope of ['v4*', 'v41.secret', 'a,b', '{v41,v42}', 'x)']) {
      const error = thrown(() => renderGraphiteTarget('app.${scope}.latency', { scope }));
      expect(isSourceError(error) && error.code).toBe('INVALID_TEMPLATE');
    }
    const error = await collect({ metrics: [{ name: 'm', test: 'mann-whitney', query: 'app.${scope}.m' }] }, createGraphiteSource({ url: base }), {
      ...WINDOW,
      canary: { scope: 'v4*' },
    }).catch((caught: unknown) => caught);
    expect(isSourceError(error) && error.code).toBe('INVALID_TEMPLATE');
    expect(requests).toEqual([]);
  });

  it('turns an HTTP error, a body that is not JSON and a wrong shape into SourceErrors with codes', async () => {
    const source = createGraphiteSource({ url: base });
    const range = { startMs: T0 * 1000, endMs: (T0 + 240) * 1000, stepMs: 60_000 };
    handler = (_url, response) => json(response, 500, { error: 'boom' });
    const status = await source.queryRange('a.b', range).catch((caught: unknown) => caught);
    expect(isSourceError(status) && [status.code, status.status, status.unavailable]).toEqual(['HTTP_STATUS', 500, true]);
    handler = (_url, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>login</html>');
    };
    const notJson = await source.queryRange('a.b', range).catch((caught: unknown) => caught);
    expect(isSourceError(notJson) && notJson.code).toBe('BAD_RESPONSE');
    handler = (_url, response) => json(response, 200, [{ target: 'a.b', datapoints: [['1', T0]] }]);
    const shape = await source.queryRange('a.b', range).catch((caught: unknown) => caught);
    expect(isSourceError(shape) && shape.code).toBe('BAD_RESPONSE');
  });

  it('is cancelled by the caller’s signal (ABORTED) and gives up after its timeout (TIMEOUT)', async () => {
    handler = () => undefined; // never answers
    const range = { startMs: T0 * 1000, endMs: (T0 + 240) * 1000, stepMs: 60_000 };
    const controller = new AbortController();
    const pending = createGraphiteSource({ url: base }).queryRange('a.b', range, { signal: controller.signal }).catch((caught: unknown) => caught);
    setTimeout(() => controller.abort(), 50);
    const aborted = await pending;
    expect(isSourceError(aborted) && aborted.code).toBe('ABORTED');
    const slow = await createGraphiteSource({ url: base, timeoutMs: 100 }).queryRange('a.b', range).catch((caught: unknown) => caught);
    expect(isSourceError(slow) && [slow.code, slow.unavailable]).toEqual(['TIMEOUT', true]);
  });

  it('names an unreachable server NETWORK without the query string in the message', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await createGraphiteSource({ url: `http://127.0.0.1:${port}` })
      .queryRange('secret.path', { startMs: 0, endMs: 60_000, stepMs: 60_000 })
      .catch((caught: unknown) => caught);
    expect(isSourceError(error) && error.code).toBe('NETWORK');
    expect((error as Error).message).not.toContain('secret.path');
  });
});
