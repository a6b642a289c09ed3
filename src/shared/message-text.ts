/**
 * The words and numbers of messages, one policy for the whole package: how a level, a count and a
 * received value are written in explanations, warnings, errors and reports.
 */

/**
 * A confidence or interval level as a percentage with up to 4 significant digits and no trailing
 * zeros: 0.95 → `95%`, 0.9875 → `98.75%`, 0.998333… → `99.83%`. Every explanation, warning and report
 * writes levels this way, so one Judgement shows a level one way.
 *
 * @example
 * formatLevel(0.9875) // => '98.75%'
 */
export function formatLevel(level: number): string {
  return `${Number((level * 100).toPrecision(4))}%`;
}

/**
 * An integer with its thousands grouped by commas, as `toLocaleString('en-US')` writes it but
 * without loading the locale data (that first call costs the CLI tens of milliseconds).
 *
 * @example
 * groupThousands(-1234567) // => '-1,234,567'
 */
export function groupThousands(value: number): string {
  const digits = String(Math.abs(value));
  if (!/^\d+$/.test(digits)) return String(value);
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ',');
  return value < 0 ? `-${grouped}` : grouped;
}

/**
 * A count with its noun, the noun in the plural unless the count is 1.
 *
 * @example
 * plural(3, 'value') // => '3 values'
 */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Names a received value in a message: numbers, booleans and `null` as written, strings quoted (cut
 * after 40 characters), `nothing` for undefined, and `an array` / `an object` / `a function` for the rest.
 *
 * @example
 * describeValue('abc') // => '"abc"'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    if (Array.isArray(value)) return 'an array';
  } catch {
    return 'a revoked Proxy';
  }
  return `a${typeof value === 'object' ? 'n object' : ` ${typeof value}`}`;
}
