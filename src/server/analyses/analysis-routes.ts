/**
 * The analysis routes: `GET /v1/analyses`, `POST /v1/analyses/NAME/judge` and
 * `GET /v1/analyses/NAME/report`. Each reads the request against the template, fetches both sides
 * through the template's source, judges, and answers the Judgement (JSON, `verdict` first) or its
 * self-contained HTML report.
 */
import { judge, type Judgement, type ValidationIssue } from '../../judge/index.js';
import type { HtmlReportOptions } from '../../report/html.js';
import type { CollectedData } from '../../sources/collect.js';
import type { HtmlResponse, JsonResponse } from '../http-responses.js';
import type { AnalysisCollector, CollectedAnalysis } from './analysis-sources.js';
import { readAnalysisQuery, readAnalysisRequest, type AnalysisRequest, type ReadAnalysisRequest } from './analysis-request.js';
import type { AnalysisTemplate } from './analysis-template.js';
import { redactAll, sourceFailure } from './source-failure.js';
import type { FetchGate } from './fetch-gate.js';
import { SourceError } from '../../sources/source-error.js';

/** What the analysis routes need. */
export interface AnalysesOptions {
  /** The validated templates (see `loadAnalysisTemplates`). */
  readonly templates: readonly AnalysisTemplate[];
  /** Fetches a template's metrics. @default createAnalysisCollector() (no credentials) */
  readonly collector: AnalysisCollector;
  /** The clock, epoch ms (the end of a window that names none). @default Date.now */
  readonly now?: () => number;
  /** Judges collected data; the server may hand it a worker pool. @default the library's `judge` */
  readonly judge?: (config: AnalysisTemplate['config'], data: CollectedData) => Judgement | Promise<Judgement>;
  /** Renders the HTML report of a Judgement; the server may hand it a worker pool. @default the library's `renderHtml` */
  readonly render?: (judgement: Judgement, options: HtmlReportOptions) => string | Promise<string>;
  /**
   * Bounds how many analyses fetch at once (the others wait, within their time limit); the server
   * hands one so fetching cannot crowd `/healthz` out of the event loop. @default no bound
   */
  readonly fetchGate?: FetchGate;
}

/** Where an answer came from, added after the Judgement's own fields as `analysis`. */
export interface AnalysisInfo {
  readonly name: string;
  readonly source: string;
  readonly start: string;
  readonly end: string;
  readonly stepSeconds: number;
  readonly baseline: Readonly<Record<string, string>>;
  readonly canary: Readonly<Record<string, string>>;
  /** Queries that returned no series, and warnings the source attached, one line each. */
  readonly notes: readonly string[];
}

/**
 * `GET /v1/analyses`: every template with its variables, window default and metrics.
 *
 * @example
 * listAnalysesRoute([]).body // => { analyses: [] }
 */
export function listAnalysesRoute(templates: readonly AnalysisTemplate[]): JsonResponse {
  return {
    status: 200,
    body: {
      analyses: templates.map((template) => ({
        name: template.name,
        ...(template.description === undefined ? {} : { description: template.description }),
        judge: `POST /v1/analyses/${template.name}/judge`,
        report: `GET /v1/analyses/${template.name}/report`,
        source: template.source.kind,
        variables: template.variables,
        scopes: template.scopes ?? null,
        lookback: template.lookbackMs === undefined ? null : `${template.lookbackMs / 1000}s`,
        stepSeconds: template.source.stepMs === undefined ? null : template.source.stepMs / 1000,
        sequential:
          template.config.sequential === undefined
            ? null
            : { minDurationSeconds: template.config.sequential.minDuration, maxDurationSeconds: template.config.sequential.maxDuration },
        metrics: template.config.metrics.map((metric) => ({
          name: metric.name,
          test: metric.test,
          direction: metric.direction,
          critical: metric.critical,
          required: metric.required,
        })),
      })),
    },
  };
}

/** Runs one analysis: validates, collects, judges. */
async function analyse(
  options: AnalysesOptions,
  name: string,
  read: (template: AnalysisTemplate, nowMs: number) => ReadAnalysisRequest,
  signal: AbortSignal | undefined,
): Promise<{ ok: true; judgement: Judgement; collected: CollectedAnalysis; request: AnalysisRequest; template: AnalysisTemplate } | { ok: false; response: JsonResponse }> {
  const template = options.templates.find((candidate) => candidate.name === name);
  if (template === undefined) {
    const known = options.templates.map((candidate) => candidate.name);
    return {
      ok: false,
      response: {
        status: 404,
        body: { error: { code: 'unknown_analysis', message: `no analysis named ${JSON.stringify(name.slice(0, 100))}; known: ${known.length === 0 ? 'none' : known.join(', ')}`, analyses: known } },
      },
    };
  }
  const nowMs = (options.now ?? Date.now)();
  const read_ = read(template, nowMs);
  if (!read_.ok) return { ok: false, response: invalidAnalysisRequest(read_.issues, read_.expected) };
  const { request } = read_;
  // The analysis has the template's time limit as a whole, not only per query. One controller with
  // a timer, not AbortSignal.any/timeout: on Node 20 those keep composite signals (and what their
  // listeners hold) alive after the request, which grows a busy server's memory.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`the analysis time limit of ${template.source.timeoutMs} ms was reached`, 'TimeoutError'));
  }, template.source.timeoutMs);
  const onClientGone = () => controller.abort(signal?.reason);
  if (signal?.aborted === true) onClientGone();
  else signal?.addEventListener('abort', onClientGone, { once: true });
  let collected: CollectedAnalysis;
  try {
    const fetch = () =>
      options.collector.collect(template, {
        start: request.startMs / 1000,
        end: request.endMs / 1000,
        baseline: request.baseline,
        canary: request.canary,
        signal: controller.signal,
        concurrency: 8,
      });
    collected = options.fetchGate === undefined ? await fetch() : await options.fetchGate.run(fetch, controller.signal).catch((error: unknown) => {
      // Aborted while waiting for its turn: the time limit passed or the client went away.
      if (controller.signal.aborted && error === controller.signal.reason) throw new SourceError('ABORTED', 'the analysis was waiting for its turn to fetch', { cause: error });
      throw error;
    });
  } catch (error) {
    const failure = sourceFailure(error, options.collector.secrets, timedOut);
    if (failure === undefined) throw error;
    return { ok: false, response: failure };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onClientGone);
  }
  const judgement = await (options.judge ?? judge)(template.config, collected.data);
  return { ok: true, judgement, collected, request, template };
}

function info(template: AnalysisTemplate, request: AnalysisRequest, collected: CollectedAnalysis, secrets: readonly string[]): AnalysisInfo {
  const notes: string[] = [];
  for (const query of collected.queries) {
    const where = `${query.metric} (${query.side}${query.role === 'value' ? '' : `, ${query.role}`})`;
    if (query.status === 'nodata') notes.push(`${where}: ${query.reason ?? 'no data'}`);
    for (const warning of query.warnings) notes.push(`${where}: the source warned: ${warning}`);
  }
  return {
    name: template.name,
    source: collected.description,
    start: new Date(collected.startMs).toISOString(),
    end: new Date(collected.endMs).toISOString(),
    stepSeconds: collected.stepMs / 1000,
    baseline: request.baseline,
    canary: request.canary,
    notes: notes.map((note) => redactAll(note, secrets)),
  };
}

/**
 * `POST /v1/analyses/NAME/judge`: the native body or Flagger's payload in, the Judgement out
 * (`verdict` first, then `analysis`: the window, step and source used). With `?failStatus=412`
 * a `fail` verdict is answered with that status (Flagger fails a webhook on any status above 202).
 */
export async function judgeAnalysisRoute(options: AnalysesOptions, name: string, body: unknown, query: URLSearchParams, signal?: AbortSignal): Promise<JsonResponse> {
  const failStatusText = query.get('failStatus');
  let failStatus: number | undefined;
  if (failStatusText !== null) {
    failStatus = Number(failStatusText);
    if (!Number.isInteger(failStatus) || failStatus < 400 || failStatus > 599) {
      return invalidAnalysisRequest([{ path: 'failStatus', message: `expected an HTTP error status from 400 to 599, received ${JSON.stringify(failStatusText.slice(0, 40))}` }], []);
    }
  }
  for (const key of query.keys()) {
    if (key !== 'failStatus') return invalidAnalysisRequest([{ path: key, message: `Unknown query parameter "${key}": this route takes only failStatus; the analysis inputs go in the body` }], []);
  }
  const result = await analyse(options, name, (template, nowMs) => readAnalysisRequest(template, body, nowMs), signal);
  if (!result.ok) return result.response;
  const { judgement } = result;
  const status = failStatus !== undefined && judgement.verdict === 'fail' ? failStatus : 200;
  return { status, body: { ...judgement, analysis: info(result.template, result.request, result.collected, options.collector.secrets) } };
}

/** `GET /v1/analyses/NAME/report?baseline=…&canary=…&lookback=…`: the self-contained HTML report. */
export async function reportAnalysisRoute(options: AnalysesOptions, name: string, query: URLSearchParams, signal?: AbortSignal): Promise<JsonResponse | HtmlResponse> {
  const result = await analyse(options, name, (template, nowMs) => readAnalysisQuery(template, query, nowMs), signal);
  if (!result.ok) return result.response;
  const details = info(result.template, result.request, result.collected, options.collector.secrets);
  const subtitle = `${result.template.name} · ${details.source} · baseline ${result.request.baseline.scope} · canary ${result.request.canary.scope} · ${details.start} to ${details.end}, step ${details.stepSeconds}s`;
  const render = options.render ?? (await import('../../report/html.js')).renderHtml;
  return { status: 200, html: await render(result.judgement, { data: result.collected.data, subtitle }) };
}

/** A 400 listing every problem and the variable names the template expects. */
export function invalidAnalysisRequest(issues: readonly ValidationIssue[], expected: readonly string[]): JsonResponse {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const names = expected.length === 0 ? '' : `; the template's variables are ${expected.join(', ')}`;
  return { status: 400, body: { error: { code: 'invalid_request', message: `invalid analysis request: ${count}${names}`, issues, expected } } };
}
