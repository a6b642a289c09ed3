/**
 * Argument checks shared by the statistical functions. Internal: not exported from the package.
 */
import { InvalidOptionError, InvalidSampleError } from './errors.js';

/**
 * Throws unless `values` is a non-empty array (or Float64Array) of finite numbers.
 * `side` names the argument in the error (`baseline`, `canary`, `values`).
 */
export function assertSample(values: readonly number[] | Float64Array, side: string): void {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) {
    throw new InvalidSampleError(side, `${side} must be an array of finite numbers, received ${typeof values}`);
  }
  if (values.length === 0) {
    throw new InvalidSampleError(side, `${side} requires at least one value, received an empty array`);
  }
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidSampleError(
        side,
        `${side}[${index}] must be a finite number, received ${String(value)}`,
        index,
        value,
      );
    }
  }
}

/** Throws unless `level` is a number strictly between 0 and 1. */
export function assertProbabilityOpen(value: unknown, option: string): asserts value is number {
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new InvalidOptionError(option, 'a number strictly between 0 and 1', value);
  }
}

/** Throws unless `value` is one of `allowed`. */
export function assertOneOf<T extends string | number | boolean>(
  value: unknown,
  allowed: readonly T[],
  option: string,
): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new InvalidOptionError(option, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
  }
}

/** Throws unless `value` is an integer within [min, max]. */
export function assertInteger(value: unknown, min: number, max: number, option: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `an integer from ${min} to ${max}`, value);
  }
}
