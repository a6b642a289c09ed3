/**
 * `canary-judge judge --kayenta REQUEST.json`: judges a Kayenta RemoteJudge body (canaryConfig,
 * scoreThresholds, metricSetPairList) exactly as Kayenta's NetflixACAJudge-v1.0 does, and prints
 * the CanaryJudgeResult (json) or a readable report (text). Loaded only when `--kayenta` is given.
 */
import { judgeKayenta, safeParseKayentaRequest } from '../../kayenta/index.js';
import { renderKayentaText } from '../../report/kayenta-text.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { readJsonInput, wantsColour } from '../io.js';
import type { CommandContext } from '../parse.js';
import { inputLabel } from '../load-inputs.js';

/** Exit code of Kayenta's summary classification: Pass 0, Fail 1, Marginal 2. */
function exitCodeOfClassification(classification: string): number {
  if (classification === 'Pass') return EXIT.pass;
  if (classification === 'Marginal') return EXIT.marginal;
  return EXIT.fail;
}

export async function judgeKayentaRequest(
  context: CommandContext,
  options: { source: string; format: string; output: string | undefined; maxBytes: number },
  deliver: (text: string, summary: string) => Promise<void>,
): Promise<number> {
  const { io } = context;
  if (options.format !== 'json' && options.format !== 'text') {
    throw new CliError(`--kayenta prints json or text, not ${options.format} (from --format or the --output extension)`, EXIT.usage, {
      hint: "run 'canary-judge judge --help' for usage",
    });
  }
  const label = inputLabel('request', options.source);
  const raw = await readJsonInput(options.source, io, { label, maxBytes: options.maxBytes });
  const parsed = safeParseKayentaRequest(raw);
  if (!parsed.ok) {
    const count = parsed.issues.length;
    throw new CliError(`${label} is not a valid Kayenta RemoteJudge request (${count} problem${count === 1 ? '' : 's'})`, EXIT.invalidInput, {
      issues: parsed.issues,
      hint: 'expected { canaryConfig, scoreThresholds: { pass, marginal }, metricSetPairList }; see docs/kayenta.md',
    });
  }
  const result = judgeKayenta(parsed.value);
  const toStdout = options.output === undefined || options.output === '-';
  const text =
    options.format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : renderKayentaText(result, { color: toStdout && wantsColour(io.stdout, io.env) });
  await deliver(text, `${result.score.classification.toUpperCase()}  score ${result.score.score}/100`);
  return exitCodeOfClassification(result.score.classification);
}
