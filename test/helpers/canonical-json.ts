/**
 * JSON for comparing parsed values exactly: key order kept, and the values JSON cannot spell (NaN,
 * ±Infinity, -0, undefined) written apart, so two values print the same only when they are the same.
 */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === undefined) return '\u0000undefined';
    if (typeof item !== 'number') return item;
    if (Number.isNaN(item)) return '\u0000NaN';
    if (!Number.isFinite(item)) return `\u0000${item}`;
    return Object.is(item, -0) ? '\u0000-0' : item;
  });
}
