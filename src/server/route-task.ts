/**
 * The work the server hands its worker threads, as plain functions: a whole judge route (parse the
 * JSON body and run it), the judging of an analysis' collected data, and the rendering of its HTML
 * report. The worker pool runs them on worker threads (`route-worker.ts`); nothing here touches
 * sockets, so they are easy to test and the server's event loop never parses or judges.
 */
import { judge, type CanaryConfigInput, type Judgement } from '../judge/index.js';
import type { JudgeKayentaOptions } from '../kayenta/index.js';
import type { HtmlReportOptions } from '../report/html.js';
import { errorResponse, type JsonResponse } from './http-responses.js';
import { judgeKayentaRoute, judgeNativeRoute } from './routes.js';

/** What the server hands a worker: the request's route, raw body and query, and the route options. */
export interface RouteTask {
  readonly method: string;
  readonly path: string;
  /** The query string without `?` (e.g. `failStatus=412`). */
  readonly query: string;
  /** The raw body (UTF-8 JSON). */
  readonly body: Uint8Array;
  /** Options of the routes (structured-cloneable: they cross to the worker thread). */
  readonly routeOptions: RouteOptions;
}

/** An analysis' collected data to judge (`POST /v1/analyses/NAME/judge`); the metrics were fetched on the main thread. */
export interface JudgeTask {
  readonly config: CanaryConfigInput;
  readonly data: unknown;
}

/** A Judgement to render as the self-contained HTML report (`GET /v1/analyses/NAME/report`). */
export interface ReportTask {
  readonly judgement: Judgement;
  readonly options: HtmlReportOptions;
}

/** Each export of the worker module, with its task and result (structured-cloned across threads). */
export interface WorkerTasks {
  readonly runRoute: { readonly task: RouteTask; readonly result: SerialisedResponse };
  readonly judgeCollected: { readonly task: JudgeTask; readonly result: Judgement };
  readonly renderReport: { readonly task: ReportTask; readonly result: string };
}

/**
 * Judges an analysis' collected data (the worker's `judgeCollected`).
 *
 * @example
 * judgeTask({ config: { metrics: [] }, data: { metrics: {} } }).verdict // => 'fail'
 */
export function judgeTask(task: JudgeTask): Judgement {
  return judge(task.config, task.data);
}

/** Options the routes are built from, in the server and in every worker. */
export interface RouteOptions {
  readonly kayenta?: JudgeKayentaOptions;
}

/** A response ready to send: the body already serialised, so the server only writes it. */
export interface SerialisedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** An unexpected error the route threw (answered as a bare 500), for the server's `onError`. */
  readonly unexpected?: { readonly name: string; readonly message: string; readonly stack?: string };
}

/** Serialises a route's answer. */
export function serialise(answer: JsonResponse): SerialisedResponse {
  return { status: answer.status, headers: { ...(answer.headers ?? {}) }, text: JSON.stringify(answer.body) };
}

/**
 * Parses the body and runs the route; never throws (an unexpected error becomes a 500 carrying the
 * error for the server's log).
 *
 * @example
 * const body = new TextEncoder().encode('{');
 * runRouteTask({ method: 'POST', path: '/judge', query: '', body, routeOptions: {} }).status // => 400
 */
export function runRouteTask(task: RouteTask): SerialisedResponse {
  try {
    if (task.method !== 'POST' || (task.path !== '/judge' && task.path !== '/v1/judge')) {
      return serialise(errorResponse(404, 'not_found', `no worker route for ${task.method} ${task.path.slice(0, 200)}`));
    }
    const text = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch (error) {
      const detail = error instanceof Error ? error.message : 'unreadable';
      const message = text.trim() === '' ? 'request body is empty; expected JSON' : `request body is not valid JSON: ${detail}`;
      return serialise(errorResponse(400, 'invalid_json', message));
    }
    const answer = task.path === '/judge' ? judgeKayentaRoute(body, task.routeOptions.kayenta ?? {}) : judgeNativeRoute(body, new URLSearchParams(task.query));
    return serialise(answer);
  } catch (error) {
    return {
      ...serialise(errorResponse(500, 'internal_error', 'internal error')),
      unexpected: describeError(error),
    };
  }
}

function describeError(error: unknown): { name: string; message: string; stack?: string } {
  try {
    if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) };
    return { name: 'Error', message: String(error) };
  } catch {
    return { name: 'Error', message: 'an error that cannot be described' };
  }
}
