/**
 * The judge as an HTTP service (node's `http` module, no framework). Not part of the pure core entry
 * point: it does I/O.
 */
export { createJudgeServer } from './create-judge-server.js';
export type { JudgeServer, JudgeServerOptions } from './create-judge-server.js';
export { judgeRoutes, matchRoute, judgeKayentaRoute, judgeNativeRoute, listJudgesRoute, healthRoute, NATIVE_JUDGE_NAME } from './routes.js';
export type { Route, RouteContext, MatchedRoute } from './routes.js';
export { errorResponse, invalidRequest } from './http-responses.js';
export type { HtmlResponse, RouteResponse } from './http-responses.js';
export { bearerTokenCheck } from './bearer-token.js';
export type { TokenCheck } from './bearer-token.js';
export { loadAnalysisTemplates } from './analyses/load-analysis-templates.js';
export type { LoadedTemplates } from './analyses/load-analysis-templates.js';
export { parseAnalysisTemplate } from './analyses/analysis-template.js';
export type { AnalysisTemplate, AnalysisSourceSpec } from './analyses/analysis-template.js';
export { createAnalysisCollector } from './analyses/analysis-sources.js';
export type { AnalysisCollector, PrometheusCredentials, CollectedAnalysis } from './analyses/analysis-sources.js';
export type { AnalysesOptions, AnalysisInfo } from './analyses/analysis-routes.js';
export type { JsonResponse, ServerErrorCode } from './http-responses.js';
