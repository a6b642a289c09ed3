/**
 * `canary-judge judge DATA.json --config CONFIG.json`: judges a canary and writes the report.
 * The exit code is the verdict: 0 pass, 1 fail, 2 marginal.
 */
import type { Judgement } from '../../judge/index.js';
import { judgeParsed } from '../../judge/judge-resolved.js';
import { CliError } from '../errors.js';
import { EXIT, exitCodeOfVerdict } from '../exit-codes.js';
import { wantsColour, writeOutputFile, type CliIo } from '../io.js';
import type { Command, CommandContext } from '../parse.js';
import { MAX_INPUT_OPTION, checkOneStdin, inOrder, loadConfig, loadData, maxInputBytes } from '../load-inputs.js';
import { printNoticeSummary } from '../notice-summary.js';

export const FORMATS = ['text', 'json', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

const FORMAT_BY_EXTENSION: Readonly<Record<string, Format>> = {
  '.txt': 'text',
  '.json': 'json',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
};

/**
 * The report format: `--format` when given, else the one the `--output` file's extension names,
 * else text.
 */
export function chooseFormat(format: string | undefined, output: string | undefined): Format {
  if (format !== undefined) return format as Format;
  if (output !== undefined && output !== '-') {
    const match = /\.[A-Za-z]+$/.exec(output);
    const byExtension = match === null ? undefined : FORMAT_BY_EXTENSION[match[0].toLowerCase()];
    if (byExtension !== undefined) return byExtension;
  }
  return 'text';
}

/**
 * Renders a Judgement in a format, loading only that format's renderer. Shared with commands that
 * judge data they fetched themselves.
 */
export async function renderJudgement(
  judgement: Judgement,
  format: Format,
  options: { colour: boolean; data: unknown; subtitle: string },
): Promise<string> {
  switch (format) {
    case 'text': {
      const { renderText } = await import('../../report/text.js');
      return renderText(judgement, { color: options.colour });
    }
    case 'json': {
      const { renderJson } = await import('../../report/json.js');
      return renderJson(judgement);
    }
    case 'markdown': {
      const { renderMarkdown } = await import('../../report/markdown.js');
      return renderMarkdown(judgement);
    }
    case 'html': {
      const { renderHtml } = await import('../../report/html.js');
      return renderHtml(judgement, { data: options.data, subtitle: options.subtitle });
    }
  }
}

/** `FAIL  score 62.5/100`: the line printed when the report goes to a file. */
export function summaryLine(judgement: Judgement): string {
  return `${judgement.verdict.toUpperCase()}  score ${(Math.round(judgement.score * 10) / 10).toFixed(1)}/100`;
}

/** Writes the report to stdout or to the `--output` file (then a one-line summary goes to stdout). */
export async function deliver(context: CommandContext, text: string, output: string | undefined, summary: string): Promise<void> {
  const io: CliIo = context.io;
  if (output !== undefined && output !== '-') {
    await writeOutputFile(output, text, io);
    if (!context.quiet) io.stdout.write(`${summary}: report written to ${output}\n`);
  } else if (!context.quiet) {
    io.stdout.write(text);
  }
}

/**
 * One complete example per kind of input, for `judge --help`: a data file and the configuration
 * that judges it, each ready to save and run (test/cli/judge-help.test.ts runs them).
 */
export const INPUT_KINDS: string = [
  'Input kinds, one complete example each: save the data as data.json and the config as canary.json,',
  'then run canary-judge judge data.json --config canary.json.',
  '',
  '  Per-request values: one number per request per side (e.g. latency in seconds); test',
  '  mann-whitney (percentile needs 500 values a side).',
  '    data.json:',
  '      {"metrics": {"latency": {"baseline": [0.21, 0.19, 0.22, 0.20, 0.25, 0.18, 0.21, 0.23, 0.20, 0.19, 0.22, 0.24],',
  '                               "canary":   [0.22, 0.20, 0.21, 0.19, 0.24, 0.20, 0.22, 0.21, 0.19, 0.23, 0.21, 0.20]}}}',
  '    canary.json:',
  '      {"metrics": [{"name": "latency", "test": "mann-whitney", "margin": {"relative": 0.2}}]}',
  '    -> pass (exit 0)',
  '',
  '  Per-step series: one value per step with its timestamp (e.g. cpu per minute); test mean-ratio.',
  '  Steps with the same timestamp on both sides are compared as pairs.',
  '    data.json:',
  '      {"metrics": {"cpu": {"baseline": {"timestamps": [60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 660, 720],',
  '                                        "values": [0.41, 0.43, 0.40, 0.42, 0.44, 0.41, 0.40, 0.43, 0.42, 0.41, 0.44, 0.42]},',
  '                           "canary":   {"timestamps": [60, 120, 180, 240, 300, 360, 420, 480, 540, 600, 660, 720],',
  '                                        "values": [0.42, 0.41, 0.43, 0.40, 0.42, 0.44, 0.41, 0.42, 0.40, 0.43, 0.41, 0.42]}}}}',
  '    canary.json:',
  '      {"metrics": [{"name": "cpu", "test": "mean-ratio", "direction": "either", "margin": {"relative": 0.15}}]}',
  '    -> pass (exit 0)',
  '',
  '  Counts: per step, the events (e.g. 5xx responses) out of a total (all requests); test rate.',
  '    data.json:',
  '      {"metrics": {"5xx ratio": {"baseline": {"events": [2, 0, 1, 3, 1, 0, 2, 1, 0, 1],',
  '                                              "total": [1200, 1180, 1210, 1190, 1205, 1195, 1220, 1185, 1200, 1210]},',
  '                                 "canary":   {"events": [4, 6, 5, 7, 5, 6, 4, 5, 6, 5],',
  '                                              "total": [400, 395, 410, 405, 398, 402, 400, 395, 405, 400]}}}}',
  '    canary.json:',
  '      {"metrics": [{"name": "5xx ratio", "test": "rate", "margin": {"relative": 0.5, "absolute": 0.001}, "critical": true}]}',
  '    -> fail (exit 1)',
  '',
  'A Kayenta RemoteJudge request is judged with --kayenta (below). docs/config.md describes every',
  'shape of the data, Prometheus-style histograms included.',
].join('\n');

export const command: Command = {
  name: 'judge',
  summary: 'Judge a canary: data + config -> verdict, score and report',
  usage: [
    'judge DATA.json --config CONFIG.json [--format text|json|markdown|html] [--output FILE]',
    'judge - --config CONFIG.json < DATA.json',
    'judge --kayenta REQUEST.json [--format json|text]',
  ],
  description: [
    [
      'Reads the baseline and canary series of each metric (DATA.json, or "-" for standard input) and the',
      'judge configuration, judges every metric, scores them and prints the report on standard output.',
      'The exit code is the verdict: 0 pass, 1 fail, 2 marginal (65 when an input is invalid).',
      'The format is --format, else the --output file\'s extension (.txt .json .md .html), else text.',
      'Text is coloured on a terminal unless NO_COLOR is set. HTML is one self-contained page with charts.',
    ].join('\n'),
    [
      'With --kayenta the input is a Kayenta RemoteJudge body ({ canaryConfig, scoreThresholds,',
      'metricSetPairList }), judged as Kayenta\'s NetflixACAJudge-v1.0 does; the output is its',
      'CanaryJudgeResult (--format json) or a readable report (text), and no --config is needed.',
    ].join('\n'),
    INPUT_KINDS,
  ],
  options: {
    config: { type: 'string', short: 'c', valueName: 'FILE', description: 'Judge configuration (JSON; "-" for standard input).' },
    format: { type: 'string', short: 'f', valueName: 'FORMAT', description: 'Report format.', choices: FORMATS, defaultText: 'text' },
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the report to FILE instead of standard output ("-": standard output).' },
    kayenta: { type: 'boolean', description: 'The input is a Kayenta RemoteJudge request; judge it as Kayenta does.' },
    'max-input-mb': MAX_INPUT_OPTION,
  },
  positionals: { min: 1, max: 1, names: 'one data file (DATA.json, or - for standard input)' },
  examples: [
    { note: 'judge and print a readable report', command: 'canary-judge judge data.json --config canary.json' },
    { note: 'machine-readable result for a pipeline step', command: 'canary-judge judge data.json -c canary.json --format json > judgement.json' },
    { note: 'a self-contained HTML report to attach to the build', command: 'canary-judge judge data.json -c canary.json --output report.html' },
    { note: 'read the data from another command', command: 'fetch-metrics | canary-judge judge - -c canary.json --format markdown' },
    { note: 'act on the verdict in a shell script', command: 'canary-judge judge data.json -c canary.json --quiet || echo "do not promote"' },
    { note: 'judge a stored Kayenta request as Kayenta would', command: 'canary-judge judge --kayenta request.json --format json' },
  ],
  async run(context) {
    const { values, positionals, io } = context;
    const dataSource = positionals[0] as string;
    const configSource = values['config'];
    const maxBytes = maxInputBytes(values, 'judge');
    const output = typeof values['output'] === 'string' ? values['output'] : undefined;
    if (values['kayenta'] === true) {
      if (configSource !== undefined) {
        throw new CliError('--kayenta takes no --config: the Kayenta request carries its own canaryConfig', EXIT.usage, {
          hint: "run 'canary-judge judge --help' for usage",
        });
      }
      const { judgeKayentaRequest } = await import('./judge-kayenta.js');
      const kayentaFormat = typeof values['format'] === 'string' ? values['format'] : chooseFormat(undefined, output);
      return judgeKayentaRequest(context, { source: dataSource, format: kayentaFormat, output, maxBytes }, (text, summary) =>
        deliver(context, text, output, summary),
      );
    }
    if (typeof configSource !== 'string') {
      throw new CliError("'judge' needs --config CONFIG.json", EXIT.usage, { hint: "run 'canary-judge judge --help' for usage" });
    }
    checkOneStdin([dataSource, configSource], 'judge');
    const format = chooseFormat(typeof values['format'] === 'string' ? values['format'] : undefined, output);

    // Timings only for --debug: reading the clock loads node's performance module.
    const clock = context.debug ? () => performance.now() : () => 0;
    const started = clock();
    const [{ config }, { raw: data, data: parsedData }] = await inOrder(loadConfig(configSource, io, maxBytes), loadData(dataSource, io, maxBytes));
    const loaded = clock();
    // Parsed and validated once, by loadConfig and loadData (with every problem's JSON path).
    const judgement = judgeParsed(config, parsedData);
    const sequentialProblem = judgement.sequential?.problem;
    if (sequentialProblem !== undefined && sequentialProblem !== null) throw new CliError(`cannot judge sequentially: ${sequentialProblem}`, EXIT.invalidInput);
    const judged = clock();
    const toStdout = output === undefined || output === '-';
    // --quiet to standard output prints no report, so none is rendered (nor its renderer loaded).
    if (context.quiet && toStdout) return exitCodeOfVerdict(judgement.verdict);
    const colour = format === 'text' && toStdout && wantsColour(io.stdout, io.env);
    const subtitle = `data ${dataSource === '-' ? 'from standard input' : dataSource} · config ${configSource === '-' ? 'from standard input' : configSource}`;
    const text = await renderJudgement(judgement, format, { colour, data, subtitle });
    if (context.debug) {
      context.note(
        `read ${(loaded - started).toFixed(1)} ms, judged ${(judged - loaded).toFixed(1)} ms, rendered ${format} ${(clock() - judged).toFixed(1)} ms`,
      );
    }
    await deliver(context, text, output, summaryLine(judgement));
    printNoticeSummary(context, judgement);
    return exitCodeOfVerdict(judgement.verdict);
  },
};
