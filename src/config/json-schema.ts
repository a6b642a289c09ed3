/**
 * JSON Schemas of the configuration and of the data, generated from the zod schemas, so editors
 * can complete and check config files (point `$schema` at a saved copy).
 */
import * as z from 'zod';
import { canaryConfigSchema } from './config-schema.js';
import { canaryDataSchema } from './data-schema.js';

/**
 * The JSON Schema (draft 2020-12) of a configuration as users write it (defaults optional).
 *
 * @example
 * configJsonSchema().properties.metrics.type // => 'array'
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(canaryConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/**
 * The JSON Schema (draft 2020-12) of a data document.
 *
 * @example
 * dataJsonSchema().required // => ['metrics']
 */
export function dataJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(canaryDataSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
