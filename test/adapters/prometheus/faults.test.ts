/**
 * Faults against a real HTTP server on 127.0.0.1 (node:http, no mocked fetch): each ends in the
 * documented outcome, and nothing is left as an unhandled rejection.
 */
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collect, createPrometheusSource, isSourceError, SourceError, type PrometheusSourceOptions } from '../../../src/prometheus.js';
import { closedPort, createTestServer, hang, hangAfterHeaders, json, matrix, type Handler, type TestServer } from './helpers/http-test-server.js';

const T0 = 1_704_067_200;
const RANGE = { startMs: T0 * 1000, endMs: (T0 + 120) * 1000, stepMs: 60_000 };
const QUERY = 'sum(rate(http_requests_total{version="canary"}[1m]))';
const OK = matrix([{ metric: { version: 'canary' }, values: [[T0, '1'], [T0 + 60, '2'], [T0 + 120, '3']] }]);
const FAST = { initialMs: 10, maxMs: 40 };

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  // Give late rejections of abandoned requests a chance to surface before checking.
  await new Promise((resolve) => setTimeout(resolve, 100));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(...script: Handler[]): Promise<TestServer> {
  server = await createTestServer(script);
  return server;
}

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isSourceError(error)) throw new Error(`expected a SourceError, received ${inspect(error)}`);
  return error;
}

function source(url: string, options: Partial<PrometheusSourceOptions> = {}) {
  return createPrometheusSource({ url, timeoutMs: 5_000, retries: 3, backoff: FAST, ...options });
}

describe('requests', () => {
  it('POSTs the query, start, end, step and the time left as a form to <url>/api/v1/query_range', async () => {
    const { url, requests } = await serve(OK);
    const result = await source(`${url}/prometheus/`, { headers: { 'X-Scope-OrgID': 'tenant-1' } }).queryRange(QUERY, RANGE);
    expect(result.series[0]?.values).toEqual([1, 2, 3]);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/prometheus/api/v1/query_range');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers['x-scope-orgid']).toBe('tenant-1');
    expect(Object.fromEntries(request?.form ?? [])).toMatchObject({ query: QUERY, start: String(T0), end: String(T0 + 120), step: '60' });
    expect(request?.form.get('timeout')).toMatch(/^\d+(ms|s)$/);
  });

  it('keeps the timestamps the server sent, so missing steps stay visible', async () => {
    const { url } = await serve(matrix([{ metric: {}, values: [[T0, 'NaN'], [T0 + 120, '-Inf']] }]));
    const result = await source(url).queryRange(QUERY, RANGE);
    expect(result.series[0]).toEqual({ labels: {}, timestampsMs: [T0 * 1000, (T0 + 120) * 1000], values: [NaN, -Infinity] });
  });
});

describe('retries', () => {
  it('retries a 500 and returns the next success', async () => {
    const { url, requests } = await serve(json(500, 'internal error'), OK);
    const result = await source(url).queryRange(QUERY, RANGE);
    expect(result.series).toHaveLength(1);
    expect(requests).toHaveLength(2);
  });

  it('gives up after `retries` retries of 5xx with HTTP_STATUS, unavailable, the status, the server error and the query', async () => {
    const { url, requests } = await serve(json(503, { status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' }));
    const error = await failure(source(url, { retries: 2 }).queryRange(QUERY, RANGE));
    expect(requests).toHaveLength(3);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 503, errorType: 'timeout', attempts: 3, unavailable: true, query: QUERY });
    expect(error.message).toBe(
      `Prometheus answered HTTP 503 Service Unavailable (timeout: query timed out in expression evaluation) after 3 attempts: POST ${url}/api/v1/query_range; query: ${JSON.stringify(QUERY)}`,
    );
  });

  it('waits as long as Retry-After (seconds) says on a 429, then succeeds', async () => {
    const { url, requests } = await serve(json(429, 'slow down', { 'retry-after': '1' }), OK);
    const result = await source(url).queryRange(QUERY, RANGE);
    expect(result.series).toHaveLength(1);
    expect(requests).toHaveLength(2);
    // The backoff alone would wait at most 40 ms.
    expect((requests[1]?.at ?? 0) - (requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const { url, requests } = await serve(
      (request, response) => json(503, 'maintenance', { 'retry-after': new Date(request.at + 2000).toUTCString() })(request, response),
      OK,
    );
    await source(url).queryRange(QUERY, RANGE);
    // HTTP dates have whole seconds: the wait is between 1 and 2 seconds.
    expect((requests[1]?.at ?? 0) - (requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('fails at once when Retry-After would pass the overall timeout', async () => {
    const { url, requests } = await serve(json(429, 'slow down', { 'retry-after': '120' }));
    const error = await failure(source(url, { timeoutMs: 2000 }).queryRange(QUERY, RANGE));
    // "At once": one request, no wait, and the reason is Retry-After against the timeout (not the timeout firing).
    expect(requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 429, unavailable: true, attempts: 1 });
    expect(error.message).toContain('Retry-After asks to wait 120000ms, which would pass the timeout of 2000ms');
  });

  it('does not retry other 4xx: 400 bad_data fails with the server message', async () => {
    const { url, requests } = await serve(json(400, { status: 'error', errorType: 'bad_data', error: '1:5: parse error: unexpected end of input' }));
    const error = await failure(source(url).queryRange(QUERY, RANGE));
    expect(requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 400, errorType: 'bad_data', attempts: 1, unavailable: false });
    expect(error.message).toBe(
      `Prometheus answered HTTP 400 Bad Request (bad_data: 1:5: parse error: unexpected end of input) (not retried): POST ${url}/api/v1/query_range; query: ${JSON.stringify(QUERY)}`,
    );
  });

  it.each([401, 403, 404, 422])('does not retry HTTP %i', async (status) => {
    const { url, requests } = await serve(json(status, { status: 'error', errorType: 'execution', error: 'no' }));
    const error = await failure(source(url).queryRange(QUERY, RANGE));
    expect(requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status, unavailable: false });
  });

  it('retries a connection refused and then fails with NETWORK, naming the cause', async () => {
    const port = await closedPort();
    const error = await failure(source(`http://127.0.0.1:${port}`, { retries: 2 }).queryRange(QUERY, RANGE));
    expect(error).toMatchObject({ code: 'NETWORK', attempts: 3, unavailable: true, status: undefined });
    expect(error.message).toMatch(/^could not reach Prometheus \(.*ECONNREFUSED.*\) after 3 attempts: POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query_range; query: /);
  });
});

describe('time limits and cancellation', () => {
  it('ends a request that hangs with TIMEOUT at the overall timeout', async () => {
    const { url } = await serve(hang);
    const started = Date.now();
    const error = await failure(source(url, { timeoutMs: 300 }).queryRange(QUERY, RANGE));
    // Not before the timeout (a lower bound cannot flake on a loaded machine); that it ended is the timeout firing.
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(error).toMatchObject({ code: 'TIMEOUT', unavailable: true, attempts: 1 });
    expect(error.message).toBe(`Prometheus did not answer within the timeout of 300ms (1 attempt): POST ${url}/api/v1/query_range; query: ${JSON.stringify(QUERY)}`);
  });

  it('ends a body that never finishes with TIMEOUT', async () => {
    const { url } = await serve(hangAfterHeaders);
    const error = await failure(source(url, { timeoutMs: 300 }).queryRange(QUERY, RANGE));
    expect(error.code).toBe('TIMEOUT');
  });

  it('counts the waits between retries against the timeout', async () => {
    const { url, requests } = await serve(json(502, 'bad gateway'));
    const error = await failure(source(url, { timeoutMs: 400, retries: 20, backoff: { initialMs: 100, maxMs: 100 } }).queryRange(QUERY, RANGE));
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 502, unavailable: true });
    // Each wait is a jittered 50–100 ms, and a wait that would cross the 400 ms deadline is not
    // taken, so at most eight waits fit: at most 9 of the 21 allowed attempts (fewer on a slow
    // machine, never more). Without counting the waits, all 21 would be sent.
    expect(error.attempts).toBe(requests.length);
    expect(requests.length).toBeGreaterThanOrEqual(1);
    expect(requests.length).toBeLessThanOrEqual(9);
  });

  it('stops with ABORTED when the caller aborts a hanging request', async () => {
    const { url } = await serve(hang);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    // The source's own timeout is far beyond the test's, so only the abort can end the request.
    const error = await failure(source(url, { timeoutMs: 600_000 }).queryRange(QUERY, RANGE, { signal: controller.signal }));
    expect(error).toMatchObject({ code: 'ABORTED', unavailable: false, attempts: 1 });
  });

  it('stops with ABORTED when the caller aborts during a backoff wait', async () => {
    const { url, requests } = await serve(json(500, 'boom'));
    const controller = new AbortController();
    const promise = source(url, { backoff: { initialMs: 5000, maxMs: 5000 }, timeoutMs: 20_000 }).queryRange(QUERY, RANGE, { signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    const error = await failure(promise);
    expect(error.code).toBe('ABORTED');
    expect(requests).toHaveLength(1);
  });

  it('does not send anything when the signal is already aborted', async () => {
    const { url, requests } = await serve(OK);
    const error = await failure(source(url).queryRange(QUERY, RANGE, { signal: AbortSignal.abort() }));
    expect(error.code).toBe('ABORTED');
    expect(requests).toHaveLength(0);
  });
});

describe('unreadable answers', () => {
  it('fails with BAD_RESPONSE, without retrying, on malformed JSON', async () => {
    const { url, requests } = await serve(json(200, '{"status":"success","data":{'));
    const error = await failure(source(url).queryRange(QUERY, RANGE));
    expect(requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', status: 200, unavailable: false });
    expect(error.message).toMatch(/^Prometheus answered HTTP 200 with an unreadable body \(the body is not JSON; it starts with "\{\\"status\\":\\"success\\",\\"data\\":\{"\): POST /);
  });

  it('fails with BAD_RESPONSE on an HTML page (a login proxy)', async () => {
    const { url } = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>Sign in</body></html>');
    });
    const error = await failure(source(url).queryRange(QUERY, RANGE));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toContain('<html><body>Sign in');
  });

  it('fails with BAD_RESPONSE on a status "error" answer sent with HTTP 200', async () => {
    const { url } = await serve(json(200, { status: 'error', errorType: 'internal', error: 'odd proxy' }));
    const error = await failure(source(url).queryRange(QUERY, RANGE));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toContain('internal: odd proxy');
  });

  it.each([
    ['a vector', { status: 'success', data: { resultType: 'vector', result: [] } }, 'expected "resultType": "matrix"'],
    ['a bad value', { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[T0, 'abc']] }] } }, 'has the value "abc"'],
    ['a bad pair', { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[T0]] }] } }, 'is not a [timestamp, "value"] pair'],
    ['native histograms', { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, histograms: [] }] } }, 'native histogram'],
  ])('fails with BAD_RESPONSE on %s', async (_name, body, expected) => {
    const { url } = await serve(json(200, body));
    const error = await failure(source(url).queryRange(QUERY, RANGE));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.message).toContain(expected);
  });
});

describe('collect over HTTP', () => {
  const config = {
    metrics: Array.from({ length: 6 }, (_, index) => ({ name: `m${index}`, test: 'mann-whitney', query: `m${index}{version="\${scope}"}` })),
  };
  const options = { start: T0, end: T0 + 120, step: 60, baseline: { scope: 'baseline' }, canary: { scope: 'canary' } };

  it('keeps at most `concurrency` requests in flight', async () => {
    const slowOk: Handler = (request, response) => {
      setTimeout(() => OK(request, response), 30);
    };
    const server = await serve(slowOk);
    const data = await collect(config, source(server.url), { ...options, concurrency: 3 });
    expect(Object.keys(data.metrics)).toHaveLength(6);
    expect(server.requests).toHaveLength(12);
    expect(server.maxInFlight()).toBe(3);
  });

  it('cancels the other requests after the first failure and rejects once, with the metric named', async () => {
    const closes: Promise<void>[] = [];
    const server = await serve((request, response) => {
      if ((request.form.get('query') ?? '').startsWith('m2{')) return json(400, { status: 'error', errorType: 'bad_data', error: 'nope' })(request, response);
      // everything else hangs until the client cancels it
      closes.push(new Promise((resolve) => response.on('close', () => resolve())));
    });
    // The sources' own timeout is far beyond the test's: only cancellation can end the hanging requests.
    const error = await failure(collect(config, source(server.url, { timeoutMs: 600_000 }), { ...options, concurrency: 12 }));
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 400, metric: 'm2' });
    expect(closes.length).toBeGreaterThan(0);
    await Promise.all(closes);
    expect(error.message).toMatch(/^metric "m2" \((baseline|canary)\): Prometheus answered HTTP 400/);
  });

  it('rejects with ABORTED when the caller aborts collect', async () => {
    const server = await serve(hang);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(collect(config, source(server.url), { ...options, signal: controller.signal }));
    expect(error.code).toBe('ABORTED');
  });
});
