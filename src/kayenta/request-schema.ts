/**
 * The zod schema of a Kayenta RemoteJudge request: `{ canaryConfig, scoreThresholds, metricSetPairList }`.
 *
 * Objects are loose: unknown keys are accepted, as Kayenta's Jackson mapping ignores them (its UI and
 * older configs write several). Known keys are type-checked, and the judge's enumerations are
 * checked too, where Kayenta would silently fall back to a default or crash the whole judgement.
 * `null` counts as absent, as it does in Kayenta's config lookups.
 */
import * as z from 'zod';
import { describeValue } from '../shared/message-text.js';
import {
  KAYENTA_DIRECTIONS,
  KAYENTA_EFFECT_SIZE_MEASURES,
  KAYENTA_NAN_STRATEGIES,
  KAYENTA_OUTLIER_STRATEGIES,
} from './labels.js';

/** Strings Kayenta (Jackson) reads as doubles: decimal numbers, `NaN`, `Infinity`, `-Infinity`. */
const DOUBLE_STRING = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;

const finiteNumber = z.number({ error: (issue) => `expected a finite number, received ${describeValue(issue.input)}` });

/** One data point: a number, or a string Kayenta reads as a double (`"NaN"` is how Kayenta sends NaN). */
export const kayentaMeasurementSchema = z
  .custom<number | string>(
    (value) => typeof value === 'number' || (typeof value === 'string' && DOUBLE_STRING.test(value.trim())),
    { error: (issue) => `expected a number or "NaN", received ${describeValue(issue.input)}` },
  )
  .transform((value) => (typeof value === 'number' ? value : Number(value.trim())));

function enumeration<const T extends readonly [string, ...string[]]>(values: T, fallbackNote: string) {
  return z.enum(values, {
    error: (issue) =>
      `expected one of ${values.map((value) => JSON.stringify(value)).join(', ')} (case-sensitive), received ${describeValue(issue.input)}; ${fallbackNote}`,
  });
}

const booleanFlag = (name: string) =>
  z.boolean({ error: (issue) => `expected true or false, received ${describeValue(issue.input)}; Kayenta fails the whole judgement on a non-boolean ${name}` });

/** `analysisConfigurations.canary.effectSize`. */
export const kayentaEffectSizeSchema = z.looseObject({
  measure: enumeration(KAYENTA_EFFECT_SIZE_MEASURES, 'Kayenta would silently use meanRatio').nullish(),
  allowedIncrease: finiteNumber.nullish(),
  allowedDecrease: finiteNumber.nullish(),
  criticalIncrease: finiteNumber.nullish(),
  criticalDecrease: finiteNumber.nullish(),
});

/** `analysisConfigurations.canary.outliers`. */
export const kayentaOutliersSchema = z
  .looseObject({
    strategy: enumeration(KAYENTA_OUTLIER_STRATEGIES, 'Kayenta would silently keep outliers').nullish(),
    outlierFactor: finiteNumber.nullish(),
  })
  .superRefine((outliers, context) => {
    const factor = outliers.outlierFactor;
    if (outliers.strategy === 'remove' && typeof factor === 'number' && !(factor > 0)) {
      context.addIssue({
        code: 'custom',
        path: ['outlierFactor'],
        message: `expected a number greater than 0 when strategy is "remove", received ${factor}; Kayenta fails the whole judgement`,
      });
    }
  });

/** `analysisConfigurations.canary`: the only part of a metric's analysis settings the judge reads. */
export const kayentaCanaryAnalysisSchema = z.looseObject({
  direction: enumeration(KAYENTA_DIRECTIONS, 'Kayenta would silently use "either"').nullish(),
  nanStrategy: enumeration(KAYENTA_NAN_STRATEGIES, 'Kayenta would silently use "remove"').nullish(),
  critical: booleanFlag('critical').nullish(),
  mustHaveData: booleanFlag('mustHaveData').nullish(),
  muted: booleanFlag('muted').nullish(),
  effectSize: kayentaEffectSizeSchema.nullish(),
  outliers: kayentaOutliersSchema.nullish(),
});

/** One entry of `canaryConfig.metrics`. */
export const kayentaMetricConfigSchema = z.looseObject({
  name: z.string({ error: (issue) => `expected the metric's name (a string), received ${describeValue(issue.input)}` }),
  query: z.looseObject({ type: z.string().nullish() }).nullish(),
  groups: z.array(z.string(), {
    error: (issue) =>
      `expected an array of group names (use [] for none), received ${describeValue(issue.input)}; Kayenta fails the whole judgement without it`,
  }),
  analysisConfigurations: z.looseObject({ canary: kayentaCanaryAnalysisSchema.nullish() }).nullish(),
  scopeName: z.string().nullish(),
});

/** `canaryConfig.classifier`. `scoreThresholds` is read only by `kayentaToNative` (the judge ignores it). */
export const kayentaClassifierSchema = z.looseObject(
  {
    groupWeights: z.record(z.string(), finiteNumber).nullish(),
    scoreThresholds: z.looseObject({ pass: finiteNumber.nullish(), marginal: finiteNumber.nullish() }).nullish(),
  },
  {
    error: (issue) =>
      `expected an object such as { "groupWeights": {} }, received ${describeValue(issue.input)}; Kayenta fails the whole judgement without it`,
  },
);

/** A Kayenta canary config (`CanaryConfig`). */
export const kayentaCanaryConfigSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  description: z.string().nullish(),
  configVersion: z.union([z.string(), z.number()]).nullish(),
  applications: z.array(z.string()).nullish(),
  createdTimestamp: z.number().nullish(),
  updatedTimestamp: z.number().nullish(),
  createdTimestampIso: z.string().nullish(),
  updatedTimestampIso: z.string().nullish(),
  judge: z.looseObject({ name: z.string().nullish(), judgeConfigurations: z.record(z.string(), z.unknown()).nullish() }).nullish(),
  metrics: z.array(kayentaMetricConfigSchema, {
    error: (issue) => `expected an array of metric configs, received ${describeValue(issue.input)}`,
  }),
  templates: z.record(z.string(), z.string()).nullish(),
  classifier: kayentaClassifierSchema,
});

/** One pair of series (`MetricSetPair`): control = baseline, experiment = canary. */
export const kayentaMetricSetPairSchema = z.looseObject({
  name: z.string({ error: (issue) => `expected the metric's name (a string), received ${describeValue(issue.input)}` }),
  id: z.string().nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
  values: z.looseObject({
    control: z.array(kayentaMeasurementSchema, {
      error: (issue) => `expected an array of numbers (the baseline), received ${describeValue(issue.input)}`,
    }),
    experiment: z.array(kayentaMeasurementSchema, {
      error: (issue) => `expected an array of numbers (the canary), received ${describeValue(issue.input)}`,
    }),
  }),
});

/** `scoreThresholds` of the request. */
export const kayentaScoreThresholdsSchema = z.looseObject({ pass: finiteNumber, marginal: finiteNumber });

/** The body Kayenta's RemoteJudge posts, and the argument of `judgeKayenta`. */
export const kayentaJudgeRequestSchema = z.looseObject({
  canaryConfig: kayentaCanaryConfigSchema,
  scoreThresholds: kayentaScoreThresholdsSchema,
  metricSetPairList: z.array(kayentaMetricSetPairSchema, {
    error: (issue) => `expected an array of metric set pairs, received ${describeValue(issue.input)}`,
  }),
});

/** A request as callers write it. */
export type KayentaJudgeRequestInput = z.input<typeof kayentaJudgeRequestSchema>;
/** A validated request (measurements are numbers, NaN included). */
export type KayentaJudgeRequest = z.output<typeof kayentaJudgeRequestSchema>;
/** A Kayenta canary config as written. */
export type KayentaCanaryConfigInput = z.input<typeof kayentaCanaryConfigSchema>;
/** A validated Kayenta canary config. */
export type KayentaCanaryConfig = z.output<typeof kayentaCanaryConfigSchema>;
/** A validated metric config. */
export type KayentaMetricConfig = z.output<typeof kayentaMetricConfigSchema>;
/** A validated metric set pair. */
export type KayentaMetricSetPair = z.output<typeof kayentaMetricSetPairSchema>;
