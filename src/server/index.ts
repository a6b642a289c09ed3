/**
 * The judge as an HTTP service (node's `http` module, no framework). Not part of the pure core entry
 * point: it does I/O.
 */
export { createJudgeServer } from './create-judge-server.js';
export type { JudgeServer, JudgeServerOptions } from './create-judge-server.js';
export { judgeRoutes, matchRoute, judgeKayentaRoute, judgeNativeRoute, listJudgesRoute, healthRoute, NATIVE_JUDGE_NAME } from './routes.js';
export type { Route } from './routes.js';
export { errorResponse, invalidRequest } from './http-responses.js';
export type { JsonResponse, ServerErrorCode } from './http-responses.js';
