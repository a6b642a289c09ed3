/**
 * What the stages of a judgement hand each other per metric, and how a stage turns a thrown error
 * into a metric's reason.
 */
import type { MetricConfig } from '../config/config-schema.js';
import type { Histogram } from '../stats/histogram.js';
import type { Classification } from './classify.js';
import type { CleanedMetric } from './clean.js';
import type { Dependence } from './dependence.js';
import type { Effect } from './effect-types.js';
import type { HistogramReport } from './histogram-metric.js';
import type { PairingDecision } from './pairing.js';
import type { DataShortfall, Outcome } from './score.js';

/** The first line of a thrown error's message, for a metric's reason. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}

/** One metric on its way through the stages: prepared (found and cleaned), then tested. */
export interface Evaluation {
  readonly metric: MetricConfig;
  readonly cleaned: CleanedMetric | null;
  readonly outcome: Outcome;
  readonly reason: string | null;
  /** nodata only: missing or too few, and (too few) the size each side needs. */
  readonly shortfall?: DataShortfall;
  readonly needed?: number;
  readonly effect: Effect | null;
  readonly classification: Classification | null;
  readonly warnings: readonly string[];
  readonly dependence?: Dependence;
  /** Histogram sides (both), when the metric's data are histograms. */
  readonly histograms?: { readonly baseline: Histogram; readonly canary: Histogram };
  readonly histogram?: HistogramReport;
  readonly pairing?: PairingDecision | undefined;
  /** Level of the interval the outcome rests on (pass: the pass level, else the family-wise level). */
  readonly level?: number;
}
