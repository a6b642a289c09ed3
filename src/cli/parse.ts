/**
 * Argument parsing on top of node's `util.parseArgs`, with the CLI's own messages: every option
 * is declared once in a command's table (with its help text), unknown options get a suggested
 * spelling, a single-valued option given twice is refused, and help is rendered from the same
 * table. Pure: nothing here prints.
 */
import { parseArgs } from 'node:util';
import { suggest } from '../shared/suggest.js';
import type { CliIo } from './io.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

/** One option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Placeholder in help, e.g. `FILE`. */
  readonly valueName?: string;
  readonly description: string;
  /** The default, as help shows it. */
  readonly defaultText?: string;
  /** Accepted values of a string option; anything else is bad usage. */
  readonly choices?: readonly string[];
  /** A string option that may be given several times (`--var a=1 --var b=2`); its value is an array. */
  readonly multiple?: boolean;
}

/**
 * Parsed values: strings for string options, arrays of strings for `multiple` ones, true for
 * flags; absent when not given.
 */
export type OptionValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** What a command's `run` receives. */
export interface CommandContext {
  readonly io: CliIo;
  readonly values: OptionValues;
  readonly positionals: readonly string[];
  /** `--quiet`: print nothing but errors. */
  readonly quiet: boolean;
  /** `--debug`: stack traces and extra notes on stderr. */
  readonly debug: boolean;
  /** Writes a note (not a result) on stderr unless quiet. */
  readonly note: (line: string) => void;
  /** Writes a warning on stderr unless quiet. */
  readonly warn: (line: string) => void;
}

/** A command: its help, its options, and what it does. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage lines after `canary-judge `, e.g. `judge DATA.json --config CONFIG.json [options]`. */
  readonly usage: readonly string[];
  /** Paragraphs of help text. */
  readonly description: readonly string[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Positional arguments: fewest and most accepted. */
  readonly positionals: { readonly min: number; readonly max: number; readonly names: string };
  readonly examples: readonly { readonly command: string; readonly note: string }[];
  /**
   * Options recognised only to be refused, with the reason (e.g. `--bearer-token`, whose value
   * would show in `ps`). Not shown in help; refused in every form (`--x`, `--x v`, `--x=v`) without
   * echoing the value.
   */
  readonly refusedOptions?: Readonly<Record<string, string>>;
  /** Runs the command and returns the exit code. Throws CliError for expected failures. */
  readonly run: (context: CommandContext) => Promise<number>;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', description: 'Show this help and exit.' },
  quiet: { type: 'boolean', short: 'q', description: 'Print nothing but errors; the exit code carries the result.' },
  debug: { type: 'boolean', description: 'Print stack traces of internal errors and extra notes on stderr.' },
  version: { type: 'boolean', short: 'V', description: 'Print the version and exit.' },
};

/** Parses a command's arguments; every mistake becomes a CliError with exit 64. */
export function parseCommandArgs(command: Command, argv: readonly string[]): { values: OptionValues; positionals: string[] } {
  const specs = { ...COMMON_OPTIONS, ...command.options };
  const helpHint = `run 'canary-judge ${command.name} --help' for usage`;
  for (const argument of argv) {
    if (argument === '--') break;
    for (const [name, reason] of Object.entries(command.refusedOptions ?? {})) {
      if (argument === `--${name}` || argument.startsWith(`--${name}=`)) throw new CliError(`--${name} is not accepted: ${reason}`, EXIT.usage, { hint: helpHint });
    }
  }
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    config[name] = { type: spec.type, ...(spec.short === undefined ? {} : { short: spec.short }), ...(spec.multiple === true ? { multiple: true } : {}) };
  }

  let parsed: ReturnType<typeof parseArgs<{ options: typeof config; allowPositionals: true; strict: true; tokens: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: config, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw usageErrorFromParseArgs(error, command, Object.keys(specs), helpHint);
  }

  const seen = new Map<string, number>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const spec = specs[token.name];
    const count = (seen.get(token.name) ?? 0) + 1;
    seen.set(token.name, count);
    if (spec?.type === 'string' && spec.multiple !== true && count > 1) {
      throw new CliError(`--${token.name} was given twice; it takes a single value`, EXIT.usage, { hint: helpHint });
    }
    if (spec?.type === 'boolean' && token.inlineValue !== undefined && token.inlineValue) {
      throw new CliError(`--${token.name} is a flag and takes no value, received "${token.value ?? ''}"`, EXIT.usage, { hint: helpHint });
    }
  }

  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  for (const [name, spec] of Object.entries(specs)) {
    const given = values[name];
    for (const value of typeof given === 'string' ? [given] : Array.isArray(given) ? given : []) {
      if (spec.choices === undefined || spec.choices.includes(value)) continue;
      const guess = suggest(value, spec.choices);
      throw new CliError(
        `--${name} must be one of ${spec.choices.join(', ')}; received "${value}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`,
        EXIT.usage,
        { hint: helpHint },
      );
    }
  }
  return { values, positionals: parsed.positionals };
}

function usageErrorFromParseArgs(error: unknown, command: Command, names: readonly string[], hint: string): CliError {
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message ?? String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const bare = quoted.replace(/^-+/, '').split('=')[0] ?? '';
    const guess = suggest(bare, names);
    return new CliError(
      `unknown option ${quoted} for '${command.name}'${guess === undefined ? '' : ` (did you mean --${guess}?)`}`,
      EXIT.usage,
      { hint },
    );
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = /--([a-z-]+)/.exec(message)?.[1];
    if (long !== undefined && message.includes('argument missing')) {
      return new CliError(`--${long} needs a value`, EXIT.usage, { hint });
    }
    if (long !== undefined && message.includes('ambiguous')) {
      return new CliError(`--${long} needs a value (to pass one that starts with a dash, write --${long}=VALUE)`, EXIT.usage, { hint });
    }
    return new CliError(message.replace(/^Option /, 'option '), EXIT.usage, { hint });
  }
  return new CliError(message, EXIT.usage, { hint });
}

/** Checks the number of positional arguments. */
export function checkPositionals(command: Command, positionals: readonly string[]): void {
  const { min, max, names } = command.positionals;
  const hint = `run 'canary-judge ${command.name} --help' for usage`;
  if (positionals.length < min) {
    throw new CliError(`'${command.name}' needs ${names}`, EXIT.usage, { hint });
  }
  if (positionals.length > max) {
    const extra = positionals.slice(max).map((value) => `"${value}"`).join(', ');
    const expected = max === 0 ? 'no arguments' : `at most ${names}`;
    throw new CliError(`'${command.name}' takes ${expected}; unexpected ${extra}`, EXIT.usage, { hint });
  }
}

function optionLabel(name: string, spec: OptionSpec): string {
  const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
  const value = spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : '';
  return `${short}--${name}${value}`;
}

function optionLines(specs: Readonly<Record<string, OptionSpec>>): string[] {
  const entries = Object.entries(specs);
  const labels = entries.map(([name, spec]) => optionLabel(name, spec));
  const width = Math.max(...labels.map((label) => label.length));
  return entries.map(([, spec], index) => {
    const extras: string[] = [];
    if (spec.choices !== undefined) extras.push(`one of: ${spec.choices.join(', ')}`);
    if (spec.multiple === true) extras.push('repeatable');
    if (spec.defaultText !== undefined) extras.push(`default: ${spec.defaultText}`);
    const suffix = extras.length === 0 ? '' : ` (${extras.join('; ')})`;
    return `  ${(labels[index] as string).padEnd(width)}  ${spec.description}${suffix}`;
  });
}

/** The help page of a command. */
export function renderCommandHelp(command: Command): string {
  const lines: string[] = [];
  lines.push(`canary-judge ${command.name}: ${command.summary}`, '');
  lines.push('Usage:');
  for (const usage of command.usage) lines.push(`  canary-judge ${usage}`);
  lines.push('');
  for (const paragraph of command.description) lines.push(paragraph, '');
  if (Object.keys(command.options).length > 0) lines.push('Options:', ...optionLines(command.options), '');
  lines.push('Common options:', ...optionLines(COMMON_OPTIONS), '');
  if (command.examples.length > 0) {
    lines.push('Examples:');
    for (const example of command.examples) lines.push(`  # ${example.note}`, `  ${example.command}`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
