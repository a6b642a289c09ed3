/**
 * Errors thrown when the library is misused. Trouble in the data (a metric with no points, a
 * constant series) is never thrown: the judge turns it into a result with a reason. These classes
 * are for calls that cannot mean anything: an empty sample handed to a test, a NaN inside a sample,
 * an option outside its range.
 */
import { describeValue } from './message-text.js';

/** Stable, machine-readable error codes. */
export type CanaryJudgeErrorCode = 'INVALID_SAMPLE' | 'INVALID_OPTION' | 'INVALID_CONFIG' | 'INVALID_DATA';

/** Base class of every error this package throws on purpose. */
export class CanaryJudgeError extends Error {
  override name = 'CanaryJudgeError';
  readonly code: CanaryJudgeErrorCode;

  constructor(code: CanaryJudgeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A sample handed to a statistical function is unusable: empty, or holding a value that is not a
 * finite number. `side` names the argument (`baseline`, `canary`, `values`), `index` the position
 * of the first bad value (absent when the sample is empty).
 *
 * @example
 * try { mannWhitney([], [1]) } catch (e) { (e as InvalidSampleError).side } // => 'baseline'
 */
export class InvalidSampleError extends CanaryJudgeError {
  override name = 'InvalidSampleError';
  readonly side: string;
  readonly index: number | undefined;
  readonly value: unknown;

  constructor(side: string, message: string, index?: number, value?: unknown) {
    super('INVALID_SAMPLE', message);
    this.side = side;
    this.index = index;
    this.value = value;
  }
}

/**
 * An option is of the wrong type or outside its range. `option` names it, `expected` says what
 * would have been accepted.
 *
 * @example
 * try { quantile([1], 2) } catch (e) { (e as InvalidOptionError).option } // => 'p'
 */
export class InvalidOptionError extends CanaryJudgeError {
  override name = 'InvalidOptionError';
  readonly option: string;
  readonly expected: string;
  readonly received: unknown;

  constructor(option: string, expected: string, received: unknown) {
    super('INVALID_OPTION', `Invalid option \`${option}\`: expected ${expected}, received ${describeValue(received)}`);
    this.option = option;
    this.expected = expected;
    this.received = received;
  }
}

/** True for errors thrown by this package, also across realms (matched on `name` and `code`). */
export function isCanaryJudgeError(error: unknown): error is CanaryJudgeError {
  if (error instanceof CanaryJudgeError) return true;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    ['CanaryJudgeError', 'InvalidSampleError', 'InvalidOptionError', 'ConfigValidationError', 'DataValidationError'].includes((error as { name?: unknown }).name as string)
  );
}
