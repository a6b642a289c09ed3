/**
 * `canary-judge run`: `fetch` and `judge` in one step. Takes the flags of `fetch` and the report
 * options of `judge`; the exit code is the verdict (0 pass, 1 fail, 2 marginal). Queries that
 * returned no series are named, with the query, on standard error and in the metric's `nodata`
 * reason (collect passes them to the judge in the data's `noDataReasons`).
 */
import { judge } from '../../judge/index.js';
import { CliError } from '../errors.js';
import { EXIT, exitCodeOfVerdict } from '../exit-codes.js';
import { wantsColour } from '../io.js';
import type { Command } from '../parse.js';
import { BASIC_AUTH_ENV, BEARER_TOKEN_ENV } from '../fetching/credentials.js';
import { readFetchFlags } from '../fetching/fetch-flags.js';
import { fetchMetrics } from '../fetching/fetch-metrics.js';
import { FETCH_OPTIONS, REFUSED_FETCH_OPTIONS } from '../fetching/fetch-options.js';
import { describeRange, warnQueryNotes } from '../fetching/fetch-summary.js';
import { FORMATS, chooseFormat, deliver, renderJudgement, summaryLine } from './judge.js';
import { inputLabel, loadConfig, maxInputBytes } from '../load-inputs.js';
import { printNoticeSummary } from '../notice-summary.js';

export const command: Command = {
  name: 'run',
  summary: 'Fetch from Prometheus or CloudWatch and judge in one step (exit code = verdict)',
  usage: [
    'run --config CONFIG.json --prometheus-url URL --start TIME --end TIME --baseline-scope X --canary-scope Y [--format F] [--output FILE]',
    'run --config CONFIG.json --source cloudwatch --region REGION --start TIME --end TIME --baseline-scope X --canary-scope Y',
  ],
  description: [
    [
      'Fetches every metric as \'canary-judge fetch\' does, judges the data as \'canary-judge judge\' does and prints',
      'the report. The exit code is the verdict: 0 pass, 1 fail, 2 marginal. Queries that returned no series are',
      'named, with the query, in the metric\'s nodata reason and on standard error.',
      'The format is --format, else the --output file\'s extension (.txt .json .md .html), else text.',
    ].join('\n'),
    [
      `Credentials: --bearer-token-file or ${BEARER_TOKEN_ENV}, --basic-auth-file or ${BASIC_AUTH_ENV}; never a flag`,
      'value. CloudWatch uses the AWS SDK\'s credential chain and needs the package @aws-sdk/client-cloudwatch.',
    ].join('\n'),
    [
      'Other exit codes: 64 bad flags, 65 a config or query problem, 66 unreadable input, 69 the source is',
      'unreachable or keeps failing (or the AWS SDK is not installed), 73 --output cannot be written, 130 interrupted.',
    ].join('\n'),
  ],
  options: {
    ...FETCH_OPTIONS,
    format: { type: 'string', short: 'f', valueName: 'FORMAT', description: 'Report format.', choices: FORMATS, defaultText: 'text' },
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the report to FILE instead of standard output ("-": standard output).' },
  },
  refusedOptions: REFUSED_FETCH_OPTIONS,
  positionals: { min: 0, max: 0, names: 'no arguments' },
  examples: [
    {
      note: 'judge the last hour of a canary in Prometheus',
      command: 'canary-judge run -c canary.json --prometheus-url http://prometheus:9090 --start now-1h --end now --baseline-scope v41 --canary-scope v42',
    },
    {
      note: 'an HTML report for the build, the verdict as the exit code',
      command: 'canary-judge run -c canary.json --prometheus-url http://prometheus:9090 --start now-1h --end now --baseline-scope v41 --canary-scope v42 -o report.html',
    },
    {
      note: 'from CloudWatch, as JSON',
      command: 'canary-judge run -c canary.json --source cloudwatch --region us-east-1 --start now-2h --end now --baseline-scope web-v41 --canary-scope web-v42 --format json',
    },
  ],
  async run(context) {
    const { io, values } = context;
    const flags = readFetchFlags(values, io.env, Date.now(), 'run');
    const maxBytes = maxInputBytes(values, 'run');
    const output = typeof values['output'] === 'string' ? values['output'] : undefined;
    const format = chooseFormat(typeof values['format'] === 'string' ? values['format'] : undefined, output);
    const configLabel = inputLabel('config', flags.configSource);
    const { config } = await loadConfig(flags.configSource, io, maxBytes);

    const started = performance.now();
    const fetched = await fetchMetrics(context, flags, config, configLabel, 'run');
    warnQueryNotes(context, fetched.queries);
    const judged = performance.now();
    const judgement = judge(config, fetched.data);
    const sequentialProblem = judgement.sequential?.problem;
    if (sequentialProblem !== undefined && sequentialProblem !== null) throw new CliError(`cannot judge sequentially: ${sequentialProblem}`, EXIT.invalidInput);
    const colour = format === 'text' && (output === undefined || output === '-') && wantsColour(io.stdout, io.env);
    const subtitle = `${fetched.description} · baseline ${flags.baseline.scope} · canary ${flags.canary.scope} · ${describeRange(fetched)} · config ${flags.configSource === '-' ? 'from standard input' : flags.configSource}`;
    const text = await renderJudgement(judgement, format, { colour, data: fetched.data, subtitle });
    if (context.debug) {
      context.note(`fetched ${fetched.queries.length} queries from ${fetched.description} in ${(judged - started).toFixed(0)} ms (${describeRange(fetched)}); judged and rendered ${format} in ${(performance.now() - judged).toFixed(1)} ms`);
    }
    await deliver(context, text, output, summaryLine(judgement));
    printNoticeSummary(context, judgement);
    return exitCodeOfVerdict(judgement.verdict);
  },
};
