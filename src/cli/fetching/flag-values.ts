/**
 * Small readers of parsed flag values shared by the fetch flags, the header flags and the
 * credentials: a usage error (exit 64), a string flag, a repeatable flag, a non-blank value.
 */
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { OptionValues } from '../parse.js';

/** A usage error (exit 64) with the command's help hint unless another hint is given. */
export function usage(message: string, commandName: string, hint?: string): CliError {
  return new CliError(message, EXIT.usage, { hint: hint ?? `run 'canary-judge ${commandName} --help' for usage` });
}

/** A flag's value when it was given as a string. */
export function stringFlag(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** The values of a repeatable string flag, in the order given (none when absent). */
export function repeatedValues(raw: OptionValues[string]): readonly string[] {
  return typeof raw === 'string' ? [raw] : Array.isArray(raw) ? (raw as readonly string[]) : [];
}

/** A value with its surrounding blanks removed, or undefined when nothing is left. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
