/**
 * The correlation model behind the paired calibration: per metric kind, the pod-to-pod correlation
 * and the lag-1 autocorrelation, fitted to the committed real A/A recording
 * (bench/calibration/real/data/aa-pods.json), and a generator of baseline/canary series that share
 * them.
 *
 * A side's value at step t is level·exp(σ·z_t − σ²/2) with z_t = √r·L_t + √(1 − r)·E_t, where L (the
 * load both pods see) and E (each pod's own noise) are stationary unit-variance AR(1) series with the
 * fitted lag-1 autocorrelation ρ. So both sides have mean `level`, coefficient of variation
 * √(exp(σ²) − 1), lag-1 autocorrelation ρ (on the log scale) and pod-to-pod correlation r.
 */
import type { Variates } from '../distributions.js';
import { lag1 } from '../real/evaluate.js';
import { loadRecording, type Recording, type SeriesKey } from '../real/recording.js';

/** The metric kinds of the recording the model is fitted for. */
export const KINDS = ['latency', 'p95-latency', 'cpu', 'heap', 'requests'] as const;
export type Kind = (typeof KINDS)[number];

const SERIES: Readonly<Record<Kind, SeriesKey>> = {
  latency: 'meanLatencyMs',
  'p95-latency': 'p95LatencyMs',
  cpu: 'cpuSeconds',
  heap: 'heapUsedBytes',
  requests: 'requests',
};

/** What the model keeps of one kind. */
export interface KindModel {
  readonly kind: Kind;
  readonly series: SeriesKey;
  /** Pearson correlation of pod A's and pod B's series over the same seconds. */
  readonly correlation: number;
  /** Lag-1 autocorrelation, the mean of the two pods'. */
  readonly lag1: number;
  /** Points per pod the fit rests on. */
  readonly points: number;
}

function correlation(a: readonly (number | null)[], b: readonly (number | null)[]): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number') {
      xs.push(x);
      ys.push(y);
    }
  }
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    sxx += ((xs[i] as number) - mx) ** 2;
    syy += ((ys[i] as number) - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Means of consecutive `step`-second blocks of a per-second series (missing seconds skipped). */
function blockMeans(values: readonly (number | null)[], step: number): number[] {
  const means: number[] = [];
  for (let start = 0; start + step <= values.length; start += step) {
    let sum = 0;
    let count = 0;
    for (let i = start; i < start + step; i++) {
      const value = values[i];
      if (typeof value === 'number') {
        sum += value;
        count++;
      }
    }
    if (count > 0) means.push(sum / count);
  }
  return means;
}

/**
 * Fits the model to a recording (by default the committed one) at the scenario's step: the
 * per-second series are averaged over `stepSeconds` (60: per-minute points, as a per-minute
 * Prometheus or CloudWatch query gives them) before the correlation and lag-1 are taken.
 */
export function fitModel(recording: Recording = loadRecording(), stepSeconds = 60): Readonly<Record<Kind, KindModel>> {
  const fitted = {} as Record<Kind, KindModel>;
  for (const kind of KINDS) {
    const series = SERIES[kind];
    const a = blockMeans(recording.pods.A[series], stepSeconds);
    const b = blockMeans(recording.pods.B[series], stepSeconds);
    fitted[kind] = { kind, series, correlation: correlation(a, b), lag1: (lag1(a) + lag1(b)) / 2, points: a.length };
  }
  return fitted;
}

/** A stationary AR(1) series with unit variance (ρ may be negative). */
function ar1(variates: Variates, size: number, rho: number): Float64Array {
  const series = new Float64Array(size);
  const innovation = Math.sqrt(1 - rho * rho);
  let previous = variates.normal();
  for (let t = 0; t < size; t++) {
    if (t > 0) previous = rho * previous + innovation * variates.normal();
    series[t] = previous;
  }
  return series;
}

/**
 * Baseline and canary series of one metric under the model: mean `level`, coefficient of variation
 * `cv`, the canary multiplied by 1 + `change`.
 */
export function simulatePair(
  variates: Variates,
  model: KindModel,
  size: number,
  options: { readonly level: number; readonly cv: number; readonly change: number },
): { baseline: number[]; canary: number[] } {
  const sigma = Math.sqrt(Math.log(1 + options.cv * options.cv));
  const r = Math.max(0, Math.min(1, model.correlation));
  const rho = Math.max(-0.99, Math.min(0.99, model.lag1));
  const load = ar1(variates, size, rho);
  const own = [ar1(variates, size, rho), ar1(variates, size, rho)];
  const side = (noise: Float64Array, factor: number): number[] => {
    const values = new Array<number>(size);
    for (let t = 0; t < size; t++) {
      const z = Math.sqrt(r) * (load[t] as number) + Math.sqrt(1 - r) * (noise[t] as number);
      values[t] = options.level * factor * Math.exp(sigma * z - (sigma * sigma) / 2);
    }
    return values;
  };
  return { baseline: side(own[0] as Float64Array, 1), canary: side(own[1] as Float64Array, 1 + options.change) };
}
