/**
 * Kayenta compatibility: `NetflixACAJudge-v1.0` reproduced (`judgeKayenta`) and the conversion of Kayenta
 * canary configs to native ones (`kayentaToNative`). Pure: no I/O, no clock, seeded randomness only.
 */
export { judgeKayenta } from './judge-kayenta.js';
export type { JudgeKayentaOptions } from './judge-kayenta.js';
export { kayentaToNative } from './kayenta-to-native.js';
export type { KayentaToNativeOptions, KayentaToNativeResult } from './kayenta-to-native.js';
export { safeParseKayentaRequest, parseKayentaRequest } from './parse-request.js';
export type { KayentaParseResult } from './parse-request.js';
export { unescapeKayentaTemplates } from './unescape-templates.js';
export { NETFLIX_ACA_JUDGE_NAME } from './labels.js';
export type { KayentaMetricLabel, KayentaScoreLabel, KayentaDirection, KayentaNanStrategy } from './labels.js';
export type {
  KayentaJudgeRequestInput,
  KayentaJudgeRequest,
  KayentaCanaryConfigInput,
  KayentaCanaryConfig,
  KayentaMetricConfig,
  KayentaMetricSetPair,
} from './request-schema.js';
export type {
  KayentaCanaryJudgeResult,
  KayentaCanaryAnalysisResult,
  KayentaGroupScoreResult,
  KayentaSummaryScore,
  KayentaStatsJson,
  KayentaJsonNumber,
} from './result-types.js';
