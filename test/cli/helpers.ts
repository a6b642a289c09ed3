/**
 * Runs the built CLI (dist/cli/main.cjs, built by test/setup/build.ts) as a child process and collects
 * what it printed and its exit code.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../../', import.meta.url).pathname;
export const cli = join(root, 'dist', 'cli', 'main.cjs');
export const examples = join(root, 'examples');

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Bytes of `inputPath` handed to the child's stdin before it closed (0 without `inputPath`). */
  readonly stdinBytes: number;
}

export interface RunOptions {
  /** Written to the child's stdin, which is then closed; without it stdin is closed at once. */
  readonly input?: string | Buffer;
  /** A file streamed to the child's stdin (instead of `input`). */
  readonly inputPath?: string;
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  /** Kill the child after this long (the test then fails on the signal). @default 20_000 */
  readonly timeoutMs?: number;
  /** Run this copy of the CLI instead of dist/cli/main.cjs. */
  readonly cliPath?: string;
}

/** A clean environment: no colour settings inherited from the developer's shell or CI. */
function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['NO_COLOR'];
  delete env['FORCE_COLOR'];
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function runCliProcess(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let stdinBytes = 0;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.cliPath ?? cli, ...args], {
      cwd: options.cwd ?? root,
      env: baseEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // The child may stop reading stdin early (e.g. an input over the size limit): not an error here.
    child.stdin.on('error', () => undefined);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        stdinBytes,
      });
    });
    if (options.inputPath !== undefined) {
      const source = createReadStream(options.inputPath);
      source.on('error', () => child.stdin.destroy());
      source.on('data', (chunk) => (stdinBytes += chunk.length));
      source.pipe(child.stdin);
    } else if (options.input !== undefined) {
      child.stdin.end(options.input);
    } else {
      child.stdin.end();
    }
  });
}

/** Paths of an example's files. */
export function example(name: string): { data: string; config: string } {
  return { data: join(examples, name, 'data.json'), config: join(examples, name, 'config.json') };
}
