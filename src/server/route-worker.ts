/**
 * The worker-thread entry of the server's pool: piscina calls `runRoute`, `judgeCollected` or
 * `renderReport` with each task (see `WorkerTasks`).
 */
import { renderHtml } from '../report/html.js';
import { judgeTask, runRouteTask, type JudgeTask, type ReportTask, type RouteTask, type SerialisedResponse } from './route-task.js';
import type { Judgement } from '../judge/index.js';

/** Runs one request's judge route (parse the body, judge) on this worker thread. */
export function runRoute(task: RouteTask): SerialisedResponse {
  return runRouteTask(task);
}

/** Judges an analysis' collected data on this worker thread. */
export function judgeCollected(task: JudgeTask): Judgement {
  return judgeTask(task);
}

/** Renders an analysis' HTML report on this worker thread. */
export function renderReport(task: ReportTask): string {
  return renderHtml(task.judgement, task.options);
}
