/**
 * The analysis service against a real Prometheus (Debian's package, started by the suite's helper)
 * holding a stable and a canary version for three scenarios (healthy, latency regression, error
 * spike), backfilled to end a minute ago so that "the last 60 minutes" holds them. The requests are
 * built exactly as Argo Rollouts' web provider and Flagger's webhook send them, and their answers
 * are read as those tools read them (see ./orchestrator-clients.ts for the upstream files).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalysisCollector, createJudgeServer, loadAnalysisTemplates, type JudgeServer } from '../../../src/server/index.js';
import { startPrometheus } from '../../adapters/prometheus/helpers/prometheus-server.js';
import { SCENARIO_CONFIG, buildOpenMetrics } from '../../adapters/prometheus/helpers/scenario-data.js';
import { argoMeasure, flaggerCall, goRequest } from './orchestrator-clients.js';

const nowSeconds = Math.floor(Date.now() / 1000);
/** The 70 minutes of samples end a minute before the test starts. */
const t0 = Math.floor(nowSeconds / 15) * 15 - 4200 - 60;
const prometheus = await startPrometheus(buildOpenMetrics(t0));
const directory = mkdtempSync(join(tmpdir(), 'canary-judge-analyses-'));
const TOKEN = 'test-token-0123456789abcdef';

function writeTemplate(name: string, template: unknown): void {
  writeFileSync(join(directory, `${name}.json`), `${JSON.stringify(template, null, 2)}\n`);
}

let server: JudgeServer;
let base = '';

beforeAll(async () => {
  if (!prometheus.ok) return;
  writeTemplate('scenario', { description: 'the scenario data, for Argo Rollouts', source: { prometheus: prometheus.url, step: '60s' }, lookback: '60m', ...SCENARIO_CONFIG });
  // For Flagger: the canary's name selects the scenario; the scopes are fixed by the template.
  const byName = JSON.parse(JSON.stringify(SCENARIO_CONFIG).replaceAll('scenario=\\"${scenario}\\"', 'scenario=\\"${name}\\"')) as typeof SCENARIO_CONFIG;
  writeTemplate('flagger', { source: { prometheus: prometheus.url, step: '60s' }, lookback: '60m', scopes: { baseline: 'baseline', canary: 'canary' }, ...byName });
  const loaded = await loadAnalysisTemplates(directory);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded));
  server = createJudgeServer({ analyses: { templates: loaded.templates, collector: createAnalysisCollector() }, token: TOKEN, basePath: '/canary-judge' });
  const address = await server.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${address.port}/canary-judge`;
});

afterAll(async () => {
  await server?.close();
  await prometheus.stop();
  rmSync(directory, { recursive: true, force: true });
});

const auth = { key: 'Authorization', value: `Bearer ${TOKEN}` };

/** The AnalysisTemplate metric of docs/orchestrators.md with Argo's `{{args.*}}` already substituted. */
function argoMetric(scenario: string, form: 'body' | 'jsonBody') {
  const body = { baseline: { scope: 'baseline' }, canary: { scope: 'canary' }, variables: { scenario }, lookback: '60m' };
  return {
    url: `${base}/v1/analyses/scenario/judge`,
    method: 'POST' as const,
    headers: form === 'body' ? [auth, { key: 'Content-Type', value: 'application/json' }] : [auth],
    ...(form === 'body' ? { body: JSON.stringify(body) } : { jsonBody: body }),
    jsonPath: '{$.verdict}',
    successCondition: 'result == "pass"',
    failureCondition: 'result == "fail"',
  };
}

interface Answer {
  verdict: string;
  metrics: { name: string; outcome: string }[];
  analysis: { name: string; start: string; end: string; stepSeconds: number; source: string; notes: string[] };
}

describe.skipIf(!prometheus.ok)('analysis service against a real Prometheus', () => {
  it('GET /v1/analyses lists the templates, their variables and metrics', async () => {
    const response = await goRequest(`${base}/v1/analyses`, 'GET', { Authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    const { analyses } = JSON.parse(response.text) as { analyses: { name: string; variables: string[]; lookback: string; metrics: { name: string }[] }[] };
    expect(analyses.map((analysis) => [analysis.name, analysis.variables, analysis.lookback])).toEqual([
      ['flagger', ['name'], '3600s'],
      ['scenario', ['scenario'], '3600s'],
    ]);
    expect(analyses[1]!.metrics.map((metric) => metric.name)).toEqual(['cpu', 'throughput', 'p90 latency', '5xx rate']);
    expect(response.text).not.toContain(prometheus.ok ? prometheus.url : '-');
  });

  for (const form of ['body', 'jsonBody'] as const) {
    it(`Argo Rollouts web provider (${form}): healthy → Successful, latency and errors → Failed, read with jsonPath {$.verdict}`, async () => {
      const healthy = await argoMeasure(argoMetric('healthy', form));
      expect(healthy.response.status, healthy.response.text).toBe(200);
      expect(healthy.value).toBe('pass');
      expect(healthy.phase).toBe('Successful');
      const answer = JSON.parse(healthy.response.text) as Answer;
      expect(Object.keys(answer)[0]).toBe('verdict');
      expect(answer.analysis.stepSeconds).toBe(60);
      expect(Date.parse(answer.analysis.end) / 1000).toBeGreaterThanOrEqual(nowSeconds - 5);
      expect((Date.parse(answer.analysis.end) - Date.parse(answer.analysis.start)) / 1000).toBeGreaterThanOrEqual(3540);

      for (const [scenario, metric] of [['latency', 'p90 latency'], ['errors', '5xx rate']] as const) {
        const failed = await argoMeasure(argoMetric(scenario, form));
        expect(failed.response.status, failed.response.text).toBe(200);
        expect(failed.value).toBe('fail');
        expect(failed.phase).toBe('Failed');
        const judgement = JSON.parse(failed.response.text) as Answer;
        expect(judgement.metrics.find((candidate) => candidate.name === metric)?.outcome).toBe('fail');
      }
    });
  }

  it('Argo without the token gets 401, which Argo counts as an Error, not a failed measurement', async () => {
    const metric = { ...argoMetric('healthy', 'jsonBody'), headers: [] };
    const result = await argoMeasure(metric);
    expect(result.response.status).toBe(401);
    expect(result.phase).toBe('Error');
    expect(JSON.parse(result.response.text)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('Flagger webhook: healthy passes (200); a regression answers 412 with ?failStatus=412, which Flagger reads as a failed check', async () => {
    const url = `${base}/v1/analyses/flagger/judge`;
    // Flagger has no header option for webhooks: this server is reached without a token in a
    // mesh that authenticates otherwise, so use a second, token-less server on the same templates.
    const loaded = await loadAnalysisTemplates(directory);
    if (!loaded.ok) throw new Error('templates');
    const open = createJudgeServer({ analyses: { templates: loaded.templates, collector: createAnalysisCollector() } });
    const { port } = await open.listen(0, '127.0.0.1');
    try {
      const hook = `http://127.0.0.1:${port}/v1/analyses/flagger/judge?failStatus=412`;
      const payload = (name: string) => ({ name, namespace: 'test', phase: 'Progressing', checksum: '7c5f6d7c9d', metadata: {} });
      const healthy = await flaggerCall(hook, payload('healthy'));
      expect(healthy.response.status, healthy.response.text).toBe(200);
      expect(healthy.passed).toBe(true);
      expect((JSON.parse(healthy.response.text) as Answer).verdict).toBe('pass');
      for (const name of ['latency', 'errors']) {
        const failed = await flaggerCall(hook, payload(name));
        expect(failed.response.status, failed.response.text).toBe(412);
        expect(failed.passed).toBe(false);
        expect((JSON.parse(failed.response.text) as Answer).verdict).toBe('fail');
      }
      // Without failStatus a fail verdict is still a 200: Flagger would read it as a pass.
      const unflagged = await flaggerCall(hook.replace('?failStatus=412', ''), payload('latency'));
      expect(unflagged.response.status).toBe(200);
      expect(unflagged.passed).toBe(true);
      // metadata may name the window and the scopes explicitly.
      const explicit = await flaggerCall(hook, { ...payload('latency'), metadata: { baseline: 'baseline', canary: 'canary', lookback: '45m' } });
      expect(explicit.response.status).toBe(412);
      const window = (JSON.parse(explicit.response.text) as Answer).analysis;
      expect((Date.parse(window.end) - Date.parse(window.start)) / 1000).toBe(2700);
      // The token-protected server refuses Flagger without a token.
      expect((await flaggerCall(`${url}?failStatus=412`, payload('healthy'))).response.status).toBe(401);
    } finally {
      await open.close();
    }
  });

  it('the native body takes start and end as RFC 3339 or unix seconds', async () => {
    const start = t0 + 600;
    const end = t0 + 4200;
    const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
    const bodies = [
      { baseline: 'baseline', canary: 'canary', variables: { scenario: 'healthy' }, start: new Date(start * 1000).toISOString(), end: new Date(end * 1000).toISOString() },
      { baseline: 'baseline', canary: 'canary', variables: { scenario: 'healthy' }, start, end: String(end) },
    ];
    for (const body of bodies) {
      const response = await goRequest(`${base}/v1/analyses/scenario/judge`, 'POST', headers, JSON.stringify(body));
      expect(response.status, response.text).toBe(200);
      const answer = JSON.parse(response.text) as Answer;
      expect(answer.verdict).toBe('pass');
      expect([Date.parse(answer.analysis.start) / 1000, Date.parse(answer.analysis.end) / 1000]).toEqual([start, end]);
    }
  });

  it('GET /v1/analyses/NAME/report answers the self-contained HTML report of the same judgement', async () => {
    const response = await goRequest(`${base}/v1/analyses/scenario/report?baseline=baseline&canary=canary&scenario=latency&lookback=60m`, 'GET', { Authorization: `Bearer ${TOKEN}` });
    expect(response.status, response.text).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toMatch(/^<!DOCTYPE html>/i);
    expect(response.text).toContain('FAIL');
    expect(response.text).toContain('p90 latency');
    expect(response.text).toContain('scenario · Prometheus at');
    const missing = await goRequest(`${base}/v1/analyses/scenario/report?baseline=baseline&canary=canary`, 'GET', { Authorization: `Bearer ${TOKEN}` });
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text).error.expected).toEqual(['scenario']);
  });

  it('--base-path: Kayenta\'s RemoteJudge posts to /prefix/judge; /healthz answers with and without the prefix, without a token', async () => {
    const root = base.replace('/canary-judge', '');
    expect((await goRequest(`${root}/healthz`, 'GET', {})).status).toBe(200);
    expect((await goRequest(`${base}/healthz`, 'GET', {})).status).toBe(200);
    expect((await goRequest(`${root}/judges`, 'GET', { Authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    const judges = await goRequest(`${base}/judges`, 'GET', { Authorization: `Bearer ${TOKEN}` });
    expect(judges.status).toBe(200);
    const kayenta = {
      canaryConfig: { metrics: [{ name: 'latency', groups: ['perf'] }], classifier: { groupWeights: { perf: 100 } } },
      scoreThresholds: { pass: 95, marginal: 75 },
      metricSetPairList: [{ name: 'latency', id: 'a', tags: {}, values: { control: [1, 2, 3, 4, 5, 6, 7, 8], experiment: [1, 2, 3, 4, 5, 6, 7, 8] } }],
    };
    const judged = await goRequest(`${base}/judge`, 'POST', { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, JSON.stringify(kayenta));
    expect(judged.status, judged.text).toBe(200);
    expect((JSON.parse(judged.text) as { score: { classification: string } }).score.classification).toBe('Pass');
  });
});
