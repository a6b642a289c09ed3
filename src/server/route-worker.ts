/**
 * The worker-thread entry of the server's pool: piscina calls `runRoute` with each task.
 */
import { runRouteTask, type RouteTask, type SerialisedResponse } from './route-task.js';

/** Runs one request's route on this worker thread. */
export function runRoute(task: RouteTask): SerialisedResponse {
  return runRouteTask(task);
}
