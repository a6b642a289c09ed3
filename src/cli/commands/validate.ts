/**
 * `canary-judge validate --config CONFIG.json [DATA.json]`: checks a configuration (and data)
 * against the schemas without judging; lists every problem with its JSON path.
 */
import { parseJsonText, readInput, type CliIo } from '../io.js';
import { safeParseConfig, safeParseData, type ValidationIssue } from '../../judge/index.js';
import { configWarnings } from '../../judge/config-warnings.js';
import { shapeWarnings } from '../../judge/shape-warnings.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { Command } from '../parse.js';
import { MAX_INPUT_OPTION, checkOneStdin, inOrder, inputLabel, maxInputBytes } from '../load-inputs.js';

interface Report {
  readonly label: string;
  readonly issues: readonly ValidationIssue[];
  readonly summary: string;
}

async function check(kind: 'config' | 'data', source: string, io: CliIo, maxBytes: number): Promise<{ report: Report; value: unknown }> {
  const label = inputLabel(kind, source);
  const raw = parseJsonText(await readInput(source, io, { label, maxBytes }), label);
  if (kind === 'config') {
    const parsed = safeParseConfig(raw);
    if (!parsed.ok) return { report: { label, issues: parsed.issues, summary: 'invalid' }, value: undefined };
    const count = parsed.value.metrics.length;
    return { report: { label, issues: [], summary: `valid configuration, ${count} metric${count === 1 ? '' : 's'}` }, value: parsed.value };
  }
  const parsed = safeParseData(raw);
  if (!parsed.ok) return { report: { label, issues: parsed.issues, summary: 'invalid' }, value: undefined };
  const count = Object.keys(parsed.value.metrics).length;
  return { report: { label, issues: [], summary: `valid data, ${count} metric${count === 1 ? '' : 's'} with series` }, value: parsed.value };
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
    if (!names.has(name)) warnings.push(`data for "${name}" will be ignored: no metric of that name is configured`);
  }
  return warnings;
}

export const command: Command = {
  name: 'validate',
  summary: 'Check a config (and data) against the schema without judging',
  usage: ['validate --config CONFIG.json [DATA.json] [--format text|json]'],
  description: [
    'Checks the configuration, and the data when given, and lists every problem with its JSON path.',
    'With both, also warns about configured metrics that have no data and data no metric uses, and',
    'about a percentile test given a per-step series (too few values, one per step) with the test that fits.',
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

    if (values['format'] === 'json') {
      const document = {
        valid,
        inputs: reports.map((report) => ({ input: report.label, valid: report.issues.length === 0, issues: report.issues })),
        warnings,
      };
      if (!context.quiet) io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      return valid ? EXIT.pass : EXIT.invalidInput;
    }

    for (const report of reports) {
      if (report.issues.length === 0 && !context.quiet) io.stdout.write(`ok: ${report.label}: ${report.summary}\n`);
    }
    for (const warning of warnings) context.warn(warning);
    const invalid = reports.filter((report) => report.issues.length > 0);
    if (invalid.length > 0) {
      const issues = invalid.flatMap((report) =>
        invalid.length === 1 ? report.issues : report.issues.map((issue) => ({ ...issue, path: `${report.label}: ${issue.path}` })),
      );
      const what = invalid.map((report) => report.label).join(' and ');
      throw new CliError(`${what} ${invalid.length === 1 ? 'is' : 'are'} invalid (${issues.length} problem${issues.length === 1 ? '' : 's'})`, EXIT.invalidInput, {
        issues,
      });
    }
    return EXIT.pass;
  },
};
