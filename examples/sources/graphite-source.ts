/**
 * A third metric source, written only against the public `MetricSource` contract (docs/sources.md):
 * Graphite's render API (`GET /render?target=…&from=…&until=…&format=json`). It is an example to
 * copy for Datadog, New Relic or InfluxDB, kept honest by test/sources/graphite-example.test.ts,
 * which runs it against a loopback fake of the API.
 *
 * Choices a real source must make, and how this one makes them:
 * - Templates: a value lands in a Graphite path (`app.${scope}.latency`), where `.`, `*`, `{`, `,`
 *   and `(` change what is selected; rather than escape them, values outside `[A-Za-z0-9_-]` are
 *   refused with `INVALID_TEMPLATE`.
 * - Steps: the query is wrapped in `summarize(…, "<step>s", "avg", true)`, so the points fall on
 *   `from`, `from + step`, … as `collect` expects; a null datapoint is a gap (left out).
 * - Errors: every failure is a `SourceError` with a stable code; the URL in messages is the base
 *   URL only (no query string, so nothing a template expanded leaks into logs).
 * - Cancellation: the caller's signal is handed to `fetch`; an abort becomes `ABORTED`.
 */
import { SourceError, expandTemplate, type MetricSource, type QueryRangeOptions, type RangeQuery, type RangeResult, type TemplateVariables } from 'canary-judge';

/** Options of `createGraphiteSource`. */
export interface GraphiteSourceOptions {
  /** Base URL of graphite-web, e.g. `http://graphite:8080`. */
  readonly url: string;
  /** Milliseconds before a query is given up (`TIMEOUT`). @default 30000 */
  readonly timeoutMs?: number;
}

const SAFE_VALUE = /^[A-Za-z0-9_-]+$/;

/** Expands a Graphite target template, refusing values that could change which series are selected. */
export function renderGraphiteTarget(template: string, variables: TemplateVariables): string {
  return expandTemplate(template, variables, (value, name) => {
    if (!SAFE_VALUE.test(value)) {
      throw new SourceError('INVALID_TEMPLATE', `variable "${name}" may hold only letters, digits, "_" and "-" in a Graphite target, received ${JSON.stringify(value)}`);
    }
    return value;
  });
}

/** Reads a render API answer: `[{ target, tags?, datapoints: [[value | null, epochSeconds], …] }, …]`. */
function readRenderBody(body: unknown, query: string): RangeResult {
  if (!Array.isArray(body)) throw new SourceError('BAD_RESPONSE', 'Graphite answered with something other than a JSON array of series', { query });
  const series = body.map((entry: unknown) => {
    const record = entry as { target?: unknown; tags?: unknown; datapoints?: unknown };
    if (typeof entry !== 'object' || entry === null || !Array.isArray(record.datapoints)) {
      throw new SourceError('BAD_RESPONSE', 'a Graphite series has no datapoints array', { query });
    }
    const labels: Record<string, string> = {};
    if (typeof record.tags === 'object' && record.tags !== null) {
      for (const [key, value] of Object.entries(record.tags)) if (typeof value === 'string') labels[key] = value;
    }
    if (typeof record.target === 'string') labels['target'] = record.target;
    const timestampsMs: number[] = [];
    const values: number[] = [];
    for (const point of record.datapoints as unknown[]) {
      if (!Array.isArray(point) || typeof point[1] !== 'number' || !(typeof point[0] === 'number' || point[0] === null)) {
        throw new SourceError('BAD_RESPONSE', 'a Graphite datapoint is not [value or null, epoch seconds]', { query });
      }
      if (point[0] === null) continue; // a gap: the step is simply absent
      timestampsMs.push(point[1] * 1000);
      values.push(point[0]);
    }
    return { labels, timestampsMs, values };
  });
  return { series, warnings: [] };
}

/**
 * A `MetricSource` for Graphite's render API.
 *
 * @example
 * createGraphiteSource({ url: 'http://graphite:8080' }).description // => 'Graphite at http://graphite:8080'
 */
export function createGraphiteSource(options: GraphiteSourceOptions): MetricSource {
  const base = new URL(options.url);
  const where = `${base.origin}${base.pathname.replace(/\/$/, '')}`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    description: `Graphite at ${where}`,
    maxPoints: 10_000,
    renderQuery: renderGraphiteTarget,
    async queryRange(query: string, range: RangeQuery, callOptions: QueryRangeOptions = {}): Promise<RangeResult> {
      const request = `GET ${where}/render`;
      const stepSeconds = Math.round(range.stepMs / 1000);
      const url = new URL(`${where}/render`);
      url.searchParams.set('target', `summarize(${query}, "${stepSeconds}s", "avg", true)`);
      url.searchParams.set('from', String(Math.floor(range.startMs / 1000)));
      // `until` is exclusive in Graphite; one step more keeps the last instant.
      url.searchParams.set('until', String(Math.floor(range.endMs / 1000) + stepSeconds));
      url.searchParams.set('format', 'json');
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = callOptions.signal === undefined ? timeout : AbortSignal.any([callOptions.signal, timeout]);
      let response: Response;
      try {
        response = await fetch(url, { signal });
      } catch (error) {
        if (callOptions.signal?.aborted === true) throw new SourceError('ABORTED', `the query to ${where} was cancelled`, { query, request });
        if (timeout.aborted) throw new SourceError('TIMEOUT', `${where} did not answer within ${timeoutMs} ms`, { query, request, unavailable: true });
        throw new SourceError('NETWORK', `cannot reach ${where}: ${(error as Error).message}`, { query, request, unavailable: true });
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new SourceError('HTTP_STATUS', `${where} answered HTTP ${response.status}`, { query, request, status: response.status, unavailable: response.status >= 500 || response.status === 429 });
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new SourceError('BAD_RESPONSE', `${where} answered with something other than JSON`, { query, request, status: response.status });
      }
      return readRenderBody(body, query);
    },
  };
}
