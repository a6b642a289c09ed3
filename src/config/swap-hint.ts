/**
 * The "did you swap the config and the data?" hint: a configuration's `metrics` is a list of
 * metrics, data's `metrics` is an object of series by metric name, so a document handed in the
 * wrong place can be recognised from its shape and the mistake named instead of a generic
 * validation error.
 */

/** The question every swap hint starts with, so callers and tests can find it. */
export const SWAP_QUESTION = 'did you swap the config and the data?';

function metricsOf(input: unknown): unknown {
  try {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
    return (input as { metrics?: unknown }).metrics;
  } catch {
    return undefined; // a throwing getter: not recognisable, no hint
  }
}

/**
 * Whether a document has the shape of canary-judge data: `metrics` is an object whose entries are
 * objects (each metric's `{ baseline, canary }`).
 *
 * @example
 * looksLikeData({ metrics: { cpu: { baseline: [1], canary: [2] } } }) // => true
 */
export function looksLikeData(input: unknown): boolean {
  const metrics = metricsOf(input);
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) return false;
  try {
    const entries = Object.values(metrics);
    return entries.length > 0 && entries.every((entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry));
  } catch {
    return false;
  }
}

/**
 * Whether a document has the shape of a canary-judge configuration: `metrics` is a list of objects
 * with a `name`.
 *
 * @example
 * looksLikeConfig({ metrics: [{ name: 'cpu', test: 'mean-ratio' }] }) // => true
 */
export function looksLikeConfig(input: unknown): boolean {
  const metrics = metricsOf(input);
  if (!Array.isArray(metrics)) return false;
  try {
    return metrics.length > 0 && metrics.every((metric) => typeof metric === 'object' && metric !== null && 'name' in metric);
  } catch {
    return false;
  }
}

/**
 * The hint for a document that failed validation as a configuration, when it looks like data.
 *
 * @example
 * configSwapHint({ metrics: { cpu: { baseline: [1], canary: [2] } } })?.startsWith('Did you swap') // => true
 */
export function configSwapHint(input: unknown): string | undefined {
  if (!looksLikeData(input)) return undefined;
  return `D${SWAP_QUESTION.slice(1)} This looks like canary-judge data ("metrics" is an object of series by metric name), not a configuration ("metrics" is a list of { name, test, … }).`;
}

/**
 * The hint for a document that failed validation as data, when it looks like a configuration.
 *
 * @example
 * dataSwapHint({ metrics: [{ name: 'cpu', test: 'mean-ratio' }] })?.startsWith('Did you swap') // => true
 */
export function dataSwapHint(input: unknown): string | undefined {
  if (!looksLikeConfig(input)) return undefined;
  return `D${SWAP_QUESTION.slice(1)} This looks like a canary-judge configuration ("metrics" is a list of { name, test, … }), not data ("metrics" is an object of series by metric name).`;
}
