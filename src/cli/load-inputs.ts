/**
 * Pieces several commands share: the input-size option, reading and validating a config or data
 * file into a CliError with every problem and its JSON path. A valid input takes a fast path that
 * loads no schema library; zod is loaded only when an input may be invalid, to word its problems.
 */
import type { CanaryConfig } from '../config/config-schema.js';
import { parseValidDataFast } from '../config/data-fast-path.js';
import type { CanaryData } from '../config/data-schema.js';
import { parseValidConfigFast } from '../config/config-fast-path.js';
import { hasCloudWatchQuery } from './cloudwatch-keys.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { DEFAULT_MAX_INPUT_MB, readJsonInput, type CliIo } from './io.js';
import type { OptionSpec, OptionValues } from './parse.js';

export const MAX_INPUT_OPTION: OptionSpec = {
  type: 'string',
  valueName: 'MB',
  description: 'Refuse inputs larger than this many MiB (each file, or stdin).',
  defaultText: String(DEFAULT_MAX_INPUT_MB),
};

/** The `--max-input-mb` value in bytes. */
export function maxInputBytes(values: OptionValues, commandName: string): number {
  const raw = values['max-input-mb'];
  if (typeof raw !== 'string') return DEFAULT_MAX_INPUT_MB * 1024 * 1024;
  const megabytes = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(megabytes) || megabytes <= 0) {
    throw new CliError(`--max-input-mb must be a positive number of MiB; received "${raw}"`, EXIT.usage, {
      hint: `run 'canary-judge ${commandName} --help' for usage`,
    });
  }
  return Math.floor(megabytes * 1024 * 1024);
}

/** How an input is named in messages. */
export function inputLabel(kind: 'config' | 'data' | 'request', source: string): string {
  return source === '-' ? `${kind} from standard input` : `${kind} file "${source}"`;
}

function problems(count: number): string {
  return count === 1 ? '1 problem' : `${count} problems`;
}

/** The CLI's form of a swap hint: the library's, plus where each file goes on the command line. */
export function cliSwapHint(hint: string | undefined): string | undefined {
  return hint === undefined ? undefined : `${hint} The configuration goes after --config; the data is the positional argument (DATA.json).`;
}

/** Reads and validates a configuration; invalid → exit 65 listing every problem. */
export async function loadConfig(source: string, io: CliIo, maxBytes: number): Promise<{ raw: unknown; config: CanaryConfig }> {
  const label = inputLabel('config', source);
  const raw = await readJsonInput(source, io, { label, maxBytes });
  // A `cloudwatch` query's shape is the adapter's to check, which the full check does.
  const fast = hasCloudWatchQuery(raw) ? undefined : parseValidConfigFast(raw);
  if (fast !== undefined) return { raw, config: fast };
  const { checkConfig } = await import('./check-config.js');
  const parsed = await checkConfig(raw);
  if (!parsed.ok) {
    throw new CliError(`${label} is not a valid canary-judge configuration (${problems(parsed.problemCount)})`, EXIT.invalidInput, {
      issues: parsed.issues,
      problemCount: parsed.problemCount,
      hint: cliSwapHint(parsed.hint) ?? "see docs/config.md, or 'canary-judge schema config' for the JSON Schema",
    });
  }
  return { raw, config: parsed.value };
}

/** Reads and validates a data document; invalid → exit 65 listing every problem. */
export async function loadData(source: string, io: CliIo, maxBytes: number): Promise<{ raw: unknown; data: CanaryData }> {
  const label = inputLabel('data', source);
  const raw = await readJsonInput(source, io, { label, maxBytes });
  const fast = parseValidDataFast(raw);
  if (fast !== undefined) return { raw, data: fast };
  const { safeParseData } = await import('../config/parse.js');
  const parsed = safeParseData(raw);
  if (!parsed.ok) {
    throw new CliError(`${label} is not valid canary-judge data (${problems(parsed.problemCount)})`, EXIT.invalidInput, {
      issues: parsed.issues,
      problemCount: parsed.problemCount,
      hint: cliSwapHint(parsed.hint) ?? "'canary-judge schema data' prints the JSON Schema of the data",
    });
  }
  return { raw, data: parsed.value };
}

/** Refuses two inputs both read from standard input. */
export function checkOneStdin(sources: readonly (string | undefined)[], commandName: string): void {
  if (sources.filter((source) => source === '-').length > 1) {
    throw new CliError('only one input can be read from standard input ("-")', EXIT.usage, {
      hint: `run 'canary-judge ${commandName} --help' for usage`,
    });
  }
}

/** Reads two inputs concurrently but reports failures in argument order. */
export async function inOrder<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}
