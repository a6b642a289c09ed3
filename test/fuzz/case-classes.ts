/**
 * The fuzz case classes and the property they share: the in-suite test (test/fuzz/fuzz.test.ts)
 * and `npm run fuzz` (bench/fuzz.ts) both call `fuzzCaseClass`, at different sizes. Each case runs
 * through its harness and the oracle (oracle.ts); any finding fails the case.
 */
import fc from 'fast-check';
import { cliArgvCase, cliDocumentCase } from './arbitraries/cli-inputs.js';
import { serverBodyCase } from './arbitraries/server-bodies.js';
import { runCliProcess } from '../cli/helpers.js';
import type { CliHarness, PreparedRun } from './cli-harness.js';
import { checkCliOutcome, checkHttpOutcome, type CliOutcome, type Finding, type FindingKind, type HttpOutcome } from './oracle.js';
import type { ServerHarness } from './server-harness.js';

export interface Harnesses {
  readonly cli: CliHarness;
  readonly server: ServerHarness;
}

export interface CaseClass {
  readonly name: string;
  /** What the class tries, for the summary and docs/reliability.md. */
  readonly tries: string;
  /** Share of the total cases this class gets. */
  readonly share: number;
  readonly property: (harnesses: Harnesses) => fc.IAsyncProperty<[unknown]>;
}

interface Checked {
  readonly findings: Finding[];
  /** The exit code or HTTP status, for the summary's spread of outcomes. */
  readonly label: string;
}

function propertyOf<T>(arbitrary: fc.Arbitrary<T>, check: (input: T) => Promise<Checked>): fc.IAsyncProperty<[unknown]> {
  return fc.asyncProperty(arbitrary, async (input) => {
    const { findings, label } = await check(input);
    recordFindings(findings, input, label);
    return findings.length === 0 || !failOnFinding;
  });
}

/** Whether a finding fails the property (the test) or is only counted (the full run). */
let failOnFinding = true;
/** Where a run's findings go (set by `fuzzCaseClass`). */
let recordFindings: (findings: Finding[], input: unknown, label: string) => void = () => undefined;

async function checkCli(outcome: Promise<CliOutcome>): Promise<Checked> {
  const result = await outcome;
  return { findings: checkCliOutcome(result), label: `exit ${result.code ?? 'none'}` };
}

/** Runs the built CLI (dist/cli/main.cjs) as a child process: exit code, stdout and stderr as a user sees them. */
async function checkProcess(prepared: PreparedRun): Promise<Checked> {
  // No operating system passes a NUL byte in an argument: drop them, as a shell would have to.
  const argv = prepared.argv.map((word) => word.replaceAll('\u0000', ''));
  const run = await runCliProcess(argv, { cwd: prepared.cwd, ...(prepared.stdin === undefined ? {} : { input: prepared.stdin }), timeoutMs: 30_000 });
  const outcome: CliOutcome = run.code === null ? { code: undefined, stdout: run.stdout, stderr: run.stderr, timedOut: run.signal === 'SIGKILL', thrown: run.signal === 'SIGKILL' ? undefined : `killed by ${run.signal}` } : { code: run.code, stdout: run.stdout, stderr: run.stderr };
  return { findings: checkCliOutcome(outcome), label: run.code === null ? `signal ${run.signal}` : `exit ${run.code}` };
}

async function checkHttp(outcome: Promise<HttpOutcome>): Promise<Checked> {
  const result = await outcome;
  return { findings: checkHttpOutcome(result), label: result.status === undefined ? 'no answer (cut body)' : `HTTP ${result.status}` };
}

export const CASE_CLASSES: readonly CaseClass[] = [
  {
    name: 'cli-documents',
    tries: '`judge`, `validate` and `judge --kayenta` on mutated example configs, data dumps and Kayenta requests (hostile values at random paths, deleted keys, prototype keys, long/deep/wide values up to 130,000 items or 50,000 levels), mangled as text (BOM, cut short, duplicated key, 1e309 / -0 / 1e-400 / 0x10, stray bytes, not JSON at all), from a file or standard input, with random --format, --output, --max-input-mb, --debug, --quiet',
    share: 0.45,
    property: ({ cli }) => propertyOf(cliDocumentCase, (input) => checkCli(cli.runDocumentCase(input))),
  },
  {
    name: 'cli-argv',
    tries: 'command lines drawn from the CLI\'s commands, options and values mixed with odd strings: unknown and misspelt options, missing or extra values, `-` twice, missing files, a directory as a file, an output over an input, `fetch` / `run` against a loopback fake Prometheus with random times, steps, scopes, variables and credentials flags',
    share: 0.2,
    property: ({ cli }) => propertyOf(cliArgvCase, (input) => checkCli(cli.runArgvCase(input))),
  },
  {
    name: 'cli-process',
    tries: 'the same document and argv cases through the built CLI (`node dist/cli/main.cjs`) as a child process, so what the process prints and its exit status are checked as a shell sees them (an uncaught exception, a signal, an unhandled rejection)',
    share: 0.005,
    property: ({ cli }) =>
      propertyOf(fc.oneof(cliDocumentCase.map((input) => ({ document: input })), cliArgvCase.map((input) => ({ argv: input }))), (input) =>
        checkProcess('document' in input ? cli.prepareDocumentCase(input.document) : cli.prepareArgvCase(input.argv)),
      ),
  },
  {
    name: 'server-bodies',
    tries: '`POST /judge` (Kayenta RemoteJudge), `POST /v1/judge` (native and Flagger-wrapped), `POST /v1/analyses/NAME/judge` (native and Flagger payloads, against a loopback fake Prometheus) with the same mutations and text mangles, random content-types, bodies cut short on the wire, odd `failStatus` and template names, wrong methods; `/healthz` after every request',
    share: 0.345,
    property: ({ server }) => propertyOf(serverBodyCase, (input) => checkHttp(server.runCase(input))),
  },
];

export interface ClassSummary {
  readonly name: string;
  readonly cases: number;
  readonly failedCases: number;
  readonly byKind: Readonly<Record<FindingKind, number>>;
  /** How many cases ended with each exit code or HTTP status. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Up to five failing inputs with their findings, to reproduce. */
  readonly samples: readonly { readonly input: unknown; readonly findings: readonly Finding[] }[];
  readonly ms: number;
}

/**
 * Runs `numRuns` cases of a class from `seed`. `stopAtFirst`: fail fast and shrink (the test);
 * otherwise run them all and count (the full run).
 */
export async function fuzzCaseClass(caseClass: CaseClass, harnesses: Harnesses, options: { numRuns: number; seed: number; stopAtFirst: boolean; onProgress?: (cases: number, failedCases: number) => void }): Promise<ClassSummary> {
  const byKind: Record<FindingKind, number> = { crash: 0, 'stack-trace': 0, 'undocumented-code': 0, hang: 0, unresponsive: 0 };
  const samples: { input: unknown; findings: Finding[] }[] = [];
  const outcomes: Record<string, number> = {};
  let cases = 0;
  let failedCases = 0;
  recordFindings = (findings, input, label) => {
    cases += 1;
    if (cases % 1000 === 0) options.onProgress?.(cases, failedCases);
    outcomes[label] = (outcomes[label] ?? 0) + 1;
    if (findings.length === 0) return;
    failedCases += 1;
    for (const kind of new Set(findings.map((finding) => finding.kind))) byKind[kind] += 1;
    if (samples.length < 5) samples.push({ input, findings });
  };
  failOnFinding = options.stopAtFirst;
  const started = performance.now();
  // Stopping: fast-check shrinks the first failing case and reports its seed and path. Counting:
  // the property always holds, so every case runs, and the findings are in the tally.
  await fc.assert(caseClass.property(harnesses), { numRuns: options.numRuns, seed: options.seed });
  return { name: caseClass.name, cases, failedCases, byKind, outcomes, samples, ms: performance.now() - started };
}
