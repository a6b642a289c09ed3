/**
 * The one error type commands throw on purpose: a message for stderr and the exit code that goes
 * with it. `runCli` prints it; anything else that escapes a command is an internal error (70).
 */
import { limitIssues, type ValidationIssue } from '../config/validation-error.js';

export class CliError extends Error {
  override name = 'CliError';
  readonly exitCode: number;
  /** Problems to list under the message, each with its JSON path: the first 100 at most. */
  readonly issues: readonly ValidationIssue[];
  /** How many problems there are in all (more than `issues.length` when the list was cut). */
  readonly problemCount: number;
  /** A line telling the user what to do next (e.g. "run 'canary-judge judge --help'"). */
  readonly hint: string | undefined;

  constructor(message: string, exitCode: number, options: { issues?: readonly ValidationIssue[]; problemCount?: number; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = exitCode;
    const limited = limitIssues(options.issues ?? [], options.problemCount);
    this.issues = limited.issues;
    this.problemCount = limited.problemCount;
    this.hint = options.hint;
  }
}

/** Guard that works across module copies (matches on the name, as ky's guards do). */
export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError || (error instanceof Error && error.name === 'CliError' && 'exitCode' in error);
}
