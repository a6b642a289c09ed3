/**
 * Every key a config or data object may hold, read from the schemas themselves, so the
 * did-you-mean of an unknown key knows every key the schemas accept and cannot drift from them.
 */
import type * as z from 'zod';
import { canaryConfigSchema } from './config-schema.js';
import { canaryDataSchema } from './data-schema.js';

/** The parts of a zod definition that may hold further schemas. */
const NESTED = ['innerType', 'in', 'out', 'element', 'valueType', 'left', 'right', 'schema'] as const;

let cached: readonly string[] | undefined;

function collectKeys(schema: z.ZodType, keys: Set<string>, seen: Set<unknown>): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const definition = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const shape = definition['shape'];
  if (typeof shape === 'object' && shape !== null) {
    for (const [key, value] of Object.entries(shape)) {
      keys.add(key);
      collectKeys(value as z.ZodType, keys, seen);
    }
  }
  for (const part of NESTED) {
    const inner = definition[part];
    if (typeof inner === 'object' && inner !== null && '_zod' in inner) collectKeys(inner as z.ZodType, keys, seen);
  }
  const options = definition['options'] ?? definition['items'];
  if (Array.isArray(options)) for (const option of options) collectKeys(option as z.ZodType, keys, seen);
  const getter = definition['getter'];
  if (typeof getter === 'function') collectKeys(getter() as z.ZodType, keys, seen);
}

/**
 * The keys of the config and data schemas (and of everything nested in them), sorted.
 *
 * @example
 * knownKeys().includes('confidenceLevel') // => true
 */
export function knownKeys(): readonly string[] {
  cached ??= (() => {
    const keys = new Set<string>();
    const seen = new Set<unknown>();
    collectKeys(canaryConfigSchema, keys, seen);
    collectKeys(canaryDataSchema, keys, seen);
    return Object.freeze([...keys].sort());
  })();
  return cached;
}


