/**
 * The CLI's contact with the outside world, passed in by `bin.ts` (or by a test): streams,
 * environment, working directory and signals. Helpers here read inputs (a path or `-` for stdin)
 * with a size limit and parse JSON with a located error message.
 */
// node:fs's callback functions, not node:fs/promises or streams: those load a dozen more of node's
// own modules (readline, stream) at every start, for nothing a one-shot read of a file needs.
import { close, fstat, open, read, writeFile } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { findJsonError } from './json-position.js';
import type { Redactor } from '../shared/redaction.js';

/** Somewhere to write text: process.stdout, process.stderr, or a test's collector. */
export interface CliOutput {
  write(chunk: string): unknown;
  readonly isTTY?: boolean | undefined;
}

/** Where `-` reads from: process.stdin, or any async iterable of chunks in a test. */
export interface CliInput extends AsyncIterable<Uint8Array | string> {
  readonly isTTY?: boolean | undefined;
}

/** Everything the CLI may touch. Only `bin.ts` builds one from `process`. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly stdin?: CliInput | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. @default the process's working directory */
  readonly cwd?: string | undefined;
  /**
   * Subscribes to the shutdown signals (SIGINT, SIGTERM); returns the unsubscribe function. Long-running
   * commands (`serve`) stop gracefully when a signal arrives. Absent: they run until closed otherwise.
   */
  readonly onShutdownSignal?: ((listener: (signal: string) => void) => () => void) | undefined;
  /**
   * The redactor every output passes through (see redacted-io.ts). `runCli` sets it; a caller
   * need not.
   */
  readonly redactor?: Redactor | undefined;
}

/** Default size limit of one input, in MiB. */
export const DEFAULT_MAX_INPUT_MB = 100;

const MIB = 1024 * 1024;

function describeSize(bytes: number): string {
  if (bytes >= MIB) return `${Number((bytes / MIB).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} bytes`;
}

function tooLarge(label: string, size: string, maxBytes: number): CliError {
  return new CliError(`${label} is ${size}, over the input limit of ${describeSize(maxBytes)}`, EXIT.invalidInput, {
    hint: `raise the limit with --max-input-mb ${Math.ceil((maxBytes * 2) / MIB)} if the machine has the memory (JSON takes several times its size once parsed), or judge a shorter window`,
  });
}

function readError(label: string, error: unknown): CliError {
  const code = (error as { code?: unknown } | null)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'the path is too long',
  };
  const reason = typeof code === 'string' && code in reasons ? reasons[code] : (error as Error).message;
  return new CliError(`cannot read ${label}: ${reason}`, EXIT.noInput);
}

/** Options of `readInput`. */
export interface ReadInputOptions {
  /** What the input is called in messages, e.g. `config file "c.json"`. */
  readonly label: string;
  /** Largest accepted size in bytes. */
  readonly maxBytes: number;
}

const READ_CHUNK = 1024 * 1024;
const openFile = promisify(open);
const statOpenFile = promisify(fstat);
const readOpenFile = promisify(read);
const writeWholeFile = promisify(writeFile);

/**
 * A file's bytes, refused as soon as they pass `maxBytes`: its size is checked on the open file
 * first (no race with a rename), and the reading stops at the limit if it grows meanwhile.
 */
async function readFileWithin(path: string, label: string, maxBytes: number): Promise<Buffer> {
  let descriptor: number;
  try {
    descriptor = await openFile(path, 'r');
  } catch (error) {
    throw readError(label, error);
  }
  try {
    let size: number;
    try {
      const info = await statOpenFile(descriptor);
      if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      size = info.size;
    } catch (error) {
      throw readError(label, error);
    }
    if (size > maxBytes) throw tooLarge(label, describeSize(size), maxBytes);
    // One read for the size seen, one more byte to see whether it grew; more only if it did.
    let buffer = Buffer.allocUnsafe(Math.min(size + 1, maxBytes + 1));
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > maxBytes) throw tooLarge(label, `more than ${describeSize(maxBytes)}`, maxBytes);
        const grown = Buffer.allocUnsafe(Math.min(buffer.length + READ_CHUNK, maxBytes + 1));
        buffer.copy(grown, 0, 0, total);
        buffer = grown;
      }
      let count: number;
      try {
        count = (await readOpenFile(descriptor, buffer, total, buffer.length - total, null)).bytesRead;
      } catch (error) {
        throw readError(label, error);
      }
      if (count === 0) break;
      total += count;
    }
    if (total > maxBytes) throw tooLarge(label, `more than ${describeSize(maxBytes)}`, maxBytes);
    return buffer.subarray(0, total);
  } finally {
    close(descriptor, () => undefined);
  }
}

/**
 * Reads a whole input as UTF-8 text: a path (relative to `io.cwd`) or `-` for standard input.
 * Stops reading as soon as the limit is passed, so an oversized input fails fast instead of
 * filling memory; refuses to wait on a terminal for `-`.
 */
export async function readInput(source: string, io: CliIo, options: ReadInputOptions): Promise<string> {
  const { label, maxBytes } = options;
  if (source !== '-') return utf8Text(await readFileWithin(resolve(io.cwd ?? '.', source), label, maxBytes));
  if (io.stdin === undefined) throw new CliError(`cannot read ${label}: no standard input`, EXIT.noInput);
  if (io.stdin.isTTY === true) {
    throw new CliError(`${label} is "-" (standard input), but standard input is a terminal`, EXIT.usage, {
      hint: 'pipe the JSON in (e.g. `cat data.json | canary-judge judge - --config c.json`) or pass a file path',
    });
  }
  const chunks: AsyncIterable<Uint8Array | string> = io.stdin;
  const buffers: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of chunks) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      total += buffer.byteLength;
      if (total > maxBytes) throw tooLarge(label, `more than ${describeSize(maxBytes)}`, maxBytes);
      buffers.push(buffer);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw readError(label, error);
  }
  return utf8Text(Buffer.concat(buffers, total));
}

/** Bytes as UTF-8 text, without a leading byte-order mark. */
function utf8Text(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Line and column (1-based) of a character offset. */
function locate(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let index = text.indexOf('\n'); index !== -1 && index < end; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/** Parses JSON text; a syntax error becomes exit 65 with its line and column. */
export function parseJsonText(text: string, label: string): unknown {
  if (text.trim() === '') throw new CliError(`${label} is empty: expected a JSON document`, EXIT.invalidInput);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const found = findJsonError(text);
    if (found === null) throw new CliError(`${label} is not valid JSON`, EXIT.invalidInput);
    const { line, column } = locate(text, found.offset);
    const character = text[found.offset];
    const received = character === undefined ? 'the end of the file' : JSON.stringify(character);
    throw new CliError(`${label} is not valid JSON at line ${line}, column ${column}: expected ${found.expected}, received ${received}`, EXIT.invalidInput);
  }
}

/** Reads and parses a JSON input. */
export async function readJsonInput(source: string, io: CliIo, options: ReadInputOptions): Promise<unknown> {
  return parseJsonText(await readInput(source, io, options), options.label);
}

/** Writes a result to a file (relative to `io.cwd`); failures become exit 73. */
export async function writeOutputFile(target: string, text: string, io: CliIo): Promise<void> {
  try {
    await writeWholeFile(resolve(io.cwd ?? '.', target), io.redactor === undefined ? text : io.redactor.text(text), 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === 'ENOENT' ? 'its directory does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new CliError(`cannot write ${target}: ${reason}`, EXIT.cannotCreate);
  }
}

/** Whether to colour what goes to `output`: only a terminal, never with NO_COLOR or TERM=dumb; FORCE_COLOR forces it. */
export function wantsColour(output: CliOutput, env: CliIo['env']): boolean {
  const noColour = env['NO_COLOR'];
  if (noColour !== undefined && noColour !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (env['TERM'] === 'dumb') return false;
  return output.isTTY === true;
}
