/**
 * Credentials reach the server and never an error: not the message, `String(error)`, its JSON,
 * its stack, nor `util.inspect` (which also shows the cause), even when the server echoes the
 * Authorization header back.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, createPrometheusSource, type PrometheusSourceOptions } from '../../../src/prometheus.js';
import { closedPort, createTestServer, hang, json, type Handler, type TestServer } from './helpers/http-test-server.js';

const T0 = 1_704_067_200;
const RANGE = { startMs: T0 * 1000, endMs: (T0 + 120) * 1000, stepMs: 60_000 };
const TOKEN = 'tok-7f3a9c1e5d2b8a64';
const PASSWORD = 'pw-Zq8!x@y#9';
const API_KEY = 'key-0123456789abcdef';

/** Echoes every header it got, in the body of the given status. */
const echo =
  (status: number): Handler =>
  (request, response) =>
    json(status, { status: 'error', errorType: 'echo', error: `headers: ${JSON.stringify(request.headers)}` })(request, response);

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function everyRendering(error: unknown): string {
  const fields = error instanceof Error ? [error.message, String(error), error.stack ?? ''] : [String(error)];
  return [...fields, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].join('\n');
}

function expectClean(error: unknown, secrets: readonly string[]): void {
  expect(error).toBeInstanceOf(Error);
  const text = everyRendering(error);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

const basic = Buffer.from(`alice:${PASSWORD}`).toString('base64');
const cases: [string, (url: string) => PrometheusSourceOptions, string, string[]][] = [
  ['a bearer token', (url) => ({ url, bearerToken: TOKEN }), `Bearer ${TOKEN}`, [TOKEN]],
  ['basic auth', (url) => ({ url, basicAuth: { username: 'alice', password: PASSWORD } }), `Basic ${basic}`, [PASSWORD, basic]],
  [
    'user info in the URL',
    (url) => ({ url: url.replace('http://', `http://alice:${encodeURIComponent(PASSWORD)}@`) }),
    `Basic ${basic}`,
    [PASSWORD, encodeURIComponent(PASSWORD), basic],
  ],
];

describe.each(cases)('with %s', (_name, options, authorization, secrets) => {
  const make = (url: string) => createPrometheusSource({ ...options(url), retries: 1, backoff: { initialMs: 5, maxMs: 5 }, timeoutMs: 2000 });

  it('sends the Authorization header', async () => {
    server = await createTestServer([json(200, { status: 'success', data: { resultType: 'matrix', result: [] } })]);
    await make(server.url).queryRange('up', RANGE);
    expect(server.requests[0]?.headers.authorization).toBe(authorization);
  });

  it.each([400, 500])('keeps it out of an HTTP %i error that echoes the headers', async (status) => {
    server = await createTestServer([echo(status)]);
    const error = await make(server.url).queryRange('up', RANGE).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status });
    expect((error as Error).message).toContain('[REDACTED]');
    expectClean(error, secrets);
  });

  it('keeps it out of a BAD_RESPONSE that echoes the headers', async () => {
    server = await createTestServer([
      (request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end(`not json ${String(request.headers.authorization)}`);
      },
    ]);
    const error = await make(server.url).queryRange('up', RANGE).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE' });
    expectClean(error, secrets);
  });

  it('keeps it out of NETWORK, TIMEOUT and collect errors', async () => {
    const port = await closedPort();
    const unreachable = await make(`http://127.0.0.1:${port}`).queryRange('up', RANGE).catch((caught: unknown) => caught);
    expect(unreachable).toMatchObject({ code: 'NETWORK' });
    expectClean(unreachable, secrets);
    server = await createTestServer([hang]);
    const slow = createPrometheusSource({ ...options(server.url), timeoutMs: 200 });
    const timedOut = await slow.queryRange('up', RANGE).catch((caught: unknown) => caught);
    expect(timedOut).toMatchObject({ code: 'TIMEOUT' });
    expectClean(timedOut, secrets);
    const config = { metrics: [{ name: 'up', test: 'mann-whitney', query: 'up{v="${scope}"}' }] };
    const error = await collect(config, slow, { start: T0, end: T0 + 120, step: 60, baseline: { scope: 'a' }, canary: { scope: 'b' } }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'TIMEOUT', metric: 'up' });
    expectClean(error, secrets);
  });
});

describe('secrets in other places', () => {
  it('redacts secret-looking custom headers echoed by the server', async () => {
    server = await createTestServer([echo(500)]);
    const source = createPrometheusSource({ url: server.url, headers: { 'X-Api-Key': API_KEY, 'X-Scope-OrgID': 'tenant-1' }, retries: 0 });
    const error = await source.queryRange('up', RANGE).catch((caught: unknown) => caught);
    expect(server.requests[0]?.headers['x-api-key']).toBe(API_KEY);
    expectClean(error, [API_KEY]);
    expect((error as Error).message).toContain('tenant-1');
  });

  it('does not echo credentials in option errors', () => {
    const attempts: PrometheusSourceOptions[] = [
      { url: 'http://127.0.0.1:9', bearerToken: `${TOKEN}\n` },
      { url: 'http://127.0.0.1:9', bearerToken: TOKEN, basicAuth: { username: 'alice', password: PASSWORD } },
      { url: `http://alice:${PASSWORD}@127.0.0.1:9`, bearerToken: TOKEN },
      { url: `ftp://alice:${PASSWORD}@127.0.0.1:9` },
      { url: `not a url ${TOKEN}` },
      { url: 'http://127.0.0.1:9', bearerToken: TOKEN, headers: { authorization: `Bearer ${TOKEN}` } },
    ];
    for (const options of attempts) {
      let caught: unknown;
      try {
        createPrometheusSource(options);
      } catch (error) {
        caught = error;
      }
      expect(caught, JSON.stringify(Object.keys(options))).toMatchObject({ code: 'INVALID_OPTION' });
      expectClean(caught, [TOKEN, PASSWORD]);
    }
  });
});
