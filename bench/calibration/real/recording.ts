/**
 * The A/A recording written by record.ts (bench/calibration/real/data/aa-pods.json): its shape, a
 * loader, and a check that it is usable (both pods, one value per second each, finite numbers).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RECORDING_PATH = join(dirname(fileURLToPath(import.meta.url)), 'data', 'aa-pods.json');

export const POD_NAMES = ['A', 'B'] as const;
export type PodName = (typeof POD_NAMES)[number];

/** The per-second series of one pod, index i = second i of the recording (null: nothing measured). */
export interface PodSeries {
  readonly meanLatencyMs: readonly (number | null)[];
  readonly p95LatencyMs: readonly (number | null)[];
  readonly requests: readonly number[];
  readonly errors: readonly number[];
  readonly cpuSeconds: readonly (number | null)[];
  readonly heapUsedBytes: readonly (number | null)[];
}

export const SERIES_KEYS = ['meanLatencyMs', 'p95LatencyMs', 'requests', 'errors', 'cpuSeconds', 'heapUsedBytes'] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

export interface RecordingMeta {
  readonly description: string;
  readonly recordedAt: string;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly targetRatePerSecond: number;
  readonly achievedRatePerSecond: number;
  readonly totalRequests: number;
  readonly totalErrors: number;
  readonly arrivals: string;
  readonly perSecond: string;
  readonly requestSample: string;
  readonly machine: {
    readonly platform: string;
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly node: string;
    readonly loadAverageAtStart: readonly number[];
    readonly loadAverageAtEnd: readonly number[];
  };
  readonly noise: string;
}

export interface Recording {
  readonly meta: RecordingMeta;
  /** Epoch milliseconds at the end of each recorded second (the same clock for both pods). */
  readonly timestamps: readonly number[];
  /** The machine's 1-minute load average at the end of each second. */
  readonly loadAverage1m: readonly number[];
  readonly pods: Readonly<Record<PodName, PodSeries>>;
  /** Per-request client-side latencies (ms, completion order) of a stretch from the middle. */
  readonly requestSample: { readonly fromSecond: number; readonly toSecond: number } & Readonly<Record<PodName, readonly number[]>>;
}

export function loadRecording(path: string = RECORDING_PATH): Recording {
  return JSON.parse(readFileSync(path, 'utf8')) as Recording;
}

/** Every problem that makes the recording unusable (empty: fine). Missing per-second values (null) are allowed but counted. */
export function checkRecording(recording: Recording): string[] {
  const problems: string[] = [];
  const length = recording.timestamps.length;
  if (length === 0) problems.push('no recorded seconds');
  if (recording.meta?.durationSeconds !== length) problems.push(`meta.durationSeconds ${recording.meta?.durationSeconds} but ${length} timestamps`);
  for (let i = 1; i < length; i++) {
    if ((recording.timestamps[i] as number) <= (recording.timestamps[i - 1] as number)) {
      problems.push(`timestamps do not increase at second ${i}`);
      break;
    }
  }
  if (recording.loadAverage1m.length !== length) problems.push(`loadAverage1m has ${recording.loadAverage1m.length} entries, expected ${length}`);
  for (const pod of POD_NAMES) {
    const series = recording.pods[pod];
    if (series === undefined) {
      problems.push(`pod ${pod} missing`);
      continue;
    }
    for (const key of SERIES_KEYS) {
      const values = series[key];
      if (!Array.isArray(values) || values.length !== length) {
        problems.push(`pod ${pod} ${key}: expected ${length} values, received ${Array.isArray(values) ? values.length : typeof values}`);
        continue;
      }
      const bad = values.findIndex((value) => value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0));
      if (bad >= 0) problems.push(`pod ${pod} ${key}[${bad}] is ${String(values[bad])}, expected a finite number ≥ 0 or null`);
    }
  }
  return problems;
}

/** Number of null values of one series of one pod. */
export function missingCount(recording: Recording, pod: PodName, key: SeriesKey): number {
  return recording.pods[pod][key].filter((value) => value === null).length;
}
