/**
 * `canary-judge validate --config CONFIG.json [DATA.json]`: checks a configuration (and data)
 * against the schemas without judging; lists every problem with its JSON path.
 */
import { parseJsonText, readInput, type CliIo } from '../io.js';
import { safeParseData, type ValidationIssue } from '../../judge/index.js';
import { checkConfig } from '../check-config.js';
import { configWarnings } from '../../judge/config-warnings.js';
import { shapeWarnings } from '../../judge/shape-warnings.js';
import { looseName } from '../../judge/locate-data.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { Command } from '../parse.js';
import { MAX_INPUT_OPTION, checkOneStdin, cliSwapHint, inOrder, inputLabel, maxInputBytes } from '../load-inputs.js';

interface Report {
  readonly label: string;
  /** The first problems (at most 100). */
  readonly issues: readonly ValidationIssue[];
  /** How many problems there are in all. */
  readonly problemCount: number;
  readonly summary: string;
  /** "Did you swap the config and the data? …" when the invalid input has the other one's shape. */
  readonly hint?: string;
}

async function check(kind: 'config' | 'data', source: string, io: CliIo, maxBytes: number): Promise<{ report: Report; value: unknown }> {
  const label = inputLabel(kind, source);
  const raw = parseJsonText(await readInput(source, io, { label, maxBytes }), label);
  if (kind === 'config') {
    const parsed = await checkConfig(raw);
    if (!parsed.ok) return { report: { label, issues: parsed.issues, problemCount: parsed.problemCount, summary: 'invalid', ...hinted(parsed.hint) }, value: undefined };
    const count = parsed.value.metrics.length;
    return { report: { label, issues: [], problemCount: 0, summary: `valid configuration, ${count} metric${count === 1 ? '' : 's'}` }, value: parsed.value };
  }
  const parsed = safeParseData(raw);
  if (!parsed.ok) return { report: { label, issues: parsed.issues, problemCount: parsed.problemCount, summary: 'invalid', ...hinted(parsed.hint) }, value: undefined };
  const count = Object.keys(parsed.value.metrics).length;
  return { report: { label, issues: [], problemCount: 0, summary: `valid data, ${count} metric${count === 1 ? '' : 's'} with series` }, value: parsed.value };
}

function hinted(hint: string | undefined): { hint?: string } {
  const text = cliSwapHint(hint);
  return text === undefined ? {} : { hint: text };
}

/** The names that do not match between the config and the data, each list in its document's order. */
export interface UnmatchedNames {
  /** Configured metrics the data has no series for (they will be nodata). */
  readonly configuredWithoutData: readonly { readonly name: string; readonly required: boolean }[];
  /** Data keys no configured metric uses (they will be ignored). */
  readonly dataWithoutConfig: readonly string[];
}

function unmatchedNames(config: unknown, data: unknown): UnmatchedNames {
  const configured = (config as { metrics: readonly { name: string; required: boolean }[] }).metrics;
  const series = (data as { metrics: Record<string, unknown> }).metrics;
  const names = new Set(configured.map((metric) => metric.name));
  return {
    configuredWithoutData: configured
      .filter((metric) => !Object.prototype.hasOwnProperty.call(series, metric.name))
      .map((metric) => ({ name: metric.name, required: metric.required })),
    dataWithoutConfig: Object.keys(series).filter((name) => !names.has(name)),
  };
}

/**
 * The unmatched names side by side, so a misspelling on one side is seen next to its counterpart:
 *
 *   configured, no data in the data    in the data, not configured
 *   "p99 latency" (required)           "p99_latency"
 */
export function sideBySide(unmatched: UnmatchedNames): string[] {
  const left = ['configured, no data in the data', ...unmatched.configuredWithoutData.map((metric) => `${JSON.stringify(metric.name)}${metric.required ? ' (required)' : ''}`)];
  const right = ['in the data, not configured', ...unmatched.dataWithoutConfig.map((name) => JSON.stringify(name))];
  const width = Math.max(...left.map((text) => text.length));
  const rows: string[] = [];
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const cell = left[index] ?? (index === 1 ? '(none)' : '');
    const other = right[index] ?? (index === 1 ? '(none)' : '');
    rows.push(`  ${cell.padEnd(width)}    ${other}`.trimEnd());
  }
  return rows;
}

/** Config and data together: metrics configured without data, data without a configured metric. */
function crossCheck(config: unknown, data: unknown): string[] {
  const configured = (config as { metrics: readonly { name: string; required: boolean }[] }).metrics;
  const series = (data as { metrics: Record<string, unknown> }).metrics;
  const warnings: string[] = [];
  for (const metric of configured) {
    if (!Object.prototype.hasOwnProperty.call(series, metric.name)) {
      warnings.push(`metric "${metric.name}" has no data: it will be ${metric.required ? 'nodata and count as a failure (required)' : 'nodata and left out of the score'}`);
    }
  }
  const names = new Set(configured.map((metric) => metric.name));
  for (const name of Object.keys(series)) {
    if (names.has(name)) continue;
    // The judge's did-you-mean (issue 12): a key equal to an unmatched metric's name but for case, spacing or punctuation.
    const meant = configured.find(
      (metric) => !Object.prototype.hasOwnProperty.call(series, metric.name) && looseName(metric.name) === looseName(name) && looseName(name) !== '',
    );
    warnings.push(
      `data for "${name}" will be ignored: no metric of that name is configured${meant === undefined ? '' : `; did you mean "${meant.name}"? (names must match exactly)`}`,
    );
  }
  return warnings;
}

export const command: Command = {
  name: 'validate',
  summary: 'Check a config (and data) against the schema without judging',
  usage: ['validate --config CONFIG.json [DATA.json] [--format text|json]'],
  description: [
    [
      'Checks the configuration, and the data when given, and lists every problem with its JSON path.',
      'With both, also warns about configured metrics that have no data and data no metric uses, and',
      'about a percentile test given a per-step series (too few values, one per step) with the test that fits.',
    ].join('\n'),
    [
      'When the names do not all match, the configured names without data and the data keys without config',
      'are listed side by side on standard error, so a misspelling is seen next to its counterpart',
      '(--format json: "unmatched": { configuredWithoutData, dataWithoutConfig }). A config and data given',
      'the wrong way round are named: "Did you swap the config and the data?".',
    ].join('\n'),
    'Exit code 0 when everything is valid (warnings included), 65 when anything is invalid.',
  ],
  options: {
    config: { type: 'string', short: 'c', valueName: 'FILE', description: 'Judge configuration to check ("-" for standard input).' },
    format: { type: 'string', short: 'f', valueName: 'FORMAT', description: 'Output format.', choices: ['text', 'json'], defaultText: 'text' },
    'max-input-mb': MAX_INPUT_OPTION,
  },
  positionals: { min: 0, max: 1, names: 'one data file (DATA.json, or - for standard input)' },
  examples: [
    { note: 'check a configuration before committing it', command: 'canary-judge validate --config canary.json' },
    { note: 'check a configuration against a data dump', command: 'canary-judge validate -c canary.json data.json' },
    { note: 'problems as JSON, for an editor or a bot', command: 'canary-judge validate -c canary.json --format json' },
  ],
  async run(context) {
    const { values, positionals, io } = context;
    const configSource = values['config'];
    if (typeof configSource !== 'string') {
      throw new CliError("'validate' needs --config CONFIG.json", EXIT.usage, { hint: "run 'canary-judge validate --help' for usage" });
    }
    const dataSource = positionals[0];
    checkOneStdin([configSource, dataSource], 'validate');
    const maxBytes = maxInputBytes(values, 'validate');
    const [configResult, dataResult] = await inOrder(
      check('config', configSource, io, maxBytes),
      dataSource === undefined ? Promise.resolve(undefined) : check('data', dataSource, io, maxBytes),
    );
    const reports = [configResult.report, ...(dataResult === undefined ? [] : [dataResult.report])];
    const warnings = [
      ...(configResult.value === undefined ? [] : configWarnings(configResult.value as never)),
      ...(dataResult !== undefined && configResult.value !== undefined && dataResult.value !== undefined
        ? crossCheck(configResult.value, dataResult.value)
        : []),
      // A percentile test on a per-step series, said before any judgement (issue 12).
      ...(dataResult?.value !== undefined && configResult.value !== undefined ? shapeWarnings(configResult.value as never, dataResult.value as never) : []),
    ];
    const valid = reports.every((report) => report.issues.length === 0);
    const unmatched =
      dataResult?.value !== undefined && configResult.value !== undefined ? unmatchedNames(configResult.value, dataResult.value) : undefined;
    const anyUnmatched = unmatched !== undefined && unmatched.configuredWithoutData.length + unmatched.dataWithoutConfig.length > 0;

    if (values['format'] === 'json') {
      const document = {
        valid,
        inputs: reports.map((report) => ({
          input: report.label,
          valid: report.issues.length === 0,
          issues: report.issues,
          ...(report.problemCount > report.issues.length ? { problemCount: report.problemCount } : {}),
          ...(report.hint === undefined ? {} : { hint: report.hint }),
        })),
        warnings,
        ...(unmatched === undefined ? {} : { unmatched }),
      };
      if (!context.quiet) io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      return valid ? EXIT.pass : EXIT.invalidInput;
    }

    for (const report of reports) {
      if (report.issues.length === 0 && !context.quiet) io.stdout.write(`ok: ${report.label}: ${report.summary}\n`);
    }
    for (const warning of warnings) context.warn(warning);
    if (anyUnmatched && !context.quiet) {
      context.warn('the names of the config and of the data do not all match (they must match exactly):');
      for (const row of sideBySide(unmatched)) io.stderr.write(`${row}\n`);
    }
    const invalid = reports.filter((report) => report.issues.length > 0);
    if (invalid.length > 0) {
      const issues = invalid.flatMap((report) =>
        invalid.length === 1 ? report.issues : report.issues.map((issue) => ({ ...issue, path: `${report.label}: ${issue.path}` })),
      );
      const what = invalid.map((report) => report.label).join(' and ');
      const hint = invalid.find((report) => report.hint !== undefined)?.hint;
      const problemCount = invalid.reduce((sum, report) => sum + report.problemCount, 0);
      throw new CliError(`${what} ${invalid.length === 1 ? 'is' : 'are'} invalid (${problemCount} problem${problemCount === 1 ? '' : 's'})`, EXIT.invalidInput, {
        issues,
        problemCount,
        ...(hint === undefined ? {} : { hint }),
      });
    }
    return EXIT.pass;
  },
};
