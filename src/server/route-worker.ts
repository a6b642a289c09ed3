/**
 * The worker-thread entry of the server's pool (piscina calls the default export with each task).
 */
import { runRouteTask, type RouteTask, type SerialisedResponse } from './route-task.js';

/** Runs one request's route on this worker thread. */
export default function routeWorker(task: RouteTask): SerialisedResponse {
  return runRouteTask(task);
}
