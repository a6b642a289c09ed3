/**
 * The shape of Kayenta's `CanaryJudgeResult`, field for field. Non-finite numbers are written as the
 * strings Kayenta (Jackson) writes: `"NaN"`, `"Infinity"`, `"-Infinity"`.
 */
import type { KayentaMetricLabel, KayentaScoreLabel } from './labels.js';

/** A number as Kayenta serialises it. */
export type KayentaJsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** One side's statistics after NaN handling and outlier removal. */
export interface KayentaStatsJson {
  readonly min: KayentaJsonNumber;
  readonly max: KayentaJsonNumber;
  readonly mean: KayentaJsonNumber;
  readonly std: KayentaJsonNumber;
  readonly count: number;
}

/** One metric's result (`CanaryAnalysisResult`); absent fields are those Kayenta leaves null. */
export interface KayentaCanaryAnalysisResult {
  readonly name: string;
  readonly id?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly classification: KayentaMetricLabel;
  /** Omitted for a plain Pass, as Kayenta omits nulls. */
  readonly classificationReason?: string;
  readonly groups: readonly string[];
  readonly experimentMetadata: { readonly stats: KayentaStatsJson };
  readonly controlMetadata: { readonly stats: KayentaStatsJson };
  /** The ratio of means canary/baseline; absent on `Error`. */
  readonly resultMetadata?: { readonly ratio: KayentaJsonNumber };
  readonly critical: boolean;
  readonly muted: boolean;
}

/** One group's score (`CanaryJudgeGroupScore`); classification and reason are always empty. */
export interface KayentaGroupScoreResult {
  readonly name: string;
  readonly score: number;
  readonly classification: '';
  readonly classificationReason: '';
}

/** The summary (`CanaryJudgeScore`). */
export interface KayentaSummaryScore {
  /** 0–100 (more if weights sum above 100), rounded to 2 decimal places. */
  readonly score: number;
  readonly classification: KayentaScoreLabel;
  /** `""` unless the score was forced to 0. */
  readonly classificationReason: string;
}

/** What `judgeKayenta` returns and `POST /judge` answers (`CanaryJudgeResult`). */
export interface KayentaCanaryJudgeResult {
  readonly judgeName: string;
  readonly results: readonly KayentaCanaryAnalysisResult[];
  readonly groupScores: readonly KayentaGroupScoreResult[];
  readonly score: KayentaSummaryScore;
}

/**
 * Writes a number the way Kayenta's JSON does.
 *
 * @example
 * toKayentaJsonNumber(Number.NaN) // => 'NaN'
 */
export function toKayentaJsonNumber(value: number): KayentaJsonNumber {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return value;
}
