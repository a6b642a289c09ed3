/**
 * The labels and enumerations of Kayenta's judge, spelled as Kayenta spells them in JSON.
 */

/** A metric's classification in a `CanaryJudgeResult`. */
export const KAYENTA_METRIC_LABELS = ['Pass', 'High', 'Low', 'Nodata', 'NodataFailMetric', 'Error'] as const;
export type KayentaMetricLabel = (typeof KAYENTA_METRIC_LABELS)[number];

/** The summary classification of a judgement. */
export const KAYENTA_SCORE_LABELS = ['Pass', 'Marginal', 'Fail'] as const;
export type KayentaScoreLabel = (typeof KAYENTA_SCORE_LABELS)[number];

/** `analysisConfigurations.canary.direction`. */
export const KAYENTA_DIRECTIONS = ['increase', 'decrease', 'either'] as const;
export type KayentaDirection = (typeof KAYENTA_DIRECTIONS)[number];

/** `analysisConfigurations.canary.nanStrategy`. */
export const KAYENTA_NAN_STRATEGIES = ['remove', 'replace'] as const;
export type KayentaNanStrategy = (typeof KAYENTA_NAN_STRATEGIES)[number];

/** `analysisConfigurations.canary.outliers.strategy`. */
export const KAYENTA_OUTLIER_STRATEGIES = ['keep', 'remove'] as const;
export type KayentaOutlierStrategy = (typeof KAYENTA_OUTLIER_STRATEGIES)[number];

/** `analysisConfigurations.canary.effectSize.measure`. */
export const KAYENTA_EFFECT_SIZE_MEASURES = ['meanRatio', 'cles'] as const;

/** The judge reproduced here, by its Kayenta name. */
export const NETFLIX_ACA_JUDGE_NAME = 'NetflixACAJudge-v1.0';

/** The fixed constants of NetflixACAJudge-v1.0 (its Spring properties for them are never read). */
export const KAYENTA_TOLERANCE = 0.25;
export const KAYENTA_CONFIDENCE_LEVEL = 0.98;
