/**
 * Runs server fuzz cases against a real `createJudgeServer` on loopback (worker pool, body limits,
 * timeouts as deployed) with an analysis template `latency` reading the fake Prometheus. Each case
 * is one raw HTTP request (so a body can be cut short on the wire) followed by `GET /healthz`: the
 * server must still answer.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { createAnalysisCollector, createJudgeServer, parseAnalysisTemplate, type JudgeServer } from '../../src/server/index.js';
import { applyMutations } from './arbitraries/document-mutation.js';
import { mangleText } from './arbitraries/hostile-json.js';
import type { ServerBodyCase, ServerRoute } from './arbitraries/server-bodies.js';
import { startFakePrometheus, type FakePrometheus } from './fake-prometheus.js';
import type { HttpOutcome } from './oracle.js';

const root = new URL('../../', import.meta.url).pathname;

function shrink(value: unknown): unknown {
  if (Array.isArray(value)) return value.slice(0, 40).map(shrink);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shrink(item)]));
  return value;
}

const readExample = (...parts: string[]): unknown => shrink(JSON.parse(readFileSync(join(root, 'examples', ...parts), 'utf8')));

export interface ServerHarness {
  runCase(input: ServerBodyCase): Promise<HttpOutcome>;
  close(): Promise<void>;
}

interface Exchange {
  readonly status: number | undefined;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

function exchange(base: URL, method: string, path: string, headers: Record<string, string>, body: Buffer | undefined, cutAt: number | undefined): Promise<Exchange> {
  return new Promise((resolve) => {
    const request = httpRequest(new URL(path, base), { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
      response.on('error', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
    });
    request.on('error', () => resolve({ status: undefined, body: '', headers: {} }));
    if (body === undefined) request.end();
    else if (cutAt === undefined) request.end(body);
    else {
      // Declared length, part of the body, then the socket goes away.
      request.write(body.subarray(0, cutAt));
      setTimeout(() => request.destroy(), 5);
    }
  });
}

/** Starts the fake Prometheus and the judge server. */
export async function createServerHarness(): Promise<ServerHarness> {
  const prometheus: FakePrometheus = await startFakePrometheus();
  const parsed = parseAnalysisTemplate('latency', {
    source: { prometheus: prometheus.url, step: '60s', timeout: '2s', retries: 0 },
    lookback: '30m',
    metrics: [
      { name: 'latency', test: 'mann-whitney', query: 'latency{app="${app}",version="${scope}"}' },
      { name: 'errors', test: 'rate', query: { events: 'errors{version="${scope}"}', total: 'requests{version="${scope}"}' } },
    ],
  });
  if (!parsed.ok) throw new Error(`fuzz template invalid: ${JSON.stringify(parsed.issues)}`);
  const server: JudgeServer = createJudgeServer({
    analyses: { templates: [parsed.template], collector: createAnalysisCollector({}) },
    // Errors go to this hook, never to the client; the fuzz only needs them not printed.
    onError: () => undefined,
  });
  const { port } = await server.listen(0, '127.0.0.1');
  const base = new URL(`http://127.0.0.1:${port}`);

  const healthy = { config: readExample('healthy-canary', 'config.json'), data: readExample('healthy-canary', 'data.json') };
  const kayenta = readExample('kayenta', 'request.json');
  const bases: Record<ServerRoute, unknown> = {
    kayenta,
    native: healthy,
    'flagger-native': healthy,
    'analysis-native': { baseline: 'v1', canary: { scope: 'v2' }, variables: { app: 'checkout' }, lookback: '30m' },
    'analysis-flagger': { name: 'checkout', namespace: 'shop', phase: 'Progressing', checksum: '42', metadata: { baseline: 'v1', canary: 'v2', app: 'checkout', lookback: '30m' } },
  };

  const bodyText = (input: ServerBodyCase): string => {
    const text = mangleText(applyMutations(bases[input.route], input.mutations), input.mangle);
    if (input.route !== 'flagger-native') return text;
    // Flagger carries the config and data as JSON strings in `metadata`.
    let inner: unknown;
    try {
      inner = JSON.parse(text);
    } catch {
      return JSON.stringify({ name: 'podinfo', namespace: 'test', phase: 'Progressing', metadata: { config: text, data: text } });
    }
    const record = (typeof inner === 'object' && inner !== null ? inner : {}) as Record<string, unknown>;
    try {
      const metadata = Object.fromEntries(Object.entries(record).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
      return JSON.stringify({ name: 'podinfo', namespace: 'test', phase: 'Progressing', metadata });
    } catch {
      // A value nested too deep for JSON.stringify: send the whole text as each string.
      return JSON.stringify({ name: 'podinfo', namespace: 'test', phase: 'Progressing', metadata: { config: text, data: text } });
    }
  };

  return {
    async runCase(input) {
      const path = input.route === 'kayenta' ? '/judge' : input.route.startsWith('analysis') ? `/v1/analyses/${input.analysisName}/judge` : '/v1/judge';
      const body = Buffer.from(bodyText(input), 'utf8');
      const sendsBody = input.method !== 'GET';
      const headers: Record<string, string> = sendsBody ? { 'content-length': String(body.length) } : {};
      if (input.contentType !== undefined) headers['content-type'] = input.contentType;
      const cutAt = input.truncateOnWire ? Math.floor(body.length / 2) : undefined;
      const answer = await exchange(base, input.method, `${path}${input.query}`, headers, sendsBody ? body : undefined, sendsBody ? cutAt : undefined);
      const health = await exchange(base, 'GET', '/healthz', {}, undefined, undefined);
      const failStatus = [...new URLSearchParams(input.query.replace(/^\?/, '')).getAll('failStatus')].map(Number);
      return { ...answer, failStatus, truncated: sendsBody && cutAt !== undefined, healthy: health.status === 200 };
    },
    async close() {
      await server.close();
      await prometheus.close();
    },
  };
}
