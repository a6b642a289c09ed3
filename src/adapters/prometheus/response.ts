/**
 * Reading Prometheus's JSON answers: the `{ status, data, errorType, error, warnings }` envelope
 * and the matrix of a range query, with sample values parsed from their strings.
 */
import type { RangeResult, RangeSeries } from '../../sources/metric-source.js';

/** The error fields of a Prometheus envelope. */
export interface PrometheusErrorBody {
  readonly errorType: string | undefined;
  readonly error: string | undefined;
}

/** Why a body could not be read (becomes a `BAD_RESPONSE` error). */
export class UnreadableResponse extends Error {
  override name = 'UnreadableResponse';
}

/**
 * Parses one sample value as Prometheus writes it: a decimal string, `"NaN"`, `"+Inf"` or `"-Inf"`.
 *
 * @returns the number, or undefined when the string is none of those.
 * @example
 * parseSampleValue('+Inf') // => Infinity
 */
export function parseSampleValue(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  switch (text) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** Reads the error fields of a body, if it is a Prometheus envelope at all. */
export function readErrorBody(text: string): PrometheusErrorBody | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { errorType, error } = body as { errorType?: unknown; error?: unknown };
  if (typeof errorType !== 'string' && typeof error !== 'string') return undefined;
  return {
    errorType: typeof errorType === 'string' ? errorType : undefined,
    error: typeof error === 'string' ? error : undefined,
  };
}

/**
 * Reads a successful query_range answer. `clean` is applied to the whole body before a piece of it
 * is quoted in an error (so a secret is removed before it could be cut in half).
 *
 * @throws UnreadableResponse when the body is not the documented JSON.
 */
export function parseRangeBody(text: string, clean: (text: string) => string = (body) => body): RangeResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const start = clean(text).slice(0, 80);
    throw new UnreadableResponse(`the body is not JSON; it starts with ${JSON.stringify(start)}`);
  }
  if (typeof body !== 'object' || body === null) throw new UnreadableResponse('the body is not a JSON object');
  const envelope = body as { status?: unknown; data?: unknown; warnings?: unknown };
  if (envelope.status !== 'success') {
    throw new UnreadableResponse(`expected "status": "success", received ${JSON.stringify(envelope.status) ?? 'nothing'}`);
  }
  const data = envelope.data as { resultType?: unknown; result?: unknown } | null | undefined;
  if (typeof data !== 'object' || data === null) throw new UnreadableResponse('"data" is missing');
  if (data.resultType !== 'matrix') {
    throw new UnreadableResponse(`expected "resultType": "matrix" from a range query, received ${JSON.stringify(data.resultType) ?? 'nothing'}`);
  }
  if (!Array.isArray(data.result)) throw new UnreadableResponse('"data.result" is not an array');
  const series = data.result.map((entry: unknown, index: number) => parseSeries(entry, index));
  const warnings = Array.isArray(envelope.warnings) ? envelope.warnings.filter((warning): warning is string => typeof warning === 'string') : [];
  return { series, warnings };
}

function parseSeries(entry: unknown, index: number): RangeSeries {
  const where = `data.result[${index}]`;
  if (typeof entry !== 'object' || entry === null) throw new UnreadableResponse(`${where} is not an object`);
  const { metric, values, histograms } = entry as { metric?: unknown; values?: unknown; histograms?: unknown };
  if (typeof metric !== 'object' || metric === null || Array.isArray(metric)) throw new UnreadableResponse(`${where}.metric is not an object`);
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(metric)) {
    if (typeof value !== 'string') throw new UnreadableResponse(`${where}.metric.${name} is not a string`);
    Object.defineProperty(labels, name, { value, enumerable: true, writable: true, configurable: true });
  }
  if (values === undefined && histograms !== undefined) {
    throw new UnreadableResponse(`${where} holds native histogram samples; query a number from them, e.g. histogram_quantile(0.99, …)`);
  }
  if (!Array.isArray(values)) throw new UnreadableResponse(`${where}.values is not an array`);
  const timestampsMs: number[] = [];
  const numbers: number[] = [];
  values.forEach((pair: unknown, position: number) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number' || !Number.isFinite(pair[0])) {
      throw new UnreadableResponse(`${where}.values[${position}] is not a [timestamp, "value"] pair`);
    }
    const value = parseSampleValue(pair[1]);
    if (value === undefined) throw new UnreadableResponse(`${where}.values[${position}] has the value ${JSON.stringify(pair[1])}, not a number string`);
    timestampsMs.push(Math.round(pair[0] * 1000));
    numbers.push(value);
  });
  return { labels, timestampsMs, values: numbers };
}
