/**
 * `canary-judge judge DATA.json --config CONFIG.json`: judges a canary and writes the report.
 * The exit code is the verdict: 0 pass, 1 fail, 2 marginal.
 */
import type { Judgement } from '../../judge/index.js';
import { judgeParsed } from '../../judge/judge.js';
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

export const command: Command = {
  name: 'judge',
  summary: 'Judge a canary: data + config -> verdict, score and report',
  usage: [
    'judge DATA.json --config CONFIG.json [--format text|json|markdown|html] [--output FILE]',
    'judge - --config CONFIG.json < DATA.json',
    'judge --kayenta REQUEST.json [--format json|text]',
  ],
  description: [
    'Reads the baseline and canary series of each metric (DATA.json, or "-" for standard input) and the',
    'judge configuration, judges every metric, scores them and prints the report on standard output.',
    'The exit code is the verdict: 0 pass, 1 fail, 2 marginal (65 when an input is invalid).',
    'The format is --format, else the --output file\'s extension (.txt .json .md .html), else text.',
    'Text is coloured on a terminal unless NO_COLOR is set. HTML is one self-contained page with charts.',
    'With --kayenta the input is a Kayenta RemoteJudge body ({ canaryConfig, scoreThresholds,',
    'metricSetPairList }), judged as Kayenta\'s NetflixACAJudge-v1.0 does; the output is its',
    'CanaryJudgeResult (--format json) or a readable report (text), and no --config is needed.',
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

    const started = performance.now();
    const [{ config }, { raw: data, data: parsedData }] = await inOrder(loadConfig(configSource, io, maxBytes), loadData(dataSource, io, maxBytes));
    const loaded = performance.now();
    // Parsed and validated once, by loadConfig and loadData (with every problem's JSON path).
    const judgement = judgeParsed(config, parsedData);
    const judged = performance.now();
    const colour = format === 'text' && (output === undefined || output === '-') && wantsColour(io.stdout, io.env);
    const subtitle = `data ${dataSource === '-' ? 'from standard input' : dataSource} · config ${configSource === '-' ? 'from standard input' : configSource}`;
    const text = await renderJudgement(judgement, format, { colour, data, subtitle });
    if (context.debug) {
      context.note(
        `read ${(loaded - started).toFixed(1)} ms, judged ${(judged - loaded).toFixed(1)} ms, rendered ${format} ${(performance.now() - judged).toFixed(1)} ms`,
      );
    }
    await deliver(context, text, output, summaryLine(judgement));
    printNoticeSummary(context, judgement);
    return exitCodeOfVerdict(judgement.verdict);
  },
};
