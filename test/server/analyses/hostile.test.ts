/**
 * Hostile requests against the analysis routes, with a loopback fake Prometheus that records every
 * query it receives: PromQL-breaking values arrive escaped (or are refused before any query), a
 * request can never add a query, a URL or a header, unknown templates / missing or unknown
 * variables / oversized bodies / wrong tokens get their status and run nothing, and source failures
 * answer 502 / 504 / 422 with `{ error: { code, message } }` and never a credential.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderPromQL } from '../../../src/adapters/prometheus/promql.js';
import { createAnalysisCollector, createJudgeServer, parseAnalysisTemplate, type AnalysisTemplate, type JudgeServer } from '../../../src/server/index.js';
import { createTestServer, hang, json, type Handler, type TestServer } from '../../adapters/prometheus/helpers/http-test-server.js';

const TOKEN = 'server-token-0123456789';
const PROMETHEUS_TOKEN = 'prometheus-bearer-SECRET-4242';
const API_KEY = 'gateway-api-key-SECRET-777';

/** A range answer: one series with 30 points a minute apart ending at the query's end. */
const series: Handler = (request, response) => {
  const start = Number(request.form.get('start'));
  const step = Number(request.form.get('step'));
  const end = Number(request.form.get('end'));
  const values: [number, string][] = [];
  for (let time = start; time <= end; time += step) values.push([time, String(100 + ((time / step) % 7))]);
  json(200, { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values }] } })(request, response);
};

let script: Handler[] = [series];
let prometheus: TestServer;
let server: JudgeServer;
let base = '';
const logged: string[] = [];

function template(name: string, input: unknown): AnalysisTemplate {
  const parsed = parseAnalysisTemplate(name, input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.template;
}

beforeAll(async () => {
  prometheus = await createTestServer([(request, response) => (script[Math.min(prometheus.requests.length - 1, script.length - 1)] as Handler)(request, response)]);
  const source = { prometheus: prometheus.url, step: '60s', timeout: '1500ms', retries: 1 };
  const templates = [
    template('latency', {
      source,
      lookback: '30m',
      metrics: [
        { name: 'latency', test: 'mann-whitney', query: 'latency{app="${app}",version="${scope}"}' },
        { name: 'by path', test: 'mann-whitney', query: "latency{path=~'${path}',version=\"${scope}\"}" },
      ],
    }),
  ];
  server = createJudgeServer({
    bodyLimitBytes: 10_000,
    token: TOKEN,
    analyses: { templates, collector: createAnalysisCollector({ bearerToken: PROMETHEUS_TOKEN, headers: { 'X-Api-Key': API_KEY, 'X-Scope-OrgID': 'tenant-1' } }) },
    onError: (error) => logged.push(String((error as Error).message)),
  });
  const { port } = await server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server.close();
  await prometheus.close();
});

afterEach(() => {
  script = [series];
  prometheus.requests.length = 0;
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const good = { baseline: 'v1', canary: 'v2', variables: { app: 'checkout', path: '/api' }, lookback: '30m' };

const queries = () => prometheus.requests.map((request) => request.form.get('query') as string);

describe('request values are label values only', () => {
  it('sends the expected queries with the server\'s credentials and headers', async () => {
    const response = await post('/v1/analyses/latency/judge', good);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(queries().sort()).toEqual(
      ['latency{app="checkout",version="v1"}', 'latency{app="checkout",version="v2"}', "latency{path=~'/api',version=\"v1\"}", "latency{path=~'/api',version=\"v2\"}"].sort(),
    );
    for (const request of prometheus.requests) {
      expect(request.headers['authorization']).toBe(`Bearer ${PROMETHEUS_TOKEN}`);
      expect(request.headers['x-api-key']).toBe(API_KEY);
      expect(request.headers['x-scope-orgid']).toBe('tenant-1');
    }
  });

  const breaking = [
    '"} or vector(1) or x{a="',
    "'} or vector(1) #",
    'a\\"b',
    'line\nbreak',
    '.*',
    '${scope}',
    '`raw`',
    'x"}[5m]) > 0 or on() vector(1) #',
    '\u0000\u001f',
  ];
  it.each(breaking)('a PromQL-breaking value %j arrives escaped as a label value (exactly as renderPromQL escapes it)', async (value) => {
    const response = await post('/v1/analyses/latency/judge', { ...good, variables: { app: value, path: value }, canary: { scope: value } });
    expect(response.status, await response.clone().text()).toBe(200);
    const expected = [
      renderPromQL('latency{app="${app}",version="${scope}"}', { app: value, scope: 'v1' }),
      renderPromQL('latency{app="${app}",version="${scope}"}', { app: value, scope: value }),
      renderPromQL("latency{path=~'${path}',version=\"${scope}\"}", { path: value, scope: 'v1' }),
      renderPromQL("latency{path=~'${path}',version=\"${scope}\"}", { path: value, scope: value }),
    ].sort();
    expect(queries().sort()).toEqual(expected);
    // The received query has exactly the template's structure: one selector, the value inside it.
    for (const query of queries()) {
      expect(query).not.toMatch(/\bor\s+vector\(1\)(?![^"']*["'])/);
      expect(query.startsWith('latency{')).toBe(true);
      expect(query.endsWith('}')).toBe(true);
    }
  });

  it('a request cannot name a query, a URL or a header: those keys are 400 and nothing is queried', async () => {
    for (const extra of [{ query: 'up' }, { url: 'http://evil.example' }, { headers: { Authorization: 'x' } }, { source: { prometheus: 'http://evil' } }]) {
      const response = await post('/v1/analyses/latency/judge', { ...good, ...extra });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.issues.map((issue) => issue.path)).toEqual([Object.keys(extra)[0]]);
    }
    expect(prometheus.requests).toHaveLength(0);
  });
});

describe('bad requests get their status and run no query', () => {
  it('unknown template: 404 naming the known ones', async () => {
    for (const name of ['nope', '..%2F..%2Fetc%2Fpasswd', '%00']) {
      const response = await post(`/v1/analyses/${name}/judge`, good);
      expect(response.status).toBe(404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('unknown_analysis');
      expect(body.error.message).toContain('known: latency');
    }
    expect(prometheus.requests).toHaveLength(0);
  });

  it('missing and unknown variables: 400 with the expected names', async () => {
    const missing = await post('/v1/analyses/latency/judge', { ...good, variables: { app: 'checkout' } });
    expect(missing.status).toBe(400);
    const missingBody = (await missing.json()) as { error: { expected: string[]; issues: { path: string; message: string }[] } };
    expect(missingBody.error.expected).toEqual(['app', 'path']);
    expect(missingBody.error.issues).toEqual([{ path: 'variables.path', message: expect.stringContaining('missing variable "path"') }]);

    const unknown = await post('/v1/analyses/latency/judge', { ...good, variables: { ...good.variables, region: 'eu' }, canary: { scope: 'v2', zone: 'a' } });
    expect(unknown.status).toBe(400);
    const unknownBody = (await unknown.json()) as { error: { expected: string[]; issues: { path: string }[] } };
    expect(unknownBody.error.expected).toEqual(['app', 'path']);
    expect(unknownBody.error.issues.map((issue) => issue.path).sort()).toEqual(['canary.zone', 'variables.region']);

    for (const body of [
      { ...good, variables: { ...good.variables, step: '1s' } },
      { ...good, variables: { app: 1, path: '/' } },
      { ...good, baseline: undefined },
      { ...good, variables: { ...good.variables, app: 'x'.repeat(1025) } },
      { ...good, lookback: '30 minutes' },
      { ...good, start: '2024-01-01T00:00:00Z' },
      { ...good, lookback: undefined, start: 'yesterday' },
      { ...good, lookback: undefined, start: 1_700_000_000_000 },
      { ...good, lookback: '40d' },
    ]) {
      const response = await post('/v1/analyses/latency/judge', body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    expect(prometheus.requests).toHaveLength(0);
  });

  it('oversized and malformed bodies: 413 and 400', async () => {
    const huge = await post('/v1/analyses/latency/judge', { ...good, variables: { app: 'x'.repeat(20_000), path: '/' } });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
    expect((await post('/v1/analyses/latency/judge', '{"baseline":')).status).toBe(400);
    expect((await post('/v1/analyses/latency/judge', '[1,2]')).status).toBe(400);
    expect((await post('/v1/analyses/latency/judge?failStatus=200', good)).status).toBe(400);
    expect((await post('/v1/analyses/latency/judge?query=up', good)).status).toBe(400);
    expect(prometheus.requests).toHaveLength(0);
  });

  it('wrong, missing or malformed tokens: 401 on every route but /healthz', async () => {
    for (const authorization of ['', 'Bearer wrong', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, `Bearer  `]) {
      const response = await post('/v1/analyses/latency/judge', good, { authorization });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    for (const path of ['/v1/analyses', '/judges', '/v1/analyses/latency/report?baseline=a&canary=b', '/nope']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(401);
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(prometheus.requests).toHaveLength(0);
  });
});

describe('source failures: 502, 504, 422 with { error: { code, message } }, never a credential', () => {
  const failureOf = async (response: Response) => {
    const text = await response.text();
    for (const secret of [PROMETHEUS_TOKEN, API_KEY, TOKEN]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\n\s+at /);
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
    return body.error;
  };

  it('5xx after the retries: 502 with the cause', async () => {
    script = [json(503, { status: 'error', errorType: 'unavailable', error: 'overloaded' })];
    const response = await post('/v1/analyses/latency/judge', good);
    expect(response.status).toBe(502);
    const error = await failureOf(response);
    expect(error.code).toBe('source_unavailable');
    expect(error.message).toMatch(/503/);
  });

  it('a source that echoes the credentials in its error: they are redacted from the answer and the log', async () => {
    script = [
      (request, response) =>
        json(500, { status: 'error', errorType: 'internal', error: `rejected ${String(request.headers['authorization'])} and key ${String(request.headers['x-api-key'])}` })(request, response),
    ];
    const response = await post('/v1/analyses/latency/judge', good);
    expect(response.status).toBe(502);
    const error = await failureOf(response);
    expect(error.message).toContain('rejected');
    for (const line of logged) for (const secret of [PROMETHEUS_TOKEN, API_KEY, TOKEN]) expect(line).not.toContain(secret);
  });

  it('a query Prometheus rejects (bad_data): 422', async () => {
    script = [json(400, { status: 'error', errorType: 'bad_data', error: 'parse error at char 3' })];
    const response = await post('/v1/analyses/latency/judge', good);
    expect(response.status).toBe(422);
    const error = await failureOf(response);
    expect(error.code).toBe('query_rejected');
    expect(error.message).toContain('parse error');
  });

  it('several series for one side: 422 naming the labels', async () => {
    script = [
      json(200, {
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: { pod: 'a' }, values: [[1, '1']] }, { metric: { pod: 'b' }, values: [[1, '1']] }] },
      }),
    ];
    const response = await post('/v1/analyses/latency/judge', good);
    expect(response.status).toBe(422);
    expect((await failureOf(response)).message).toContain('pod');
  });

  it('a source that never answers: 504 within the template\'s time limit', async () => {
    script = [hang];
    const response = await post('/v1/analyses/latency/judge', good);
    // The source_timeout code says the template's limit fired (the hanging source never answers).
    expect(response.status).toBe(504);
    expect((await failureOf(response)).code).toBe('source_timeout');
  });

  it('an unreachable source: 502, and /healthz still answers', async () => {
    const closed = createJudgeServer({
      analyses: {
        templates: [template('gone', { source: { prometheus: 'http://127.0.0.1:1', timeout: '2s', retries: 0 }, lookback: '5m', metrics: [{ name: 'x', test: 'mann-whitney', query: 'x{v="${scope}"}' }] })],
        collector: createAnalysisCollector(),
      },
    });
    const { port } = await closed.listen(0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/v1/analyses/gone/judge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ baseline: 'a', canary: 'b' }) });
      expect(response.status).toBe(502);
      const error = await failureOf(response);
      expect(error.code).toBe('source_unavailable');
      expect(error.message).toMatch(/127\.0\.0\.1:1/);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await closed.close();
    }
  });
});
