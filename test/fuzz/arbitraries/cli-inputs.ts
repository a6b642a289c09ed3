/**
 * CLI cases. A document case runs `judge`, `validate` or `judge --kayenta` on a mutated example
 * config / data / Kayenta request (mangled as text, from a file or standard input, with a random
 * format, output and global flags). An argv case runs a command line drawn from the CLI's own
 * vocabulary mixed with hostile words, with file arguments that exist, are missing, are a
 * directory or are `-`, and `fetch` / `run` against the loopback fake Prometheus.
 */
import fc from 'fast-check';
import { documentMutations, type DocumentMutation } from './document-mutation.js';
import { oddStrings, textMangle, type TextMangle } from './hostile-json.js';

/** The examples the document cases start from. */
export const EXAMPLES = ['healthy-canary', 'latency-regression', 'error-spike', 'low-traffic', 'slow-leak'] as const;

export interface MangledDocument {
  readonly mutations: readonly DocumentMutation[];
  readonly mangle: TextMangle;
}

export interface CliDocumentCase {
  readonly command: 'judge' | 'validate' | 'kayenta';
  readonly example: (typeof EXAMPLES)[number];
  readonly config: MangledDocument;
  readonly data: MangledDocument;
  /** Which input comes from standard input (`-`) rather than a file. */
  readonly stdin: 'none' | 'config' | 'data';
  readonly format: string | undefined;
  readonly output: boolean;
  readonly globalFlags: readonly string[];
  readonly maxInputMb: string | undefined;
}

const mangledDocument: fc.Arbitrary<MangledDocument> = fc.record({ mutations: documentMutations(3), mangle: textMangle });

export const cliDocumentCase: fc.Arbitrary<CliDocumentCase> = fc.record({
  command: fc.constantFrom('judge' as const, 'validate' as const, 'kayenta' as const),
  example: fc.constantFrom(...EXAMPLES),
  config: mangledDocument,
  data: mangledDocument,
  stdin: fc.constantFrom('none' as const, 'config' as const, 'data' as const),
  // Mostly valid flags (the documents are what this class fuzzes), now and then a bad one.
  format: fc.oneof({ weight: 18, arbitrary: fc.constantFrom(undefined, 'text', 'json') }, { weight: 6, arbitrary: fc.constantFrom('markdown', 'html') }, { weight: 1, arbitrary: fc.constantFrom('jsonl', 'HTML', '') }),
  output: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  globalFlags: fc.subarray(['--debug', '--quiet']),
  maxInputMb: fc.oneof({ weight: 20, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('0', '0.001', '1', '-1', '1e309', 'NaN', 'abc', '100000000') }),
});

/** Placeholders the harness replaces by real paths and URLs. */
export const PLACEHOLDER = {
  config: '{CONFIG}',
  data: '{DATA}',
  fetchConfig: '{FETCH_CONFIG}',
  kayenta: '{KAYENTA}',
  missing: '{MISSING}',
  directory: '{DIRECTORY}',
  output: '{OUTPUT}',
  prometheus: '{PROMETHEUS}',
} as const;

const COMMAND_WORDS = ['judge', 'validate', 'schema', 'fetch', 'run', 'help', 'jduge', 'JUDGE', '', '-', '--', 'serve --help', 'watch --help'];

const OPTION_WORDS = [
  '--config', '-c', '--format', '-f', '--output', '-o', '--kayenta', '--max-input-mb', '--quiet', '-q', '--debug',
  '--help', '-h', '--version', '-V', '--source', '-s', '--prometheus-url', '--start', '--end', '--step',
  '--baseline-scope', '--canary-scope', '--location', '--var', '--timeout', '--retries', '--bearer-token',
  '--bearer-token-file', '--header-file', '--region', '--endpoint', '--no-such-flag', '-x', '--config=',
  '--format=json', '-fjson', '-cq', '--=', '---config',
];

const VALUE_WORDS = [
  PLACEHOLDER.config, PLACEHOLDER.data, PLACEHOLDER.fetchConfig, PLACEHOLDER.kayenta, PLACEHOLDER.missing, PLACEHOLDER.directory,
  PLACEHOLDER.output, PLACEHOLDER.prometheus, '-', 'text', 'json', 'html', 'markdown', 'config', 'data', 'prometheus', 'cloudwatch',
  'now', 'now-10m', 'now-1h', 'now+1h', '0', '-1', '1e309', '2026-13-45T99:99:99Z', '1700000000', '30s', '0s', '-5m', '1ms',
  'v1', 'v2', 'a=b', '=', 'NAME=${scope}', 'http://user:pass@127.0.0.1:1', 'ftp://x', 'http://[::1', 'secret-token',
];

/** One word of a command line. */
const argvWord: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...OPTION_WORDS) },
  { weight: 5, arbitrary: fc.constantFrom(...VALUE_WORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...oddStrings) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

export interface CliArgvCase {
  readonly argv: readonly string[];
}

/** A fetch/run line that gets as far as the fake Prometheus, then random words. */
const fetchPrefix = fc.constantFrom<readonly string[]>(
  [],
  ['fetch', '-c', PLACEHOLDER.fetchConfig, '--prometheus-url', PLACEHOLDER.prometheus, '--start', 'now-10m', '--end', 'now', '--baseline-scope', 'v1', '--canary-scope', 'v2'],
  ['run', '-c', PLACEHOLDER.fetchConfig, '--prometheus-url', PLACEHOLDER.prometheus, '--start', 'now-10m', '--end', 'now', '--baseline-scope', 'v1', '--canary-scope', 'v2', '--retries', '0'],
  ['judge', PLACEHOLDER.data, '-c', PLACEHOLDER.config],
  ['validate', '-c', PLACEHOLDER.config],
);

export const cliArgvCase: fc.Arbitrary<CliArgvCase> = fc
  .tuple(fc.subarray(['--debug', '-q']), fetchPrefix, fc.constantFrom(...COMMAND_WORDS), fc.array(argvWord, { maxLength: 8 }))
  .map(([globals, prefix, command, words]) => ({
    argv: prefix.length > 0 ? [...globals, ...prefix, ...words] : [...globals, ...command.split(' ').filter((word, index) => index === 0 || word !== ''), ...words],
  }));
