/**
 * `canary-judge watch`: judge a running canary again at every tick with the sequential mode
 * (statistics.md §11) until the verdict is final, `--max` has passed or the config's maxDuration is
 * reached; the exit code is the last verdict. Each look fetches everything since `--start` up to
 * now, so the judge stays stateless and every look is valid however many came before.
 */
import { judge, type Judgement } from '../../judge/index.js';
import { appendLook, renderSequenceSection, type SequenceTrack } from '../../report/sequence-chart.js';
import { parseStep } from '../../sources/time.js';
import { CliError, isCliError } from '../errors.js';
import { EXIT, exitCodeOfVerdict } from '../exit-codes.js';
import { wantsColour, writeOutputFile } from '../io.js';
import type { Command, CommandContext, OptionSpec } from '../parse.js';
import { BASIC_AUTH_ENV, BEARER_TOKEN_ENV } from '../fetching/credentials.js';
import { parseTimeFlag, readFetchFlags } from '../fetching/fetch-flags.js';
import { fetchMetrics } from '../fetching/fetch-metrics.js';
import { FETCH_OPTIONS, REFUSED_FETCH_OPTIONS } from '../fetching/fetch-options.js';
import { warnQueryNotes } from '../fetching/fetch-summary.js';
import { chooseFormat, renderJudgement, summaryLine } from './judge.js';
import { inputLabel, loadConfig, maxInputBytes } from '../load-inputs.js';

/** What standard output carries: the final report as text or JSON, or one JSON judgement per look. */
export const WATCH_FORMATS = ['text', 'json', 'jsonl'] as const;

const { end: _end, ...SOURCE_OPTIONS } = FETCH_OPTIONS;

const WATCH_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  ...SOURCE_OPTIONS,
  every: { type: 'string', valueName: 'DURATION', description: 'Time between looks, e.g. 30s, 1m.', defaultText: 'the step (--step), else 1m' },
  max: { type: 'string', valueName: 'DURATION', description: 'Stop watching after this long (the last verdict is then the answer, marginal included).', defaultText: 'until the config\'s sequential.maxDuration' },
  format: { type: 'string', short: 'f', valueName: 'FORMAT', description: 'Standard output: the final report (text, json) or one JSON judgement per look (jsonl).', choices: WATCH_FORMATS, defaultText: 'text' },
  output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Also write the final report to FILE (.html: with each metric\'s confidence sequence over time; .json .md .txt).' },
};

function durationFlag(raw: unknown, flag: string): number | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    return parseStep(raw, flag);
  } catch {
    throw new CliError(`--${flag} must be a duration such as 30s, 1m or 1h30m, or seconds; received "${raw}"`, EXIT.usage, { hint: "run 'canary-judge watch --help' for usage" });
  }
}

function minutes(seconds: number | null): string {
  if (seconds === null) return '?';
  if (seconds < 90) return `${Math.round(seconds)}s`;
  return `${Math.round(seconds / 60)}m`;
}

/** The progress line of one look: elapsed, each metric's state, the time-to-decision estimate. */
export function lookLine(look: number, judgement: Judgement): string {
  const sequential = judgement.sequential;
  const states = (sequential?.metrics ?? []).map((metric) => `${metric.name} ${metric.state}`).join(', ');
  const eta =
    sequential === undefined || sequential.final
      ? `${judgement.verdict} (final)`
      : `${judgement.verdict}, keep going${sequential.estimatedSecondsToDecision === null ? '' : `; decision in ~${minutes(sequential.estimatedSecondsToDecision)}`}`;
  return `look ${look} · ${minutes(sequential?.elapsed ?? null)} of ${minutes(sequential?.maxDuration ?? null)} · ${states} · ${eta}`.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

async function writeFinal(context: CommandContext, judgement: Judgement, tracks: readonly SequenceTrack[], format: string, output: string | undefined, data: unknown, subtitle: string): Promise<void> {
  const { io } = context;
  if (output !== undefined && output !== '-') {
    const fileFormat = chooseFormat(undefined, output);
    let text = await renderJudgement(judgement, fileFormat, { colour: false, data, subtitle });
    if (fileFormat === 'html') text = text.replace('</body>', `${renderSequenceSection(tracks)}\n</body>`);
    await writeOutputFile(output, text, io);
    if (!context.quiet && format !== 'jsonl') io.stdout.write(`${summaryLine(judgement)}: report written to ${output}\n`);
    return;
  }
  if (context.quiet || format === 'jsonl') return;
  const rendered = format === 'json' ? 'json' : 'text';
  io.stdout.write(await renderJudgement(judgement, rendered, { colour: rendered === 'text' && wantsColour(io.stdout, io.env), data, subtitle }));
}

export const command: Command = {
  name: 'watch',
  summary: 'Judge a running canary at every tick with confidence sequences until the verdict is final',
  usage: [
    'watch --config CONFIG.json --prometheus-url URL --start TIME --baseline-scope X --canary-scope Y [--every 1m] [--max 1h] [--format text|json|jsonl] [--output report.html]',
    'watch --config CONFIG.json --source cloudwatch --region REGION --start TIME --baseline-scope X --canary-scope Y',
  ],
  description: [
    [
      'Looks at the canary at every tick: fetches every metric from --start (when the canary started) until now,',
      'as \'canary-judge run\' does, and judges it in the sequential mode of the config ("sequential": { "minDuration",',
      '"maxDuration" }): fail as soon as harm is shown, pass once minDuration has passed and the verdict rule passes,',
      'otherwise keep going until maxDuration. Confidence sequences stay valid however often it looks.',
      'Stops at a final verdict, after --max, or at maxDuration; the exit code is the verdict: 0 pass, 1 fail, 2 marginal.',
    ].join('\n'),
    [
      'On a terminal (standard error, unless NO_COLOR or --quiet) a progress line per look shows the elapsed time, each',
      'metric\'s state and the estimated time to a decision. --format jsonl writes one JSON judgement per look on standard',
      'output; --output report.html writes the final report with each metric\'s confidence sequence over the looks.',
      'Ctrl-C (SIGINT) stops cleanly: the last judgement is written and the exit code is 130.',
    ].join('\n'),
    [
      `Credentials: --bearer-token-file or ${BEARER_TOKEN_ENV}, --basic-auth-file or ${BASIC_AUTH_ENV}; never a flag value.`,
      'Other exit codes: 64 bad flags, 65 a config without "sequential", a query problem or data without timestamps,',
      '66 unreadable input, 69 the source is unreachable at the first look, 73 --output cannot be written, 130 interrupted.',
    ].join('\n'),
  ],
  options: WATCH_OPTIONS,
  refusedOptions: {
    ...REFUSED_FETCH_OPTIONS,
    end: 'watch always looks up to now; give --start (when the canary started), and --max to stop earlier than maxDuration',
  },
  positionals: { min: 0, max: 0, names: 'no arguments' },
  examples: [
    {
      note: 'watch a canary that started 3 minutes ago, looking every minute',
      command: 'canary-judge watch -c canary.json --prometheus-url http://prometheus:9090 --start now-3m --baseline-scope v41 --canary-scope v42',
    },
    {
      note: 'for a pipeline: one JSON judgement per look, an HTML report at the end',
      command: 'canary-judge watch -c canary.json --prometheus-url http://prometheus:9090 --start 2026-01-01T10:00:00Z --baseline-scope v41 --canary-scope v42 --format jsonl -o report.html',
    },
  ],
  async run(context) {
    const { io, values } = context;
    // Each look ends at the current second (not at the minute `now` means for run / fetch); the start
    // is fixed at the first look, so "now-3m" means three minutes before the watch began.
    const nowSeconds = () => String(Math.floor(Date.now() / 1000));
    const startRaw = typeof values['start'] === 'string' ? values['start'] : undefined;
    const startNow = startRaw === undefined ? undefined : String(parseTimeFlag(startRaw, 'start', Date.now(), 'watch') / 1000);
    const firstFlags = readFetchFlags({ ...values, ...(startNow === undefined ? {} : { start: startNow }), end: nowSeconds() }, io.env, Date.now(), 'watch');
    const fixedStart = String(firstFlags.startMs / 1000);
    const everyMs = durationFlag(values['every'], 'every') ?? (firstFlags.step === undefined ? 60_000 : parseStep(firstFlags.step, 'step'));
    const maxMs = durationFlag(values['max'], 'max');
    const maxBytes = maxInputBytes(values, 'watch');
    const output = typeof values['output'] === 'string' ? values['output'] : undefined;
    const format = typeof values['format'] === 'string' ? values['format'] : 'text';
    const configLabel = inputLabel('config', firstFlags.configSource);
    const { config } = await loadConfig(firstFlags.configSource, io, maxBytes);
    if (config.sequential === undefined) {
      throw new CliError(`${configLabel} has no "sequential" settings: watch judges a running canary with confidence sequences`, EXIT.invalidInput, {
        hint: 'add "sequential": { "minDuration": "5m", "maxDuration": "60m" } to the config (docs/statistics.md §11)',
      });
    }
    const progress = io.stderr.isTTY === true && !context.quiet && (io.env['NO_COLOR'] === undefined || io.env['NO_COLOR'] === '');

    const watchStarted = Date.now();
    let interruptedBy: string | undefined;
    let wake: (() => void) | undefined;
    const unsubscribe = io.onShutdownSignal?.((signal) => {
      interruptedBy = signal;
      wake?.();
    });
    let last: Judgement | undefined;
    let lastData: unknown;
    let tracks: SequenceTrack[] = [];
    let subtitle = '';
    try {
      for (let look = 1; ; look++) {
        const flags = look === 1 ? firstFlags : readFetchFlags({ ...values, start: fixedStart, end: nowSeconds() }, io.env, Date.now(), 'watch');
        let fetched;
        try {
          fetched = await fetchMetrics(context, flags, config, configLabel, 'watch');
        } catch (error) {
          if (interruptedBy !== undefined && last !== undefined) break;
          // After a first good look a source that is briefly unreachable costs one look, not the run.
          if (last !== undefined && isCliError(error) && error.exitCode === EXIT.unavailable) {
            context.warn(`look ${look} skipped: ${error.message}`);
            fetched = undefined;
          } else {
            throw error;
          }
        }
        if (fetched !== undefined) {
          if (look === 1) warnQueryNotes(context, fetched.queries);
          const judgement = judge(config, fetched.data);
          const problem = judgement.sequential?.problem;
          if (problem !== undefined && problem !== null) throw new CliError(`cannot judge sequentially: ${problem}`, EXIT.invalidInput);
          last = judgement;
          lastData = fetched.data;
          subtitle = `${fetched.description} · baseline ${flags.baseline.scope} · canary ${flags.canary.scope} · watched from ${new Date(flags.startMs).toISOString()} · config ${flags.configSource === '-' ? 'from standard input' : flags.configSource}`;
          tracks = appendLook(tracks, judgement);
          if (format === 'jsonl') io.stdout.write(`${JSON.stringify({ look, ...judgement })}\n`);
          if (progress) io.stderr.write(`canary-judge: ${lookLine(look, judgement)}\n`);
          if (judgement.sequential?.final === true) break;
        }
        if (interruptedBy !== undefined) break;
        if (maxMs !== undefined && Date.now() - watchStarted + everyMs > maxMs) {
          if (last !== undefined) context.note(`--max ${values['max'] as string} reached: the last verdict (${last.verdict}) is the answer`);
          break;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, everyMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
        if (interruptedBy !== undefined) break;
      }
    } catch (error) {
      if (!(interruptedBy !== undefined && last !== undefined)) throw error;
    } finally {
      unsubscribe?.();
    }
    if (last === undefined) throw new CliError(`interrupted by ${interruptedBy ?? 'a signal'} before the first look; nothing was written`, EXIT.interrupted);
    await writeFinal(context, last, tracks, format, output, lastData, subtitle);
    if (interruptedBy !== undefined) {
      context.note(`interrupted by ${interruptedBy}: the last judgement (${last.verdict}, not final) was written`);
      return EXIT.interrupted;
    }
    return exitCodeOfVerdict(last.verdict);
  },
};
