/**
 * One request's work as a plain function: parse the JSON body and run the route. The worker pool runs
 * it on a worker thread (`route-worker.ts`); nothing here touches sockets, so it is easy to test and
 * the server's event loop never parses or judges.
 */
import type { JudgeKayentaOptions } from '../kayenta/index.js';
import { errorResponse, type JsonResponse } from './http-responses.js';
import { judgeRoutes, matchRoute, type Route } from './routes.js';

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
    const routes = judgeRoutes(task.routeOptions.kayenta ?? {});
    const matched = matchRoute(routes, task.method, task.path);
    if (!isRoute(matched)) return serialise(matched);
    const text = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch (error) {
      const detail = error instanceof Error ? error.message : 'unreadable';
      const message = text.trim() === '' ? 'request body is empty; expected JSON' : `request body is not valid JSON: ${detail}`;
      return serialise(errorResponse(400, 'invalid_json', message));
    }
    return serialise(matched.handle(body, new URLSearchParams(task.query)));
  } catch (error) {
    return {
      ...serialise(errorResponse(500, 'internal_error', 'internal error')),
      unexpected: describeError(error),
    };
  }
}

function isRoute(value: Route | JsonResponse): value is Route {
  return typeof (value as Route).handle === 'function';
}

function describeError(error: unknown): { name: string; message: string; stack?: string } {
  try {
    if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack === undefined ? {} : { stack: error.stack }) };
    return { name: 'Error', message: String(error) };
  } catch {
    return { name: 'Error', message: 'an error that cannot be described' };
  }
}
