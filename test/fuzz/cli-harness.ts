/**
 * Runs CLI fuzz cases through `runCli` in process (fake streams, a scratch directory for the files,
 * the fake Prometheus for `fetch` / `run`), so thousands of cases take seconds. The inputs start
 * from the examples with every series cut to 40 points: the fuzz is about shapes, not sizes, and
 * small documents keep each case near a millisecond.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { runCli, type CliIo } from '../../src/cli/run.js';
import { applyMutations } from './arbitraries/document-mutation.js';
import { mangleText } from './arbitraries/hostile-json.js';
import { EXAMPLES, PLACEHOLDER, type CliArgvCase, type CliDocumentCase } from './arbitraries/cli-inputs.js';
import { startFakePrometheus, type FakePrometheus } from './fake-prometheus.js';
import type { CliOutcome } from './oracle.js';

const root = new URL('../../', import.meta.url).pathname;

/** Longest series kept from the examples. */
const POINTS = 40;

/** A config `fetch` / `run` can query: one metric of each kind of query. */
const FETCH_CONFIG = {
  metrics: [
    { name: 'latency', test: 'mann-whitney', query: 'latency{version="${scope}"}' },
    { name: 'errors', test: 'rate', query: { events: 'errors{version="${scope}"}', total: 'requests{version="${scope}"}' } },
  ],
};

function shrink(value: unknown): unknown {
  if (Array.isArray(value)) return value.slice(0, POINTS).map(shrink);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shrink(item)]));
  return value;
}

function readExample(...parts: string[]): unknown {
  return shrink(JSON.parse(readFileSync(join(root, 'examples', ...parts), 'utf8')));
}

/** A prepared command line: its arguments and what its standard input holds. */
export interface PreparedRun {
  readonly argv: readonly string[];
  readonly stdin: Buffer | undefined;
  readonly cwd: string;
}

export interface CliHarness {
  runDocumentCase(input: CliDocumentCase): Promise<CliOutcome>;
  runArgvCase(input: CliArgvCase): Promise<CliOutcome>;
  /** Writes a document case's files and returns its command line (for a child-process run). */
  prepareDocumentCase(input: CliDocumentCase): PreparedRun;
  /** Writes the fixtures and returns an argv case's command line. */
  prepareArgvCase(input: CliArgvCase): PreparedRun;
  close(): Promise<void>;
}

/** Time one case may take before it counts as a hang. */
const CASE_LIMIT_MS = 20_000;

async function run(argv: readonly string[], cwd: string, stdin: Buffer | undefined): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { isTTY: false, write: (chunk: string) => ((stdout += chunk), true) },
    stderr: { isTTY: false, write: (chunk: string) => ((stderr += chunk), true) },
    stdin: Object.assign(Readable.from(stdin === undefined ? [] : [stdin]), { isTTY: false }),
    env: {},
    cwd,
  };
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CASE_LIMIT_MS);
  });
  try {
    const code = await Promise.race([runCli(argv, io), limit]);
    if (code === 'timeout') return { code: undefined, stdout, stderr, timedOut: true };
    return { code, stdout, stderr };
  } catch (thrown) {
    return { code: undefined, stdout, stderr, thrown };
  } finally {
    clearTimeout(timer);
  }
}

/** Sets up the scratch directory and the fake Prometheus. */
export async function createCliHarness(): Promise<CliHarness> {
  const scratch = mkdtempSync(join(tmpdir(), 'canary-judge-fuzz-'));
  mkdirSync(join(scratch, 'a-directory'));
  const prometheus: FakePrometheus = await startFakePrometheus();
  const examples = new Map(EXAMPLES.map((name) => [name, { config: readExample(name, 'config.json'), data: readExample(name, 'data.json') }]));
  const kayenta = readExample('kayenta', 'request.json');
  const paths = {
    config: join(scratch, 'config.json'),
    data: join(scratch, 'data.json'),
    fetchConfig: join(scratch, 'fetch-config.json'),
    kayenta: join(scratch, 'kayenta.json'),
    output: join(scratch, 'out', 'report.txt'),
  };
  mkdirSync(join(scratch, 'out'));
  const fixed: Record<string, string> = {
    [PLACEHOLDER.config]: paths.config,
    [PLACEHOLDER.data]: paths.data,
    [PLACEHOLDER.fetchConfig]: paths.fetchConfig,
    [PLACEHOLDER.kayenta]: paths.kayenta,
    [PLACEHOLDER.missing]: join(scratch, 'no-such-file.json'),
    [PLACEHOLDER.directory]: join(scratch, 'a-directory'),
    [PLACEHOLDER.output]: paths.output,
    [PLACEHOLDER.prometheus]: prometheus.url,
  };
  const healthy = examples.get('healthy-canary') as { config: unknown; data: unknown };
  const writeFixtures = () => {
    // Rewritten before each argv case: a fuzzed `--output {CONFIG}` may have overwritten one.
    writeFileSync(paths.config, JSON.stringify(healthy.config));
    writeFileSync(paths.data, JSON.stringify(healthy.data));
    writeFileSync(paths.fetchConfig, JSON.stringify(FETCH_CONFIG));
    writeFileSync(paths.kayenta, JSON.stringify(kayenta));
  };
  const harness: CliHarness = {
    runDocumentCase: (input) => {
      const prepared = harness.prepareDocumentCase(input);
      return run(prepared.argv, prepared.cwd, prepared.stdin);
    },
    runArgvCase: (input) => {
      const prepared = harness.prepareArgvCase(input);
      return run(prepared.argv, prepared.cwd, prepared.stdin);
    },
    prepareDocumentCase(input) {
      const example = examples.get(input.example) as { config: unknown; data: unknown };
      const isKayenta = input.command === 'kayenta';
      const configText = mangleText(applyMutations(example.config, input.config.mutations), input.config.mangle);
      const dataText = mangleText(applyMutations(isKayenta ? kayenta : example.data, input.data.mutations), input.data.mangle);
      writeFileSync(paths.config, configText);
      writeFileSync(paths.data, dataText);
      const configArg = input.stdin === 'config' && !isKayenta ? '-' : paths.config;
      const dataArg = input.stdin === 'data' ? '-' : paths.data;
      const stdin = input.stdin === 'config' && !isKayenta ? configText : input.stdin === 'data' ? dataText : undefined;
      const argv = [...input.globalFlags];
      if (input.command === 'validate') argv.push('validate', '--config', configArg, dataArg);
      else if (isKayenta) argv.push('judge', '--kayenta', dataArg);
      else argv.push('judge', dataArg, '--config', configArg);
      // validate and --kayenta know only text and json; validate writes no file.
      const format = input.command !== 'judge' && (input.format === 'markdown' || input.format === 'html') ? 'json' : input.format;
      if (format !== undefined) argv.push('--format', format);
      if (input.output && input.command !== 'validate') argv.push('--output', paths.output);
      if (input.maxInputMb !== undefined) argv.push('--max-input-mb', input.maxInputMb);
      return { argv, cwd: scratch, stdin: stdin === undefined ? undefined : Buffer.from(stdin, 'utf8') };
    },
    prepareArgvCase(input) {
      writeFixtures();
      // Object.hasOwn: a fuzzed word "__proto__" must stay a word, not become Object.prototype.
      return { argv: input.argv.map((word) => (Object.hasOwn(fixed, word) ? (fixed[word] as string) : word)), cwd: scratch, stdin: Buffer.from(JSON.stringify(healthy.data)) };
    },
    async close() {
      await prometheus.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
  return harness;
}
