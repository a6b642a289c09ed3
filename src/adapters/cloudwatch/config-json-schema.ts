/**
 * The JSON Schema of the `cloudwatch` key. The core's configuration JSON Schema
 * (`configJsonSchema()` of `canary-judge`) leaves the key an open object, since the core carries
 * no adapter's schema; `canary-judge schema` prints it with this shape filled in.
 */
import * as z from 'zod';
import { cloudWatchMetricQuerySchema } from './query-schema.js';

/**
 * The JSON Schema (draft 2020-12, without its `$schema`) of a metric's `cloudwatch` key: one query
 * or `{ events, total }`.
 *
 * @example
 * cloudWatchQueryJsonSchema().anyOf.length // => 2
 */
export function cloudWatchQueryJsonSchema(): Record<string, unknown> & { anyOf: unknown[] } {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(cloudWatchMetricQuerySchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return schema as Record<string, unknown> & { anyOf: unknown[] };
}

/**
 * A configuration's JSON Schema (as `configJsonSchema()` returns it) with the shape of each
 * metric's `cloudwatch` key filled in: what `canary-judge schema config` prints, for editors.
 * Returns a new object; the one given is left as it is.
 *
 * @example
 * withCloudWatchJsonSchema(configJsonSchema()).properties.metrics.items.properties.cloudwatch.anyOf.length // => 2
 */
export function withCloudWatchJsonSchema<T extends Record<string, unknown>>(configSchema: T): T {
  const copy = structuredClone(configSchema);
  const metric = (copy as { properties?: { metrics?: { items?: { properties?: Record<string, unknown> } } } }).properties?.metrics?.items?.properties;
  if (metric !== undefined && metric['cloudwatch'] !== undefined) metric['cloudwatch'] = cloudWatchQueryJsonSchema();
  return copy;
}
