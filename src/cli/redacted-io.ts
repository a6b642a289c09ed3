/**
 * The CLI's redaction choke point: `runCli` wraps the streams it was given so that every byte it
 * writes (results, reports, warnings, notes, errors, stack traces) passes through one `Redactor`,
 * and `writeOutputFile` passes files through the same one. Secrets reach the redactor from the
 * environment at start and from every credential the CLI reads later (`registerSecret`).
 */
import { Redactor } from '../shared/redaction.js';
import type { CliIo, CliOutput } from './io.js';

/** Environment variables whose values are credentials canary-judge (or the AWS SDK it runs) reads. */
export const SECRET_ENVIRONMENT_VARIABLES: readonly string[] = Object.freeze([
  'PROMETHEUS_BEARER_TOKEN',
  'PROMETHEUS_BASIC_AUTH',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_ACCESS_KEY_ID',
]);

/** The secrets of the environment: each listed variable's value, and the password of `user:password`. */
function environmentSecrets(env: CliIo['env']): string[] {
  const found: string[] = [];
  for (const name of SECRET_ENVIRONMENT_VARIABLES) {
    const value = env[name]?.trim();
    if (value === undefined || value === '') continue;
    found.push(value);
    const colon = value.indexOf(':');
    if (name === 'PROMETHEUS_BASIC_AUTH' && colon !== -1) found.push(value.slice(colon + 1));
  }
  return found;
}

/** `output()` is read at each use, so a stream the command never touches is never opened (bin.ts makes them lazily). */
function redactingOutput(output: () => CliOutput, redactor: Redactor): CliOutput {
  return {
    write: (chunk: string) => output().write(redactor.text(String(chunk))),
    get isTTY() {
      return output().isTTY;
    },
    // A terminal's width, read by the progress line.
    get columns() {
      return (output() as { columns?: unknown }).columns;
    },
  } as CliOutput;
}

/**
 * The io every command sees: the same streams, each write redacted. Idempotent (an io already
 * guarded is returned as is).
 *
 * @example
 * const io = guardIo({ stdout, stderr, env: { PROMETHEUS_BEARER_TOKEN: 'abc123' } });
 * io.stderr.write('token abc123'); // writes 'token [REDACTED]'
 */
export function guardIo(io: CliIo): CliIo & { readonly redactor: Redactor } {
  if (io.redactor !== undefined) return io as CliIo & { readonly redactor: Redactor };
  const redactor = new Redactor(environmentSecrets(io.env));
  // The streams are read from `io` when first used, not copied: opening process.stdin, stdout and
  // stderr costs start-up time, and a quiet `judge` touches none of them.
  return {
    env: io.env,
    cwd: io.cwd,
    onShutdownSignal: io.onShutdownSignal,
    redactor,
    get stdin() {
      return io.stdin;
    },
    stdout: redactingOutput(() => io.stdout, redactor),
    stderr: redactingOutput(() => io.stderr, redactor),
  };
}

/**
 * Tells the choke point about a credential just read (a token file, a header file, a URL's user
 * info), so that no later output shows it.
 */
export function registerSecret(io: CliIo, secret: string | undefined): void {
  io.redactor?.add(secret);
}

/** Registers the credentials a URL holds: its user info and the values of credential parameters. */
export function registerUrlSecrets(io: CliIo, url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  for (const part of [parsed.username, parsed.password]) {
    registerSecret(io, part);
    try {
      registerSecret(io, decodeURIComponent(part));
    } catch {
      // Not valid percent-encoding: the raw form is registered.
    }
  }
  for (const [name, value] of parsed.searchParams) {
    if (/token|key|secret|pass|pwd|auth|sig|credential/i.test(name)) registerSecret(io, value);
  }
}
