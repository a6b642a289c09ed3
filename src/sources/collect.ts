/**
 * `collect`: run every metric's queries for the baseline and the canary against a metric source,
 * concurrently but bounded, and return exactly the data `judge(config, data)` takes, on one shared
 * step grid with `null` where the source had no value (gaps are kept, never compacted).
 *
 * Pure: the I/O is the source's; this module only plans queries, bounds concurrency and reshapes.
 */
import { InvalidOptionError } from '../shared/errors.js';
import type { MetricSource, RangeResult, RangeSeries } from './metric-source.js';
import { SourceError, isSourceError, quoteQuery } from './source-error.js';
import { chooseStep, formatDuration, parseStep, parseTime, stepGrid, type StepInput, type TimeInput } from './time.js';

/**
 * The `query` of a metric in the configuration: one template, for `rate` metrics two templates
 * (events, e.g. 5xx responses, and total, e.g. all responses) whose values are counts per step, or
 * for `percentile` / `mann-whitney` metrics a histogram's `_bucket` selector (`{ histogram }`).
 */
export type MetricQuery = string | { readonly events: string; readonly total: string } | { readonly histogram: string };

/** The part of a metric's configuration `collect` reads. */
export interface CollectMetricConfig {
  readonly name: string;
  readonly test: string;
  readonly query?: MetricQuery | undefined;
}

/** The part of the configuration `collect` reads (a `CanaryConfig` with `query` on each metric fits). */
export interface CollectConfig {
  readonly metrics: readonly CollectMetricConfig[];
}

/**
 * The variables of one side: `scope` (e.g. the version label's value), optionally `location`, and
 * any user variables.
 */
export interface ScopeVariables {
  readonly scope: string;
  readonly location?: string;
  readonly [name: string]: string | undefined;
}

/** Which side a query is for. */
export type Side = 'baseline' | 'canary';
/** Which query of a metric: the value query, a rate metric's events / total query, or a histogram's buckets. */
export type QueryRole = 'value' | 'events' | 'total' | 'histogram';

/** Reported after each query finishes (for a progress line). */
export interface CollectProgress {
  readonly done: number;
  readonly total: number;
  readonly metric: string;
  readonly side: Side;
  readonly role: QueryRole;
}

/** Options of `collect`. */
export interface CollectOptions {
  /** First instant (a `Date`, epoch seconds, or RFC 3339). */
  readonly start: TimeInput;
  /** Last instant; must be after `start`. */
  readonly end: TimeInput;
  /**
   * Step between points: seconds or a duration such as `"30s"`.
   * @default the smallest round step of at least 60s that stays under the source's `maxPoints`
   */
  readonly step?: StepInput;
  /** Variables of the baseline side (`scope`, optional `location`, user variables). */
  readonly baseline: ScopeVariables;
  /** Variables of the canary side. */
  readonly canary: ScopeVariables;
  /**
   * Variables shared by both sides (e.g. the CLI's `--var k=v`); a side's own variables win.
   * `step` is built in (the step as a duration, e.g. `60s`) and cannot be set.
   * @default {}
   */
  readonly variables?: Readonly<Record<string, string>>;
  /** Cancels everything; `collect` then rejects with `SourceError` code `ABORTED`. */
  readonly signal?: AbortSignal;
  /**
   * Most queries in flight at once.
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * What to do with `+Inf` / `-Inf` values, which the judge's data cannot hold: fail with
   * `NON_FINITE_VALUE` (they usually mean a histogram_quantile above the largest bucket), or
   * count them as missing.
   * @default 'error'
   */
  readonly infinity?: 'error' | 'missing';
  /** Called after each query finishes. */
  readonly onProgress?: (progress: CollectProgress) => void;
}

/** One side's value series, as the judge takes it (timestamps in epoch seconds). */
export interface CollectedValues {
  readonly values: (number | null)[];
  readonly timestamps: number[];
}
/** One side's counts of a rate metric, as the judge takes them. */
export interface CollectedCounts {
  readonly events: (number | null)[];
  readonly total: (number | null)[];
  readonly timestamps: number[];
}
/** One side's histogram over the whole window: bucket bounds (the last "+Inf") and cumulative counts. */
export interface CollectedHistogram {
  readonly histogram: { readonly le: (number | '+Inf')[]; readonly counts: number[] };
}
/** Baseline and canary of one metric (a side whose histogram query returned nothing is an empty value series). */
export interface CollectedMetric {
  readonly baseline: CollectedValues | CollectedCounts | CollectedHistogram;
  readonly canary: CollectedValues | CollectedCounts | CollectedHistogram;
  /** Why a side is empty (its query returned no series), with the query; the judge shows it. */
  readonly noDataReasons?: { readonly baseline?: string; readonly canary?: string };
}
/** What `collect` returns: the judge's data. */
export interface CollectedData {
  readonly metrics: Record<string, CollectedMetric>;
}

/** What one query gave. */
export interface CollectedQuery {
  readonly metric: string;
  readonly side: Side;
  readonly role: QueryRole;
  /** The expanded query, as sent. */
  readonly query: string;
  /** `nodata` when the query returned no series at all. */
  readonly status: 'ok' | 'nodata';
  /** For `nodata`: why, with the query. */
  readonly reason: string | null;
  /** The labels of the one series (null for nodata). */
  readonly labels: Readonly<Record<string, string>> | null;
  /** Steps with a value, and steps without one (kept as `null`). */
  readonly points: number;
  readonly gaps: number;
  /** Warnings the source attached to its answer. */
  readonly warnings: readonly string[];
}

/** What `collectDetailed` returns: the data, plus what each query gave and the range used. */
export interface CollectDetails {
  readonly data: CollectedData;
  readonly queries: readonly CollectedQuery[];
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

/** Default of `CollectOptions.concurrency`. */
export const DEFAULT_COLLECT_CONCURRENCY = 4;

interface PlannedQuery {
  readonly metricIndex: number;
  readonly metric: string;
  readonly side: Side;
  readonly role: QueryRole;
  readonly query: string;
}

interface Plan {
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
  readonly queries: readonly PlannedQuery[];
}

const SIDES: readonly Side[] = ['baseline', 'canary'];

/**
 * Fetches every metric of `config` from `source` for the baseline and the canary and returns the
 * data `judge(config, data)` takes.
 *
 * - All templates are expanded first, so a bad template fails before any request.
 * - Queries run concurrently, at most `concurrency` at once; the first failure cancels the rest.
 * - Each side's points sit on the grid start, start + step, … ≤ end; a step the source has no value
 *   for is `null` (missing), as is a `NaN` value.
 * - A query with no series gives an empty series (the judge reports `nodata`); `collectDetailed`
 *   says which query it was. A query with several series is an error naming the labels that differ.
 *
 * @throws InvalidOptionError for bad options or a metric without a usable `query`.
 * @throws SourceError from the source, or `INVALID_TEMPLATE`, `AMBIGUOUS_SERIES`, `NON_FINITE_VALUE`.
 * @example
 * const data = await collect(config, createPrometheusSource({ url }), {
 *   start: '2024-01-01T00:00:00Z', end: '2024-01-01T01:00:00Z',
 *   baseline: { scope: 'v1' }, canary: { scope: 'v2' },
 * });
 * judge(config, data).verdict // => 'pass'
 */
export async function collect(config: CollectConfig, source: MetricSource, options: CollectOptions): Promise<CollectedData> {
  return (await collectDetailed(config, source, options)).data;
}

/**
 * Like `collect`, and also returns what each query gave (the expanded query, `nodata` reasons,
 * labels, gaps, warnings) and the range used.
 */
export async function collectDetailed(config: CollectConfig, source: MetricSource, options: CollectOptions): Promise<CollectDetails> {
  const plan = planQueries(config, source, options);
  const concurrency = options.concurrency ?? DEFAULT_COLLECT_CONCURRENCY;
  if (typeof concurrency !== 'number' || !Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new InvalidOptionError('concurrency', 'an integer from 1 to 64', concurrency);
  }
  const infinity = options.infinity ?? 'error';
  if (infinity !== 'error' && infinity !== 'missing') {
    throw new InvalidOptionError('infinity', '"error" or "missing"', infinity);
  }
  const grid = stepGrid(plan.startMs, plan.endMs, plan.stepMs);
  const range = { startMs: plan.startMs, endMs: plan.endMs, stepMs: plan.stepMs };
  // A histogram query is one evaluation at the end of the window (its range covers the window).
  const atEnd = { startMs: plan.endMs, endMs: plan.endMs, stepMs: plan.stepMs };

  let done = 0;
  const results = await runBounded(
    plan.queries.map((planned) => async (signal: AbortSignal) => {
      let result: RangeResult;
      try {
        result = await source.queryRange(planned.query, planned.role === 'histogram' ? atEnd : range, { signal });
      } catch (error) {
        throw annotate(error, planned);
      }
      const shaped = planned.role === 'histogram' ? shapeHistogram(result, planned) : shapeResult(result, planned, grid, infinity);
      done++;
      options.onProgress?.({ done, total: plan.queries.length, metric: planned.metric, side: planned.side, role: planned.role });
      return shaped;
    }),
    concurrency,
    options.signal,
  );

  const byKey = new Map<string, Shaped>();
  results.forEach((result, index) => {
    const planned = plan.queries[index] as PlannedQuery;
    byKey.set(`${planned.metricIndex}/${planned.side}/${planned.role}`, result);
  });
  const metrics: [string, CollectedMetric][] = [];
  const timestamps = grid.map((ms) => ms / 1000);
  config.metrics.forEach((metric, metricIndex) => {
    const noDataReasons: { baseline?: string; canary?: string } = {};
    const sides = SIDES.map((side) => {
      const mine = (role: QueryRole) => byKey.get(`${metricIndex}/${side}/${role}`);
      const empty = (shaped: Shaped): boolean => {
        if (shaped.values !== null || shaped.histogram !== undefined) return false;
        noDataReasons[side] ??= shaped.record.reason ?? 'the query returned no series';
        return true;
      };
      const histogram = mine('histogram');
      if (histogram !== undefined) {
        if (empty(histogram) || histogram.histogram === undefined) return { values: [], timestamps: [] };
        return { histogram: histogram.histogram };
      }
      if (metric.test === 'rate') {
        const events = mine('events') as Shaped;
        const total = mine('total') as Shaped;
        if (empty(events) || empty(total) || events.values === null || total.values === null) return { events: [], total: [], timestamps: [] };
        return { events: events.values, total: total.values, timestamps: [...timestamps] };
      }
      const value = mine('value') as Shaped;
      if (empty(value) || value.values === null) return { values: [], timestamps: [] };
      return { values: value.values, timestamps: [...timestamps] };
    }) as [CollectedMetric['baseline'], CollectedMetric['canary']];
    const collected: CollectedMetric =
      Object.keys(noDataReasons).length > 0
        ? { baseline: sides[0], canary: sides[1], noDataReasons }
        : { baseline: sides[0], canary: sides[1] };
    metrics.push([metric.name, collected]);
  });

  return {
    // fromEntries defines own properties, so even a metric named "__proto__" is kept as data.
    data: { metrics: Object.fromEntries(metrics) },
    queries: results.map((result) => result.record),
    startMs: plan.startMs,
    endMs: plan.endMs,
    stepMs: plan.stepMs,
  };
}

/** Checks the options, resolves the range and expands every template (no I/O). */
function planQueries(config: CollectConfig, source: MetricSource, options: CollectOptions): Plan {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', 'an object', options);
  if (typeof config !== 'object' || config === null || !Array.isArray(config.metrics)) {
    throw new InvalidOptionError('config.metrics', 'an array of metrics', config === null || typeof config !== 'object' ? config : config.metrics);
  }
  const startMs = parseTime(options.start, 'start');
  const endMs = parseTime(options.end, 'end');
  if (endMs <= startMs) throw new InvalidOptionError('end', `a time after start (${new Date(startMs).toISOString()})`, options.end);
  const maxPoints = source.maxPoints ?? Number.POSITIVE_INFINITY;
  let stepMs: number;
  if (options.step === undefined) {
    stepMs = chooseStep(startMs, endMs, { maxPoints });
  } else {
    stepMs = parseStep(options.step, 'step');
    if (Math.floor((endMs - startMs) / stepMs) > maxPoints) {
      const smallest = Math.ceil((endMs - startMs) / maxPoints / 1000);
      throw new InvalidOptionError(
        'step',
        `a step giving at most ${maxPoints} points per series (${source.description} limit): at least ${smallest}s for this range`,
        options.step,
      );
    }
  }

  const shared = checkVariables(options.variables ?? {}, 'variables');
  const sideVariables = {} as Record<Side, Record<string, string>>;
  for (const side of SIDES) {
    const own: unknown = options[side];
    if (typeof own !== 'object' || own === null || typeof (own as { scope?: unknown }).scope !== 'string') {
      const received = typeof own !== 'object' || own === null ? own : (own as { scope?: unknown }).scope;
      throw new InvalidOptionError(`${side}.scope`, "a string (the side's scope, e.g. a version label value)", received);
    }
    sideVariables[side] = { ...shared, ...checkVariables(own as ScopeVariables, side), step: formatDuration(stepMs) };
  }

  const queries: PlannedQuery[] = [];
  const names = new Set<string>();
  config.metrics.forEach((metric, metricIndex) => {
    const where = `metrics[${metricIndex}]`;
    if (typeof metric !== 'object' || metric === null || typeof metric.name !== 'string') {
      throw new InvalidOptionError(`${where}.name`, 'a string', metric === null || typeof metric !== 'object' ? metric : metric.name);
    }
    if (names.has(metric.name)) throw new InvalidOptionError(`${where}.name`, 'a name no other metric uses', metric.name);
    names.add(metric.name);
    const templates = queryTemplates(metric, where);
    for (const side of SIDES) {
      for (const [role, template] of templates) {
        let query: string;
        try {
          query = source.renderQuery(template, sideVariables[side]);
          if (role === 'histogram') {
            if (source.histogramQuery === undefined) {
              throw new InvalidOptionError(`${where}.query.histogram`, `a source that reads histograms (${source.description} does not)`, template);
            }
            query = source.histogramQuery(query, endMs - startMs);
          }
        } catch (error) {
          throw annotate(error, { metric: metric.name, side, role, query: undefined });
        }
        queries.push({ metricIndex, metric: metric.name, side, role, query });
      }
    }
  });
  return { startMs, endMs, stepMs, queries };
}

function checkVariables(variables: Readonly<Record<string, string | undefined>>, option: string): Record<string, string> {
  if (typeof variables !== 'object' || variables === null) throw new InvalidOptionError(option, 'an object of strings', variables);
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (value === undefined) continue;
    if (name === 'step') {
      throw new InvalidOptionError(`${option}.step`, 'nothing: ${step} is built in (the step as a duration, e.g. "60s")', value);
    }
    if (typeof value !== 'string') throw new InvalidOptionError(`${option}.${name}`, 'a string', value);
    Object.defineProperty(checked, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return checked;
}

function queryTemplates(metric: CollectMetricConfig, where: string): [QueryRole, string][] {
  const query: unknown = metric.query;
  if (typeof query === 'object' && query !== null && 'histogram' in query) {
    const selector = (query as { histogram?: unknown }).histogram;
    if ((metric.test !== 'percentile' && metric.test !== 'mann-whitney') || typeof selector !== 'string' || selector.trim() === '') {
      throw new InvalidOptionError(
        `${where}.query.histogram`,
        `a _bucket selector template for a percentile or mann-whitney metric (metric "${metric.name}" has test "${metric.test}")`,
        selector,
      );
    }
    return [['histogram', selector]];
  }
  if (metric.test === 'rate') {
    const counts = query as { events?: unknown; total?: unknown } | null;
    if (typeof counts !== 'object' || counts === null || typeof counts.events !== 'string' || typeof counts.total !== 'string') {
      throw new InvalidOptionError(
        `${where}.query`,
        `{ events, total } query templates for rate metric "${metric.name}" (counts per step, e.g. increase(...[\${step}]))`,
        query,
      );
    }
    return [
      ['events', counts.events],
      ['total', counts.total],
    ];
  }
  if (typeof query !== 'string' || query.trim() === '') {
    throw new InvalidOptionError(`${where}.query`, `a query template for metric "${metric.name}"`, query);
  }
  return [['value', query]];
}

interface Shaped {
  /** Values on the grid, or null when the query returned no series. */
  readonly values: (number | null)[] | null;
  /** For a histogram query that returned buckets: the side's histogram. */
  readonly histogram?: CollectedHistogram['histogram'];
  readonly record: CollectedQuery;
}

/**
 * Reads the answer of a histogram query: one series per `le` label, one value each (the increase
 * over the window). Bounds that are the same number written differently ("1" and "1.0") are added
 * together; the bounds must end with "+Inf".
 */
function shapeHistogram(result: RangeResult, planned: PlannedQuery): Shaped {
  const base = { metric: planned.metric, side: planned.side, role: planned.role, query: planned.query, warnings: [...(result.warnings ?? [])] };
  const context = { query: planned.query, metric: planned.metric, side: planned.side };
  const label = `metric "${planned.metric}" (${planned.side}, histogram)`;
  const withValues = result.series.filter((series) => series.values.length > 0);
  if (withValues.length === 0) {
    return {
      values: null,
      record: { ...base, status: 'nodata', reason: `query returned no series: ${quoteQuery(planned.query)}`, labels: null, points: 0, gaps: 0 },
    };
  }
  const byBound = new Map<number, number>();
  for (const series of withValues) {
    const le = series.labels.le;
    const bound = le === undefined ? Number.NaN : le === '+Inf' || le === 'Inf' ? Number.POSITIVE_INFINITY : Number(le);
    if (le === undefined || Number.isNaN(bound) || le.trim() === '') {
      throw new SourceError(
        'BAD_RESPONSE',
        `${label}: a series has ${le === undefined ? 'no le label' : `le=${JSON.stringify(le)}, not a number`}; the histogram selector must pick the _bucket series of a classic histogram; query: ${quoteQuery(planned.query)}`,
        context,
      );
    }
    const value = series.values[series.values.length - 1] as number;
    if (!Number.isFinite(value) || value < 0) {
      throw new SourceError('NON_FINITE_VALUE', `${label}: bucket le=${JSON.stringify(le)} has the value ${value}, not a count of requests; query: ${quoteQuery(planned.query)}`, context);
    }
    byBound.set(bound, (byBound.get(bound) ?? 0) + value);
  }
  const bounds = [...byBound.keys()].sort((a, b) => a - b);
  if (bounds[bounds.length - 1] !== Number.POSITIVE_INFINITY) {
    throw new SourceError('BAD_RESPONSE', `${label}: the buckets have no le="+Inf" series, so the total is unknown; select every _bucket series of the histogram; query: ${quoteQuery(planned.query)}`, context);
  }
  const histogram = {
    le: bounds.map((bound): number | '+Inf' => (bound === Number.POSITIVE_INFINITY ? '+Inf' : bound)),
    counts: bounds.map((bound) => byBound.get(bound) as number),
  };
  const labels = { ...(withValues[0] as RangeSeries).labels };
  delete labels.le;
  return {
    values: null,
    histogram,
    record: { ...base, status: 'ok', reason: null, labels, points: bounds.length, gaps: 0 },
  };
}

/** Checks a result has at most one series and lays its values on the step grid. */
function shapeResult(result: RangeResult, planned: PlannedQuery, grid: readonly number[], infinity: 'error' | 'missing'): Shaped {
  const base = { metric: planned.metric, side: planned.side, role: planned.role, query: planned.query, warnings: [...(result.warnings ?? [])] };
  const context = { query: planned.query, metric: planned.metric, side: planned.side };
  const label = `metric "${planned.metric}" (${planned.side}${planned.role === 'value' ? '' : `, ${planned.role}`})`;
  if (result.series.length === 0) {
    return {
      values: null,
      record: { ...base, status: 'nodata', reason: `query returned no series: ${quoteQuery(planned.query)}`, labels: null, points: 0, gaps: grid.length },
    };
  }
  if (result.series.length > 1) {
    throw new SourceError('AMBIGUOUS_SERIES', `${label}: ${describeAmbiguity(result.series)}; query: ${quoteQuery(planned.query)}`, context);
  }
  const series = result.series[0] as RangeSeries;
  const indexByTime = new Map<number, number>();
  grid.forEach((ms, index) => indexByTime.set(ms, index));
  const values: (number | null)[] = grid.map(() => null);
  let points = 0;
  series.timestampsMs.forEach((timeMs, position) => {
    const index = indexByTime.get(Math.round(timeMs));
    if (index === undefined) {
      throw new SourceError(
        'BAD_RESPONSE',
        `${label}: the source returned a point at ${timeMs / 1000} that is not on the step grid (start ${(grid[0] as number) / 1000}, step ${((grid[1] ?? 0) - (grid[0] as number)) / 1000}s); query: ${quoteQuery(planned.query)}`,
        context,
      );
    }
    const value = series.values[position] as number;
    if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) {
      if (infinity === 'error') {
        throw new SourceError(
          'NON_FINITE_VALUE',
          `${label}: value ${value > 0 ? '+Inf' : '-Inf'} at ${new Date(timeMs).toISOString()}, which the judge cannot use (a histogram_quantile above the largest bucket? add buckets or clamp_max), or pass infinity: "missing"; query: ${quoteQuery(planned.query)}`,
          context,
        );
      }
      return;
    }
    if (Number.isNaN(value)) return;
    values[index] = value;
    points++;
  });
  return {
    values,
    record: { ...base, status: 'ok', reason: null, labels: { ...series.labels }, points, gaps: grid.length - points },
  };
}

/** Says which labels tell the series apart and how to aggregate them away. */
function describeAmbiguity(series: readonly RangeSeries[]): string {
  const keys = [...new Set(series.flatMap((one) => Object.keys(one.labels)))].sort();
  const differing = keys.filter((key) => new Set(series.map((one) => one.labels[key] ?? '')).size > 1);
  const described = differing.map((key) => {
    const values = [...new Set(series.map((one) => one.labels[key] ?? ''))];
    const shown = values.slice(0, 3).map((value) => JSON.stringify(value));
    if (values.length > 3) shown.push(`… ${values.length} values`);
    return `${key} (${shown.join(', ')})`;
  });
  const labels = differing.filter((key) => key !== '__name__').join(', ');
  const suggestion =
    labels === ''
      ? 'aggregate them, e.g. sum(…) or avg(…)'
      : `aggregate them away, e.g. sum without(${labels}) (…) or avg without(${labels}) (…)`;
  const which = described.length === 0 ? 'with identical labels' : `that differ in ${described.join(', ')}`;
  return `query returned ${series.length} series ${which}; the judge needs exactly one series per side: ${suggestion}`;
}

/** Adds the metric, side and query to a source's error (keeping its code and fields). */
function annotate(error: unknown, where: { metric: string; side: Side; role: QueryRole; query: string | undefined }): unknown {
  if (!isSourceError(error) || error.metric !== undefined) return error;
  const label = `metric "${where.metric}" (${where.side}${where.role === 'value' ? '' : `, ${where.role}`})`;
  const details = {
    metric: where.metric,
    side: where.side,
    unavailable: error.unavailable,
    cause: error,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...((error.query ?? where.query) === undefined ? {} : { query: (error.query ?? where.query) as string }),
    ...(error.request === undefined ? {} : { request: error.request }),
    ...(error.errorType === undefined ? {} : { errorType: error.errorType }),
    ...(error.attempts === undefined ? {} : { attempts: error.attempts }),
  };
  return new SourceError(error.code, `${label}: ${error.message}`, details);
}

/**
 * Runs tasks with at most `limit` in flight. Each task gets its own signal (so no signal collects
 * more listeners than one task adds). The first failure aborts the others and, once every started
 * task has settled, is thrown; later failures are dropped, so nothing is left as an unhandled
 * rejection.
 */
async function runBounded<T>(
  tasks: readonly ((signal: AbortSignal) => Promise<T>)[],
  limit: number,
  outer: AbortSignal | undefined,
): Promise<T[]> {
  if (outer?.aborted) throw new SourceError('ABORTED', 'collect was aborted before it started', { cause: outer.reason });
  const active = new Set<AbortController>();
  let stop: { reason: unknown } | null = null;
  const stopAll = (reason: unknown) => {
    stop ??= { reason };
    for (const controller of active) controller.abort(reason);
  };
  const onOuterAbort = () => stopAll(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });

  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (stop === null && next < tasks.length) {
      const index = next++;
      const controller = new AbortController();
      active.add(controller);
      try {
        results[index] = await (tasks[index] as (signal: AbortSignal) => Promise<T>)(controller.signal);
      } catch (error) {
        if (failure === null) {
          failure = { error };
          stopAll(error);
        }
      } finally {
        active.delete(controller);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
  if (failure !== null) throw (failure as { error: unknown }).error;
  if (stop !== null) throw new SourceError('ABORTED', 'collect was aborted', { cause: (stop as { reason: unknown }).reason });
  return results;
}
