/**
 * The renderers' guard: a value that is not a `Judgement` as `judge()` returns it (a Kayenta
 * result, a parsed JSON report, a hostile object whose getters throw) gets one clear
 * `InvalidOptionError` naming the renderer and the first missing part, never a `TypeError` from
 * deep inside a template.
 */
import type { Judgement } from '../judge/index.js';
import { CanaryJudgeError, InvalidOptionError } from '../shared/errors.js';

const VERDICTS = new Set(['pass', 'marginal', 'fail']);

/** The first thing wrong with `value` as a Judgement, or undefined when its shape is right. */
function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const judgement = value as Record<string, unknown>;
  if (!VERDICTS.has(judgement['verdict'] as string)) return '`verdict` is not "pass", "marginal" or "fail"';
  if (typeof judgement['score'] !== 'number') return '`score` is not a number';
  if (!Array.isArray(judgement['metrics'])) return '`metrics` is not an array';
  const summary = judgement['summary'];
  if (typeof summary !== 'object' || summary === null) return '`summary` is missing';
  if (typeof (summary as Record<string, unknown>)['outcomes'] !== 'object' || (summary as Record<string, unknown>)['outcomes'] === null) return '`summary.outcomes` is missing';
  const metrics = judgement['metrics'] as unknown[];
  for (let index = 0; index < metrics.length; index++) {
    const metric = metrics[index];
    if (typeof metric !== 'object' || metric === null) return `\`metrics[${index}]\` is not an object`;
    if (typeof (metric as Record<string, unknown>)['name'] !== 'string') return `\`metrics[${index}].name\` is not a string`;
    if (typeof (metric as Record<string, unknown>)['outcome'] !== 'string') return `\`metrics[${index}].outcome\` is not a string`;
  }
  return undefined;
}

/**
 * Renders `value` with `render` after checking it is a Judgement; any failure reading it (a
 * throwing getter, a revoked Proxy, a field of the wrong type deeper in) becomes an
 * `InvalidOptionError` for the `judgement` argument.
 *
 * @example
 * try { renderChecked('renderHtml', { verdict: 'PASS' }, () => '') } catch (error) { (error as Error).message }
 * // => 'Invalid option `judgement`: expected a Judgement as judge() returns it (renderHtml: `verdict` is not "pass", "marginal" or "fail"), received an object'
 */
export function renderChecked(renderer: string, value: unknown, render: (judgement: Judgement) => string): string {
  let problem: string | undefined;
  try {
    problem = shapeProblem(value);
  } catch {
    problem = 'it cannot be read (a getter or Proxy throws)';
  }
  if (problem !== undefined) throw new InvalidOptionError('judgement', `a Judgement as judge() returns it (${renderer}: ${problem})`, value);
  try {
    return render(value as Judgement);
  } catch (error) {
    if (error instanceof CanaryJudgeError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidOptionError('judgement', `a Judgement as judge() returns it (${renderer} could not read it: ${reason.split('\n')[0]})`, value);
  }
}
