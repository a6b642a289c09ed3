/**
 * `runCli(argv, io)`: the whole CLI as a function. It finds the command, parses its arguments,
 * runs it and turns every failure into a message on stderr and an exit code. It never touches
 * `process`; `bin.ts` hands it the streams and sets the exit code it returns.
 */
import { version } from '../../package.json';
import { COMMANDS, type CommandEntry } from './commands/index.js';
import { isCliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { wantsColour, type CliIo } from './io.js';
import { suggest } from '../shared/suggest.js';
import { guardIo } from './redacted-io.js';
import { COMMON_OPTIONS, checkPositionals, parseCommandArgs, renderCommandHelp, type Command, type CommandContext } from './parse.js';

export type { CliIo, CliInput, CliOutput } from './io.js';
export { EXIT } from './exit-codes.js';

/** The version printed by `--version`. */
export const VERSION: string = version;

const GLOBAL_FLAGS: Readonly<Record<string, keyof typeof COMMON_OPTIONS>> = {
  '--help': 'help',
  '-h': 'help',
  '--version': 'version',
  '-V': 'version',
  '--quiet': 'quiet',
  '-q': 'quiet',
  '--debug': 'debug',
};

/** The top-level help page. */
export function renderMainHelp(commands: readonly CommandEntry[] = COMMANDS): string {
  const width = Math.max(...commands.map((entry) => entry.name.length));
  return [
    `canary-judge ${VERSION}: decide whether a canary deployment is safe to promote`,
    '',
    'Usage:',
    '  canary-judge <command> [arguments] [options]',
    '',
    'Commands:',
    ...commands.map((entry) => `  ${entry.name.padEnd(width)}  ${entry.summary}`),
    '',
    'Common options:',
    '  -h, --help     Show help (after a command: that command\'s help, with examples).',
    '  -V, --version  Print the version.',
    '  -q, --quiet    Print nothing but errors; the exit code carries the result.',
    '      --debug    Print stack traces of internal errors and extra notes on stderr.',
    '',
    'Exit codes:',
    '  0 pass   1 fail   2 marginal',
    '  64 bad usage   65 invalid config or data (each problem with its JSON path)   66 input cannot be read',
    '  69 metric source unreachable (or the AWS SDK missing)   70 internal error   73 output cannot be written',
    '  130 interrupted while fetching',
    '',
    'Examples:',
    '  canary-judge judge data.json --config canary.json',
    '  canary-judge judge data.json -c canary.json --output report.html',
    '  canary-judge validate -c canary.json data.json',
    '  canary-judge run -c canary.json --prometheus-url http://prometheus:9090 --start now-1h --end now \\',
    '    --baseline-scope v41 --canary-scope v42',
    '',
    "Run 'canary-judge <command> --help' for a command's options and examples. Every command, flag and",
    'exit code is described in docs/cli.md.',
    '',
  ].join('\n');
}

interface Printer {
  readonly error: (message: string) => void;
  readonly line: (text: string) => void;
  readonly warningPrefix: string;
}

function printerFor(io: CliIo): Printer {
  // Decided at the first message, so a run that prints none never opens stderr.
  let colour: boolean | undefined;
  const coloured = () => (colour ??= wantsColour(io.stderr, io.env));
  const red = (text: string) => (coloured() ? `\u001b[31m${text}\u001b[39m` : text);
  const yellow = (text: string) => (coloured() ? `\u001b[33m${text}\u001b[39m` : text);
  return {
    error: (message) => io.stderr.write(`canary-judge: ${red('error:')} ${message}\n`),
    line: (text) => io.stderr.write(`${text}\n`),
    get warningPrefix() {
      return `canary-judge: ${yellow('warning:')} `;
    },
  };
}

/** Splits leading global flags from the command name and its arguments. */
function splitArgv(argv: readonly string[]): { flags: Set<string>; name: string | undefined; rest: string[]; unknownFlag: string | undefined } {
  const flags = new Set<string>();
  let index = 0;
  for (; index < argv.length; index++) {
    const argument = argv[index] as string;
    if (!argument.startsWith('-') || argument === '-') break;
    const flag = GLOBAL_FLAGS[argument];
    if (flag === undefined) return { flags, name: undefined, rest: [], unknownFlag: argument };
    flags.add(flag);
  }
  return { flags, name: argv[index], rest: argv.slice(index + 1), unknownFlag: undefined };
}

/**
 * Runs the CLI with `argv` (the arguments after the program name) and returns the exit code.
 *
 * @example
 * const code = await runCli(['judge', 'data.json', '--config', 'canary.json'], {
 *   stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env,
 * });
 */
export async function runCli(argv: readonly string[], given: CliIo): Promise<number> {
  // The redaction choke point: from here on every write to stdout, stderr or an output file is redacted.
  const io = guardIo(given);
  const printer = printerFor(io);
  let debug = argv.includes('--debug');
  try {
    const { flags, name, rest, unknownFlag } = splitArgv(argv);
    if (unknownFlag !== undefined) {
      printer.error(`unknown option ${unknownFlag} before the command`);
      printer.line("run 'canary-judge --help' for usage");
      return EXIT.usage;
    }
    if (flags.has('version')) {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.pass;
    }
    if (name === undefined) {
      if (flags.has('help')) {
        io.stdout.write(renderMainHelp());
        return EXIT.pass;
      }
      io.stderr.write(renderMainHelp());
      return EXIT.usage;
    }
    if (name === 'help') {
      const topic = rest[0];
      if (topic === undefined || topic === 'help') {
        io.stdout.write(renderMainHelp());
        return EXIT.pass;
      }
      const entry = COMMANDS.find((candidate) => candidate.name === topic);
      if (entry === undefined) {
        // `help nope` is a typo like `nope`: say so (exit 64) rather than print the general help as if asked.
        const guess = suggest(topic, COMMANDS.map((candidate) => candidate.name));
        printer.error(`no help for "${topic}": no such command${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`);
        printer.line(`commands: ${COMMANDS.map((candidate) => candidate.name).join(', ')}; run 'canary-judge --help' for usage`);
        return EXIT.usage;
      }
      io.stdout.write(renderCommandHelp((await entry.load()).command));
      return EXIT.pass;
    }
    const entry = COMMANDS.find((candidate) => candidate.name === name);
    if (entry === undefined) {
      const guess = suggest(name, COMMANDS.map((candidate) => candidate.name));
      printer.error(`unknown command "${name}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`);
      printer.line(`commands: ${COMMANDS.map((candidate) => candidate.name).join(', ')}; run 'canary-judge --help' for usage`);
      return EXIT.usage;
    }
    const command: Command = (await entry.load()).command;
    if (flags.has('help')) {
      io.stdout.write(renderCommandHelp(command));
      return EXIT.pass;
    }
    const { values, positionals } = parseCommandArgs(command, rest);
    debug ||= flags.has('debug') || values['debug'] === true;
    if (values['help'] === true) {
      io.stdout.write(renderCommandHelp(command));
      return EXIT.pass;
    }
    if (values['version'] === true) {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.pass;
    }
    checkPositionals(command, positionals);
    const quiet = flags.has('quiet') || values['quiet'] === true;
    const context: CommandContext = {
      io,
      values,
      positionals,
      quiet,
      debug,
      note: (line) => {
        if (!quiet) io.stderr.write(`canary-judge: ${line}\n`);
      },
      warn: (line) => {
        if (!quiet) io.stderr.write(`${printer.warningPrefix}${line}\n`);
      },
    };
    return await command.run(context);
  } catch (error) {
    if (isCliError(error)) {
      printer.error(error.message);
      for (const issue of error.issues) printer.line(`  - ${issue.path}: ${issue.message}`);
      if (error.problemCount > error.issues.length) printer.line(`  … and ${error.problemCount - error.issues.length} more (only the first ${error.issues.length} are listed)`);
      if (error.hint !== undefined) printer.line(error.hint);
      // An expected failure (bad usage, invalid input, an unreachable source) is fully told by its
      // message: no stack trace, even with --debug, which shows the stacks of internal errors (70).
      return error.exitCode;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0] ?? ''}` : String(error);
    printer.error(`internal error: ${message}`);
    if (debug) {
      printer.line(error instanceof Error && error.stack !== undefined ? error.stack : String(error));
    } else {
      printer.line('this is a bug in canary-judge; run again with --debug for the stack trace, and please report it');
    }
    return EXIT.internal;
  }
}
