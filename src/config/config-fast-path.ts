/** Placeholder: the zod-free fast path for valid configurations lands from branch `configfast`. */
import type { CanaryConfig } from './config-schema.js';

export function parseValidConfigFast(_input: unknown): CanaryConfig | undefined {
  return undefined;
}
