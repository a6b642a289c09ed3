/**
 * The A/A evaluation on the real recording: windows of n seconds slid over the timeline, pod A as
 * the baseline and pod B as the canary over the same seconds (and swapped), each window judged by
 * our judge (one metric at a time, and the 5-metric canary) and by the Kayenta-compatible judge.
 * Nothing differs between the pods, so every `fail` is a false fail.
 *
 * Pure and deterministic: the same recording gives the same counts and the same tables.
 */
import {
  judge,
  judgeKayenta,
  type DecidedBy,
  type KayentaJudgeRequestInput,
  type MetricConfigInput,
  type Outcome,
  type Verdict,
} from '../../../src/index.js';
import { kayentaRequest, nativeConfig } from '../scenarios.js';
import { POD_NAMES, type PodName, type Recording, type SeriesKey } from './recording.js';

/** One judged metric: which per-second series it reads and how it is configured. */
export interface RealMetric {
  readonly name: string;
  readonly series: SeriesKey;
  readonly description: string;
  readonly config: MetricConfigInput;
}

const MARGIN = { relative: 0.1 };

export const REAL_METRICS: readonly RealMetric[] = [
  {
    name: 'mean latency',
    series: 'meanLatencyMs',
    description: 'mean client-side latency of the second',
    config: { name: 'mean latency', test: 'mean-ratio', direction: 'increase', margin: MARGIN },
  },
  {
    name: 'p95 latency',
    series: 'p95LatencyMs',
    description: "p95 of the second's client-side latencies",
    config: { name: 'p95 latency', test: 'mann-whitney', direction: 'increase', margin: MARGIN },
  },
  {
    name: 'cpu',
    series: 'cpuSeconds',
    description: 'CPU seconds the pod used in the second',
    config: { name: 'cpu', test: 'mean-ratio', direction: 'increase', margin: MARGIN },
  },
  {
    name: 'heap used',
    series: 'heapUsedBytes',
    description: 'heap in use at the end of the second',
    config: { name: 'heap used', test: 'mean-ratio', direction: 'increase', margin: MARGIN },
  },
  {
    name: 'requests',
    series: 'requests',
    description: 'requests completed in the second',
    config: { name: 'requests', test: 'mann-whitney', direction: 'decrease', margin: MARGIN },
  },
];

/** Window sizes (seconds = points per side) tried; a size is used when at least two non-overlapping windows fit. */
export const WINDOW_SIZES = [10, 30, 100, 300] as const;
/** Baseline and canary of each window: pod A against pod B, and swapped. */
export const PAIRINGS: readonly (readonly [PodName, PodName])[] = [
  ['A', 'B'],
  ['B', 'A'],
];
/** The per-request check cuts the stretch of per-request latencies into this many consecutive chunks. */
export const REQUEST_CHUNKS = 12;

export type OutcomeCounts = Record<Outcome, number>;
export type VerdictCounts = Record<Verdict, number> & { decidedBy: Record<DecidedBy, number>; anyMetricFail: number };
export type KayentaVerdictCounts = { Pass: number; Marginal: number; Fail: number; anyMetricFlagged: number };

export interface MetricRow {
  readonly metric: string;
  readonly size: number;
  /** Windows judged (time windows × 2 pairings) and non-overlapping time windows that exist. */
  readonly windows: number;
  readonly nonOverlapping: number;
  readonly adjust: OutcomeCounts;
  readonly ignore: OutcomeCounts;
  /** Mean pooled lag-1 autocorrelation (`autocorrelation.used`), and median interval widening (adjust; finite ones: a few tiny-sample windows widen by 10× or more, which a mean would show instead of the typical window). */
  readonly meanAutocorrelation: number;
  readonly medianWidening: number;
  /** Median half-width of the relative interval (adjust; bounded ones): the change a window cannot tell from none, against the 10% margin. */
  readonly medianHalfWidth: number;
  /** Kayenta: windows classified in the harmful direction (High; Low for a `decrease` metric), and its labels. */
  readonly kayentaFlagged: number;
  readonly kayentaLabels: Record<string, number>;
}

export interface VerdictRow {
  readonly size: number;
  readonly windows: number;
  readonly nonOverlapping: number;
  readonly evidence: VerdictCounts;
  readonly score: VerdictCounts;
  readonly ignore: VerdictCounts;
  readonly kayenta: KayentaVerdictCounts;
}

export interface RequestRow {
  readonly test: string;
  /** Requests per side per chunk (about), and windows judged (chunks × 2 pairings). */
  readonly perSide: number;
  readonly windows: number;
  readonly adjust: OutcomeCounts;
  readonly ignore: OutcomeCounts;
  readonly meanAutocorrelation: number;
}

export interface SeriesRow {
  readonly metric: string;
  readonly unit: string;
  readonly meanA: number;
  readonly meanB: number;
  /** B's mean relative to A's over the whole recording. */
  readonly relative: number;
  readonly cvA: number;
  readonly lag1A: number;
  readonly lag1B: number;
  /** Correlation of A and B second by second (the noise they share). */
  readonly crossCorrelation: number;
  /** Pod A: mean of the last quarter relative to the first quarter (non-stationarity). */
  readonly drift: number;
  readonly missing: number;
}

export interface Evaluation {
  readonly seconds: number;
  readonly sizes: readonly number[];
  readonly series: readonly SeriesRow[];
  readonly metrics: readonly MetricRow[];
  readonly verdicts: readonly VerdictRow[];
  readonly requests: readonly RequestRow[];
  /** Latency judged on time-aligned pairs against independent samples (issue 14's target). */
  readonly paired: readonly PairedRow[];
}

/** One latency series × test × window size, judged paired (`pairing: "auto"`, the windows share timestamps) and unpaired. */
export interface PairedRow {
  readonly metric: string;
  readonly test: 'mann-whitney' | 'mean-ratio';
  readonly size: number;
  readonly windows: number;
  readonly paired: OutcomeCounts;
  readonly unpaired: OutcomeCounts;
  /** Median half-width of the relative interval (bounded ones), paired and unpaired. */
  readonly pairedHalfWidth: number;
  readonly unpairedHalfWidth: number;
}

/** The latency series judged both ways. */
export const PAIRED_LATENCY: readonly { readonly name: string; readonly series: SeriesKey }[] = [
  { name: 'mean latency', series: 'meanLatencyMs' },
  { name: 'p95 latency', series: 'p95LatencyMs' },
];

function evaluatePaired(recording: Recording, sizes: readonly number[], maxWindows: number): PairedRow[] {
  const rows: PairedRow[] = [];
  for (const latency of PAIRED_LATENCY) {
    for (const test of ['mann-whitney', 'mean-ratio'] as const) {
      for (const size of sizes) {
        const paired = emptyOutcomes();
        const unpaired = emptyOutcomes();
        const widths = { paired: [] as number[], unpaired: [] as number[] };
        let windows = 0;
        for (const start of windowStarts(recording.timestamps.length, size).slice(0, maxWindows)) {
          for (const [baselinePod, canaryPod] of PAIRINGS) {
            const data = {
              metrics: {
                [latency.name]: {
                  baseline: slice(recording, baselinePod, latency.series, start, size),
                  canary: slice(recording, canaryPod, latency.series, start, size),
                },
              },
            };
            const metric: MetricConfigInput = { name: latency.name, test, direction: 'increase', margin: MARGIN };
            for (const [counts, list, pairing] of [
              [paired, widths.paired, 'auto'],
              [unpaired, widths.unpaired, 'none'],
            ] as const) {
              const result = judge({ ...nativeConfig([metric], 'adjust'), pairing }, data).metrics[0]!;
              counts[result.outcome]++;
              const relative = result.interval.relative;
              if (relative !== null && relative[0] !== null && relative[1] !== null) list.push((relative[1] - relative[0]) / 2);
            }
            windows++;
          }
        }
        rows.push({
          metric: latency.name,
          test,
          size,
          windows,
          paired,
          unpaired,
          pairedHalfWidth: widths.paired.length > 0 ? median(widths.paired) : Number.NaN,
          unpairedHalfWidth: widths.unpaired.length > 0 ? median(widths.unpaired) : Number.NaN,
        });
      }
    }
  }
  return rows;
}

export interface EvaluateOptions {
  /** Window sizes to use (default WINDOW_SIZES, those that fit twice). */
  readonly sizes?: readonly number[];
  /** Judge only the first this many time windows per size (a smoke test). */
  readonly maxWindows?: number;
  /** Also run the per-request check (default true). */
  readonly requests?: boolean;
}

const emptyOutcomes = (): OutcomeCounts => ({ pass: 0, fail: 0, inconclusive: 0, nodata: 0, error: 0 });
const emptyVerdicts = (): VerdictCounts => ({
  pass: 0,
  marginal: 0,
  fail: 0,
  decidedBy: { score: 0, critical: 0, harm: 0, unmeasured: 0, 'nothing-scored': 0, inconclusive: 0, held: 0 },
  anyMetricFail: 0,
});

/** Starts of the windows of `size` points over `length` seconds, every `size / 2` seconds. */
export function windowStarts(length: number, size: number): number[] {
  const step = Math.max(1, Math.floor(size / 2));
  const starts: number[] = [];
  for (let start = 0; start + size <= length; start += step) starts.push(start);
  return starts;
}

/** The window sizes of WINDOW_SIZES for which at least two non-overlapping windows fit. */
export function usableSizes(length: number): number[] {
  return WINDOW_SIZES.filter((size) => Math.floor(length / size) >= 2);
}

type Window = { readonly values: (number | null)[]; readonly timestamps: number[] };

function slice(recording: Recording, pod: PodName, key: SeriesKey, start: number, size: number): Window {
  return { values: recording.pods[pod][key].slice(start, start + size), timestamps: recording.timestamps.slice(start, start + size) };
}

const toKayentaValues = (values: readonly (number | null)[]): number[] => values.map((value) => (value === null ? Number.NaN : value));

/** The Kayenta request for one window (scenarios.ts builds it; `decrease` metrics get their direction). */
function kayentaWindow(series: { name: string; baseline: number[]; canary: number[] }[]): KayentaJudgeRequestInput {
  const request = kayentaRequest(series) as { canaryConfig: { metrics: { name: string; analysisConfigurations: { canary: Record<string, unknown> } }[] } };
  for (const metric of request.canaryConfig.metrics) {
    const direction = REAL_METRICS.find((candidate) => candidate.name === metric.name)?.config.direction ?? 'increase';
    metric.analysisConfigurations.canary = { ...metric.analysisConfigurations.canary, direction };
  }
  return request as KayentaJudgeRequestInput;
}

function countVerdict(counts: VerdictCounts, verdict: Verdict, decidedBy: DecidedBy, anyFail: boolean): void {
  counts[verdict]++;
  counts.decidedBy[decidedBy]++;
  if (anyFail) counts.anyMetricFail++;
}

/** Judges every window of one size; returns its metric rows and its verdict row. */
function evaluateSize(recording: Recording, size: number, maxWindows: number): { metrics: MetricRow[]; verdict: VerdictRow } {
  const starts = windowStarts(recording.timestamps.length, size).slice(0, maxWindows);
  const perMetric = REAL_METRICS.map(() => ({
    adjust: emptyOutcomes(),
    ignore: emptyOutcomes(),
    autocorrelation: 0,
    autocorrelationCount: 0,
    widenings: [] as number[],
    halfWidths: [] as number[],
    kayentaFlagged: 0,
    kayentaLabels: {} as Record<string, number>,
  }));
  const evidence = emptyVerdicts();
  const score = emptyVerdicts();
  const ignore = emptyVerdicts();
  const kayenta: KayentaVerdictCounts = { Pass: 0, Marginal: 0, Fail: 0, anyMetricFlagged: 0 };
  const configs = REAL_METRICS.map((metric) => metric.config);
  for (const start of starts) {
    for (const [baselinePod, canaryPod] of PAIRINGS) {
      const windows = REAL_METRICS.map((metric) => ({
        baseline: slice(recording, baselinePod, metric.series, start, size),
        canary: slice(recording, canaryPod, metric.series, start, size),
      }));
      const data = { metrics: Object.fromEntries(REAL_METRICS.map((metric, index) => [metric.name, windows[index]])) };
      REAL_METRICS.forEach((metric, index) => {
        const counts = perMetric[index]!;
        const single = { metrics: { [metric.name]: windows[index] } };
        const adjusted = judge(nativeConfig([metric.config], 'adjust'), single).metrics[0]!;
        counts.adjust[adjusted.outcome]++;
        const relative = adjusted.interval.relative;
        if (relative !== null && relative[0] !== null && relative[1] !== null) counts.halfWidths.push((relative[1] - relative[0]) / 2);
        if (adjusted.autocorrelation !== null) {
          counts.autocorrelation += adjusted.autocorrelation.used;
          counts.autocorrelationCount++;
          if (adjusted.autocorrelation.widening !== null) counts.widenings.push(adjusted.autocorrelation.widening);
        }
        counts.ignore[judge(nativeConfig([metric.config], 'ignore'), single).metrics[0]!.outcome]++;
      });
      for (const [counts, policy, rule] of [
        [evidence, 'adjust', 'evidence'],
        [score, 'adjust', 'score'],
        [ignore, 'ignore', 'evidence'],
      ] as const) {
        const judgement = judge(nativeConfig(configs, policy, rule), data);
        countVerdict(counts, judgement.verdict, judgement.summary.decidedBy, judgement.summary.outcomes.fail > 0);
      }
      const judged = judgeKayenta(
        kayentaWindow(
          REAL_METRICS.map((metric, index) => ({
            name: metric.name,
            baseline: toKayentaValues(windows[index]!.baseline.values),
            canary: toKayentaValues(windows[index]!.canary.values),
          })),
        ),
      );
      let flagged = false;
      REAL_METRICS.forEach((metric, index) => {
        const label = judged.results.find((result) => result.name === metric.name)?.classification ?? 'Error';
        const counts = perMetric[index]!;
        counts.kayentaLabels[label] = (counts.kayentaLabels[label] ?? 0) + 1;
        if (label === (metric.config.direction === 'decrease' ? 'Low' : 'High')) {
          counts.kayentaFlagged++;
          flagged = true;
        }
      });
      const label = judged.score.classification;
      if (label === 'Pass') kayenta.Pass++;
      else if (label === 'Marginal') kayenta.Marginal++;
      else kayenta.Fail++;
      if (flagged) kayenta.anyMetricFlagged++;
    }
  }
  const windows = starts.length * PAIRINGS.length;
  const nonOverlapping = Math.floor(recording.timestamps.length / size);
  return {
    metrics: REAL_METRICS.map((metric, index) => {
      const counts = perMetric[index]!;
      return {
        metric: metric.name,
        size,
        windows,
        nonOverlapping,
        adjust: counts.adjust,
        ignore: counts.ignore,
        meanAutocorrelation: counts.autocorrelationCount > 0 ? counts.autocorrelation / counts.autocorrelationCount : Number.NaN,
        medianWidening: median(counts.widenings),
        medianHalfWidth: median(counts.halfWidths),
        kayentaFlagged: counts.kayentaFlagged,
        kayentaLabels: counts.kayentaLabels,
      };
    }),
    verdict: { size, windows, nonOverlapping, evidence, score, ignore, kayenta },
  };
}

/** Per-request latencies of the stretch kept by the recorder, cut into consecutive chunks and judged A against B (and swapped). */
function evaluateRequests(recording: Recording, maxWindows: number): RequestRow[] {
  const sample = recording.requestSample;
  const chunkLength = Math.floor(Math.min(sample.A.length, sample.B.length) / REQUEST_CHUNKS);
  const tests: { label: string; config: MetricConfigInput }[] = [
    { label: 'mann-whitney (median shift)', config: { name: 'latency', test: 'mann-whitney', direction: 'increase', margin: MARGIN } },
    { label: 'percentile p95 (bootstrap)', config: { name: 'latency', test: 'percentile', percentile: 95, direction: 'increase', margin: MARGIN } },
  ];
  if (chunkLength < 10) return [];
  return tests.map(({ label, config }) => {
    const adjust = emptyOutcomes();
    const ignore = emptyOutcomes();
    let autocorrelation = 0;
    let judged = 0;
    for (let chunk = 0; chunk < Math.min(REQUEST_CHUNKS, maxWindows); chunk++) {
      for (const [baselinePod, canaryPod] of PAIRINGS) {
        const from = chunk * chunkLength;
        const data = { metrics: { latency: { baseline: sample[baselinePod].slice(from, from + chunkLength), canary: sample[canaryPod].slice(from, from + chunkLength) } } };
        const result = judge(nativeConfig([config], 'adjust'), data).metrics[0]!;
        adjust[result.outcome]++;
        autocorrelation += result.autocorrelation?.used ?? 0;
        judged++;
        ignore[judge(nativeConfig([config], 'ignore'), data).metrics[0]!.outcome]++;
      }
    }
    return { test: label, perSide: chunkLength, windows: judged, adjust, ignore, meanAutocorrelation: judged > 0 ? autocorrelation / judged : Number.NaN };
  });
}

function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const finite = (values: readonly (number | null)[]): number[] => values.filter((value): value is number => value !== null);
const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Sample lag-1 autocorrelation of a series (missing values skipped pairwise). */
export function lag1(values: readonly (number | null)[]): number {
  const m = mean(finite(values));
  let numerator = 0;
  let denominator = 0;
  for (let i = 0; i < values.length; i++) {
    const current = values[i];
    if (current === null || current === undefined) continue;
    denominator += (current - m) ** 2;
    const next = values[i + 1];
    if (next !== null && next !== undefined) numerator += (current - m) * (next - m);
  }
  return denominator > 0 ? numerator / denominator : Number.NaN;
}

/** Pearson correlation of two series over the seconds where both have a value. */
function correlation(a: readonly (number | null)[], b: readonly (number | null)[]): number {
  const pairs: [number, number][] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== null && x !== undefined && y !== null && y !== undefined) pairs.push([x, y]);
  }
  const mx = mean(pairs.map((pair) => pair[0]));
  const my = mean(pairs.map((pair) => pair[1]));
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pairs) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

const UNITS: Readonly<Record<string, string>> = { meanLatencyMs: 'ms', p95LatencyMs: 'ms', cpuSeconds: 's', heapUsedBytes: 'MB', requests: '1/s' };

function describeSeries(recording: Recording): SeriesRow[] {
  return REAL_METRICS.map((metric) => {
    const a = recording.pods.A[metric.series];
    const b = recording.pods.B[metric.series];
    const scale = metric.series === 'heapUsedBytes' ? 1 / 2 ** 20 : 1;
    const valuesA = finite(a);
    const meanA = mean(valuesA);
    const quarter = Math.floor(a.length / 4);
    const sd = Math.sqrt(valuesA.reduce((sum, value) => sum + (value - meanA) ** 2, 0) / Math.max(1, valuesA.length - 1));
    return {
      metric: metric.name,
      unit: UNITS[metric.series] ?? '',
      meanA: meanA * scale,
      meanB: mean(finite(b)) * scale,
      relative: mean(finite(b)) / meanA - 1,
      cvA: sd / meanA,
      lag1A: lag1(a),
      lag1B: lag1(b),
      crossCorrelation: correlation(a, b),
      drift: mean(finite(a.slice(a.length - quarter))) / mean(finite(a.slice(0, quarter))) - 1,
      missing: POD_NAMES.reduce((sum, pod) => sum + recording.pods[pod][metric.series].filter((value) => value === null).length, 0),
    };
  });
}

export function evaluate(recording: Recording, options: EvaluateOptions = {}): Evaluation {
  const length = recording.timestamps.length;
  const sizes = options.sizes ?? usableSizes(length);
  const maxWindows = options.maxWindows ?? Number.POSITIVE_INFINITY;
  const metrics: MetricRow[] = [];
  const verdicts: VerdictRow[] = [];
  for (const size of sizes) {
    const { metrics: rows, verdict } = evaluateSize(recording, size, maxWindows);
    metrics.push(...rows);
    verdicts.push(verdict);
  }
  return {
    seconds: length,
    sizes,
    series: describeSeries(recording),
    metrics,
    verdicts,
    requests: options.requests === false ? [] : evaluateRequests(recording, maxWindows),
    paired: evaluatePaired(recording, sizes, maxWindows),
  };
}

// --- rendering (Markdown tables; the same text goes to stdout and into docs/calibration-real.md) ---

/** A share as a percentage with one decimal, and the count behind it. */
function rate(count: number, of: number): string {
  if (of === 0) return '–';
  return `${((count / of) * 100).toFixed(1)}% (${count})`;
}

const signed = (value: number, digits = 1): string => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(digits)}%`;
const number = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '–');

function table(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const rule = header.map((_, index) => ((align?.[index] ?? (index === 0 ? 'l' : 'r')) === 'r' ? '---:' : '---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export function recordingTable(recording: Recording): string {
  const meta = recording.meta;
  const rows: [string, string][] = [
    ['recorded', `${meta.recordedAt}, ${meta.durationSeconds} s (${(meta.durationSeconds / 60).toFixed(1)} min) after ${meta.warmupSeconds} s of warm-up`],
    ['load', `${meta.achievedRatePerSecond} requests/s in total (target ${meta.targetRatePerSecond}); ${meta.totalRequests} requests, ${meta.totalErrors} failed`],
    ['arrivals', meta.arrivals],
    ['per second', meta.perSecond],
    ['machine', `${meta.machine.platform}, ${meta.machine.cpu}, ${meta.machine.cores} cores, ${meta.machine.memoryGiB} GiB, Node ${meta.machine.node}`],
    [
      'load average',
      `1/5/15 min ${meta.machine.loadAverageAtStart.join(' / ')} at the start, ${meta.machine.loadAverageAtEnd.join(' / ')} at the end; 1-minute load ${number(Math.min(...recording.loadAverage1m), 2)} to ${number(Math.max(...recording.loadAverage1m), 2)} during the recording`,
    ],
    ['noise', meta.noise],
    ['per-request stretch', `${meta.requestSample}: ${recording.requestSample.A.length} (A) and ${recording.requestSample.B.length} (B) requests`],
  ];
  return table(['', 'value'], rows.map(([key, value]) => [key, value.replaceAll('|', '\\|')]), ['l', 'l']);
}

export function seriesTable(evaluation: Evaluation): string {
  return table(
    ['metric', 'unit', 'mean A', 'mean B', 'B vs A', 'CV (A)', 'lag-1 ρ A / B', 'corr(A, B)', 'drift (A, last vs first quarter)', 'missing'],
    evaluation.series.map((row) => [
      row.metric,
      row.unit,
      number(row.meanA, row.unit === 's' ? 4 : 2),
      number(row.meanB, row.unit === 's' ? 4 : 2),
      signed(row.relative, 2),
      number(row.cvA, 2),
      `${number(row.lag1A, 2)} / ${number(row.lag1B, 2)}`,
      number(row.crossCorrelation, 2),
      signed(row.drift),
      String(row.missing),
    ]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function metricTable(evaluation: Evaluation, size: number): string {
  const rows = evaluation.metrics.filter((row) => row.size === size);
  return table(
    ['metric', 'test', 'windows (non-overlapping)', 'fail', 'inconclusive', 'pass', 'nodata + error', 'fail, ρ ignored', 'inconclusive, ρ ignored', 'median ± of interval', 'mean ρ used', 'median widening', 'Kayenta flagged'],
    rows.map((row) => {
      const metric = REAL_METRICS.find((candidate) => candidate.name === row.metric)!;
      return [
        row.metric,
        `${metric.config.test} ${metric.config.direction === 'decrease' ? '↓' : '↑'}`,
        `${row.windows} (${row.nonOverlapping})`,
        rate(row.adjust.fail, row.windows),
        rate(row.adjust.inconclusive, row.windows),
        rate(row.adjust.pass, row.windows),
        rate(row.adjust.nodata + row.adjust.error, row.windows),
        rate(row.ignore.fail, row.windows),
        rate(row.ignore.inconclusive, row.windows),
        Number.isFinite(row.medianHalfWidth) ? `±${(row.medianHalfWidth * 100).toFixed(1)}%` : '–',
        number(row.meanAutocorrelation, 2),
        `${number(row.medianWidening, 2)}×`,
        rate(row.kayentaFlagged, row.windows),
      ];
    }),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function verdictTable(evaluation: Evaluation): string {
  const verdicts = (counts: VerdictCounts, of: number) => `${rate(counts.pass, of)} / ${rate(counts.marginal, of)} / ${rate(counts.fail, of)}`;
  return table(
    [
      'n',
      'windows (non-overlapping)',
      'pass / marginal / fail (default: ρ adjusted, rule "evidence")',
      'decided by score / inconclusive',
      'any metric fail',
      'rule "score"',
      'ρ ignored',
      'Kayenta Pass / Marginal / Fail',
      'Kayenta any High',
    ],
    evaluation.verdicts.map((row) => [
      String(row.size),
      `${row.windows} (${row.nonOverlapping})`,
      verdicts(row.evidence, row.windows),
      `${row.evidence.decidedBy.score} / ${row.evidence.decidedBy.inconclusive}`,
      rate(row.evidence.anyMetricFail, row.windows),
      verdicts(row.score, row.windows),
      verdicts(row.ignore, row.windows),
      `${rate(row.kayenta.Pass, row.windows)} / ${rate(row.kayenta.Marginal, row.windows)} / ${rate(row.kayenta.Fail, row.windows)}`,
      rate(row.kayenta.anyMetricFlagged, row.windows),
    ]),
  );
}

export function requestTable(evaluation: Evaluation): string {
  return table(
    ['test (per-request latency, margin 10%, increase)', 'requests per side', 'windows', 'fail', 'inconclusive', 'pass', 'nodata + error', 'fail, ρ ignored', 'mean ρ used'],
    evaluation.requests.map((row) => [
      row.test,
      String(row.perSide),
      String(row.windows),
      rate(row.adjust.fail, row.windows),
      rate(row.adjust.inconclusive, row.windows),
      rate(row.adjust.pass, row.windows),
      rate(row.adjust.nodata + row.adjust.error, row.windows),
      rate(row.ignore.fail, row.windows),
      number(row.meanAutocorrelation, 2),
    ]),
  );
}

export function configTable(): string {
  return table(
    ['metric', 'per-second series', 'test', 'harmful direction', 'margin'],
    REAL_METRICS.map((metric) => [metric.name, metric.description, metric.config.test, metric.config.direction ?? 'increase', '10% relative']),
    ['l', 'l', 'l', 'l', 'l'],
  );
}

/** Every table of the evaluation as Markdown (the generated part of docs/calibration-real.md). */
export function renderEvaluation(recording: Recording, evaluation: Evaluation): string {
  const parts = [
    '### The recording',
    '',
    recordingTable(recording),
    '',
    '### The series over the whole recording',
    '',
    seriesTable(evaluation),
    '',
    '### How each window is judged',
    '',
    configTable(),
    '',
    `Window sizes ${evaluation.sizes.join(', ')} seconds per side, a new window every n/2 seconds; each time window is judged twice (A as baseline, B as canary, and swapped), so "windows" counts both and overlapping windows share data: their outcomes are correlated, and the non-overlapping count is the honest number of independent looks (halved again for the swap, which mirrors the same data). Confidence level 0.95; one metric at a time for the metric tables (no multiple-comparison widening), all five for the verdict (Holm, intervals widened to 99%). Kayenta: the same values, direction per metric as above, everything else at Kayenta's defaults; "flagged" is High (Low for the \`decrease\` metric).`,
    '',
  ];
  for (const size of evaluation.sizes) parts.push(`### n = ${size} seconds per side`, '', metricTable(evaluation, size), '');
  parts.push('### Verdict of the 5-metric canary', '', verdictTable(evaluation), '');
  if (evaluation.requests.length > 0) {
    parts.push(
      '### Per-request latencies',
      '',
      `The per-request stretch cut into ${REQUEST_CHUNKS} consecutive chunks (about ${Math.round((recording.requestSample.toSecond - recording.requestSample.fromSecond + 1) / REQUEST_CHUNKS)} s each), judged A against B and swapped.`,
      '',
      requestTable(evaluation),
      '',
    );
  }
  parts.push(
    '### Latency judged on time-aligned pairs',
    '',
    'Each latency series judged alone (95%, no multiplicity) on the same windows, paired on the shared seconds (`pairing: "auto"`: both pods carry the recording\'s timestamps) and as independent samples (`pairing: "none"`). "±" is the median half-width of the relative interval. Every `fail` is a false fail.',
    '',
    pairedTable(evaluation),
    '',
  );
  return parts.join('\n');
}

function pairedTable(evaluation: Evaluation): string {
  const lines = [
    '| metric | test | n | windows | ± paired | ± independent | fail paired | pass paired | fail independent | pass independent |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const half = (value: number) => (Number.isFinite(value) ? `±${(value * 100).toFixed(1)}%` : '–');
  for (const row of evaluation.paired) {
    lines.push(
      `| ${row.metric} | ${row.test} | ${row.size} | ${row.windows} | ${half(row.pairedHalfWidth)} | ${half(row.unpairedHalfWidth)} | ${rate(row.paired.fail, row.windows)} | ${rate(row.paired.pass, row.windows)} | ${rate(row.unpaired.fail, row.windows)} | ${rate(row.unpaired.pass, row.windows)} |`,
    );
  }
  return lines.join('\n');
}
