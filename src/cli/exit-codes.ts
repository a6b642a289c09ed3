/**
 * The CLI's exit codes. Verdicts use 0–2; failures follow BSD sysexits(3) so scripts can tell a
 * mistake in the command line from bad input, an unreachable metric source or a bug.
 */
export const EXIT = {
  /** The canary passed (or a command other than `judge` succeeded). */
  pass: 0,
  /** The canary failed. */
  fail: 1,
  /** The canary is marginal. */
  marginal: 2,
  /** Bad usage: unknown command or option, missing or malformed argument (EX_USAGE). */
  usage: 64,
  /** Invalid input: the config or data is not valid JSON, does not match its schema, or is too large (EX_DATAERR). */
  invalidInput: 65,
  /** An input file cannot be read: missing, a directory, no permission (EX_NOINPUT). */
  noInput: 66,
  /** A metric source is unreachable or answered with an error (EX_UNAVAILABLE); used by the source adapters. */
  unavailable: 69,
  /** Internal error: a bug in canary-judge (EX_SOFTWARE). */
  internal: 70,
  /** The output file cannot be written (EX_CANTCREAT). */
  cannotCreate: 73,
  /** `serve` stopped, but requests still unanswered at --drain-timeout (or a second signal) were cut (EX_TEMPFAIL: retry them). */
  drainCut: 75,
  /** Stopped by SIGINT or SIGTERM while fetching (128 + SIGINT, as shells report it). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of a verdict: pass 0, fail 1, marginal 2. */
export function exitCodeOfVerdict(verdict: 'pass' | 'marginal' | 'fail'): number {
  if (verdict === 'pass') return EXIT.pass;
  if (verdict === 'marginal') return EXIT.marginal;
  return EXIT.fail;
}
