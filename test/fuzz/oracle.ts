/**
 * What every fuzz case must satisfy, whatever its input: no crash (exit 70, HTTP 500, an exception
 * escaping `runCli`, a hang), no stack trace in anything printed or answered, and only the exit
 * codes and HTTP statuses the docs list (docs/cli.md, docs/kayenta.md, docs/orchestrators.md).
 */
import { EXIT } from '../../src/cli/exit-codes.js';

export type FindingKind = 'crash' | 'stack-trace' | 'undocumented-code' | 'hang' | 'unresponsive';

export interface Finding {
  readonly kind: FindingKind;
  readonly detail: string;
}

/**
 * Exit codes a fuzzed command may end with: every documented code but 70 (a bug) and 75 (only
 * `serve` at a drain timeout, which the fuzz never stops).
 */
export const EXPECTED_EXIT_CODES: ReadonlySet<number> = new Set([EXIT.pass, EXIT.fail, EXIT.marginal, EXIT.usage, EXIT.invalidInput, EXIT.noInput, EXIT.unavailable, EXIT.cannotCreate, EXIT.interrupted]);

/** Every exit code docs/cli.md lists (70 included: it is documented, but it is a crash). */
export const DOCUMENTED_EXIT_CODES: ReadonlySet<number> = new Set(Object.values(EXIT));

/** HTTP statuses the server documents, 500 aside (a bug); a `failStatus` the request chose is allowed too. */
export const EXPECTED_STATUSES: ReadonlySet<number> = new Set([200, 400, 401, 404, 405, 408, 413, 415, 422, 431, 502, 503, 504]);

// A V8 stack frame: "    at name (file:line:col)", "    at file:line:col", "    at async …", "    at new …".
const STACK_FRAME = /^\s*at (?:async |new )?\S.*(?:\(.*:\d+:\d+\)|:\d+:\d+|\(native\)|<anonymous>\)?)$/m;
const NODE_INTERNAL = /node:internal\//;

/**
 * The first stack-trace line in `text`, if any.
 *
 * @example
 * findStackTrace('Error: x\n    at f (/a.js:1:2)'); // '    at f (/a.js:1:2)'
 */
export function findStackTrace(text: string): string | undefined {
  const frame = STACK_FRAME.exec(text);
  if (frame !== null) return frame[0];
  const internal = NODE_INTERNAL.exec(text);
  return internal === null ? undefined : text.slice(Math.max(0, internal.index - 40), internal.index + 40);
}

/** What a CLI run printed and returned. */
export interface CliOutcome {
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  /** An exception that escaped runCli (it should turn every failure into an exit code). */
  readonly thrown?: unknown;
  readonly timedOut?: boolean;
}

/** The oracle's findings on a CLI run (empty: the case passed). */
export function checkCliOutcome(outcome: CliOutcome): Finding[] {
  const findings: Finding[] = [];
  if (outcome.timedOut === true) findings.push({ kind: 'hang', detail: 'no exit code within the case time limit' });
  if (outcome.thrown !== undefined) findings.push({ kind: 'crash', detail: `runCli threw ${String(outcome.thrown)}` });
  if (outcome.code === EXIT.internal) findings.push({ kind: 'crash', detail: `exit 70: ${firstLines(outcome.stderr)}` });
  else if (outcome.code !== undefined && !EXPECTED_EXIT_CODES.has(outcome.code)) findings.push({ kind: 'undocumented-code', detail: `exit ${outcome.code}: ${firstLines(outcome.stderr)}` });
  for (const [name, text] of [['stdout', outcome.stdout], ['stderr', outcome.stderr]] as const) {
    const frame = findStackTrace(text);
    if (frame !== undefined) findings.push({ kind: 'stack-trace', detail: `${name}: ${frame.trim()}` });
  }
  return findings;
}

/** What the server answered to one request (`status` undefined: the connection closed without an answer). */
export interface HttpOutcome {
  readonly status: number | undefined;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The status the request asked for on a `fail` verdict (`?failStatus=`), if any. */
  readonly failStatus: readonly number[];
  /** The body was cut short on purpose: no answer is fine. */
  readonly truncated: boolean;
  readonly healthy: boolean;
}

/** The oracle's findings on one server exchange. */
export function checkHttpOutcome(outcome: HttpOutcome): Finding[] {
  const findings: Finding[] = [];
  if (!outcome.healthy) findings.push({ kind: 'unresponsive', detail: '/healthz did not answer 200 after the case' });
  if (outcome.status === undefined) {
    if (!outcome.truncated) findings.push({ kind: 'crash', detail: 'the connection closed without an answer' });
    return findings;
  }
  let parsed: { error?: { code?: unknown } } | undefined;
  try {
    parsed = JSON.parse(outcome.body) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const chosenFail = outcome.failStatus.includes(outcome.status) && typeof (parsed as { verdict?: unknown } | undefined)?.verdict === 'string';
  if (outcome.status === 500 && !chosenFail) findings.push({ kind: 'crash', detail: `500: ${outcome.body.slice(0, 200)}` });
  else if (!EXPECTED_STATUSES.has(outcome.status) && !chosenFail) findings.push({ kind: 'undocumented-code', detail: `${outcome.status}: ${outcome.body.slice(0, 200)}` });
  if (outcome.status >= 400 && !chosenFail && (parsed === undefined || typeof parsed.error?.code !== 'string')) {
    findings.push({ kind: 'undocumented-code', detail: `${outcome.status} without { error: { code } }: ${outcome.body.slice(0, 200)}` });
  }
  const frame = findStackTrace(outcome.body);
  if (frame !== undefined) findings.push({ kind: 'stack-trace', detail: `body: ${frame.trim()}` });
  return findings;
}

function firstLines(text: string): string {
  return text.split('\n').slice(0, 3).join(' | ').slice(0, 300);
}
