/**
 * The first stage of a judgement: finding each configured metric's series in the data. Bad shapes
 * become per-metric errors (never exceptions), data for unconfigured names becomes warnings (with a
 * did-you-mean for near misses). Each metric's series are validated by the check `judge` hands in;
 * data the CLI already validated is taken as it is.
 */
import type { CanaryConfig } from '../config/config-schema.js';
import type { NoDataReasons, Series } from '../config/data-schema.js';
import { dataSwapHint } from '../config/swap-hint.js';
import { describeValue } from '../shared/message-text.js';
import type { TimestampUnit } from './trend-effect.js';

/** One metric's series as found in the data. */
export interface MetricData {
  readonly baseline: Series;
  readonly canary: Series;
  readonly noDataReasons?: NoDataReasons | undefined;
}

/**
 * Validates one metric's series as found in the data (`raw`, under `data.metrics[name]`): the
 * series, or why they cannot be judged. `judge` passes `checkMetricData` (check-metric-data.ts).
 */
export type MetricDataCheck = (name: string, raw: unknown) => MetricData | { error: string };

/**
 * A name reduced to what a typo in case, spacing or punctuation leaves intact: lower case, letters
 * and digits only.
 *
 * @example
 * looseName('HTTP 5xx-Rate') // => 'http5xxrate'
 */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * `locateData`, for data that cannot even be read (a throwing getter, a revoked Proxy): every
 * metric then gets an `error` outcome saying so, instead of the judge throwing.
 */
export function locateReadableData(config: CanaryConfig, data: unknown, check: MetricDataCheck | null): LocatedData {
  try {
    return locateData(config, data, check);
  } catch (error) {
    let detail = 'reading it threw';
    try {
      if (error instanceof Error) detail = `reading it threw ${error.name}: ${error.message.split('\n')[0]}`;
    } catch {
      // an error whose own fields throw: keep the generic text
    }
    const byMetric = new Map<string, MetricData | { error: string }>();
    for (const metric of config.metrics) byMetric.set(metric.name, { error: `the data cannot be read as plain JSON data: ${detail}` });
    return { byMetric, nearMisses: new Map(), warnings: [], timestampUnit: 's' };
  }
}

/** What `locateData` found: each metric's series or why it has none, near-miss names, warnings, the timestamp unit. */
export interface LocatedData {
  readonly byMetric: Map<string, MetricData | { error: string }>;
  readonly nearMisses: Map<string, string>;
  readonly warnings: string[];
  readonly timestampUnit: TimestampUnit;
}

function locateData(config: CanaryConfig, data: unknown, check: MetricDataCheck | null): LocatedData {
  const byMetric = new Map<string, MetricData | { error: string }>();
  const nearMisses = new Map<string, string>();
  const warnings: string[] = [];
  let timestampUnit: TimestampUnit = 's';
  const fail = (error: string) => {
    for (const metric of config.metrics) byMetric.set(metric.name, { error });
    return { byMetric, nearMisses, warnings, timestampUnit };
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail(`data must be an object like { "metrics": { ... } }, received ${describeValue(data)}`);
  }
  const metrics = (data as { metrics?: unknown }).metrics;
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) {
    const hint = dataSwapHint(data);
    return fail(`data.metrics must be an object of series by metric name, received ${describeValue(metrics)}${hint === undefined ? '' : `. ${hint}`}`);
  }
  for (const key of Object.keys(data).sort()) {
    if (key !== 'metrics' && key !== '$schema' && key !== 'timestampUnit') warnings.push(`data has an unknown key "${key}"; it was ignored`);
  }
  if (Object.prototype.hasOwnProperty.call(data, 'timestampUnit')) {
    const unit = (data as { timestampUnit?: unknown }).timestampUnit;
    if (unit !== 's' && unit !== 'ms') {
      return fail(`data.timestampUnit must be "s" or "ms", received ${describeValue(unit)}`);
    }
    timestampUnit = unit;
  }
  const configured = new Set(config.metrics.map((metric) => metric.name));
  const has = (name: string) => Object.prototype.hasOwnProperty.call(metrics, name);
  for (const name of Object.keys(metrics).sort()) {
    if (configured.has(name)) continue;
    const meant = config.metrics.find((metric) => !has(metric.name) && looseName(metric.name) === looseName(name) && looseName(name) !== '');
    if (meant === undefined) {
      warnings.push(`data for "${name}" was ignored: no metric of that name is configured`);
    } else {
      if (!nearMisses.has(meant.name)) nearMisses.set(meant.name, name);
      warnings.push(`data for "${name}" was ignored: no metric of that name is configured; did you mean "${meant.name}"? (names must match exactly)`);
    }
  }
  for (const metric of config.metrics) {
    if (!has(metric.name)) continue;
    const raw = (metrics as Record<string, unknown>)[metric.name];
    byMetric.set(metric.name, check === null ? (raw as MetricData) : check(metric.name, raw));
  }
  return { byMetric, nearMisses, warnings, timestampUnit };
}

