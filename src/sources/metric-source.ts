/**
 * What `collect` needs from a metric source (Prometheus today, CloudWatch later): turn a query
 * template into a query, and run a range query. Sources do the I/O; `collect` stays pure.
 */
import type { TemplateVariables } from './template.js';

/** A range query's instants, in epoch milliseconds; the source evaluates at start, start + step, … ≤ end. */
export interface RangeQuery {
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

/** Per-call options of `MetricSource.queryRange`. */
export interface QueryRangeOptions {
  /** Cancels the call; it then rejects with `SourceError` code `ABORTED`. */
  readonly signal?: AbortSignal;
}

/**
 * One series of a range result. Steps the source had no value for are simply absent (their
 * timestamps are missing), never compacted; `collect` turns them into `null` gaps.
 */
export interface RangeSeries {
  /** The series' labels (Prometheus: the `metric` object, including `__name__` when present). */
  readonly labels: Readonly<Record<string, string>>;
  /** Epoch milliseconds of each value, increasing. */
  readonly timestampsMs: readonly number[];
  /** The values; `NaN`, `Infinity` and `-Infinity` as the source sent them. */
  readonly values: readonly number[];
}

/** The answer to a range query. */
export interface RangeResult {
  readonly series: readonly RangeSeries[];
  /** Warnings the source attached to an otherwise successful answer. */
  readonly warnings: readonly string[];
}

/** A source of metric series. */
export interface MetricSource {
  /** Names the source in messages, without credentials, e.g. `Prometheus at http://127.0.0.1:9090`. */
  readonly description: string;
  /**
   * Most points one series may have per query (`(end − start) / step` at most this); `collect`
   * picks its automatic step under it and rejects explicit steps above it.
   */
  readonly maxPoints?: number;
  /**
   * Expands a query template, escaping each value for the place it lands in so that no value can
   * change the query's structure.
   *
   * @throws SourceError `INVALID_TEMPLATE`
   */
  renderQuery(template: string, variables: TemplateVariables): string;
  /**
   * Runs a range query.
   *
   * @throws SourceError (never anything else for failures of the source)
   */
  queryRange(query: string, range: RangeQuery, options?: QueryRangeOptions): Promise<RangeResult>;
  /**
   * Wraps a (rendered) selector of a classic histogram's bucket series into a query whose answer,
   * evaluated at the end of the window, is one series per `le` label holding the requests counted
   * over `windowMs` (Prometheus: `sum by (le) (increase(<selector>[<window>]))`). Sources without
   * histograms leave it out; `collect` then refuses `{ histogram }` queries.
   */
  histogramQuery?(selector: string, windowMs: number): string;
}
