/**
 * Issue 19 item 2: 125,000+ invalid values used to throw RangeError (maximum call stack size).
 * Validation lists the first 100 problems plus the count, for any input size.
 */
import { describe, expect, it } from 'vitest';
import { DataValidationError, judge, parseData, safeParseData } from '../../src/index.js';

describe('large invalid input', () => {
  it.each([125_000, 1_000_000])('%i invalid values: the first 100 problems and the count, no RangeError', (count) => {
    const data = { metrics: { m: { baseline: Array.from({ length: count }, () => 'x'), canary: [1, 2, 3] } } };
    const parsed = safeParseData(data);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues).toHaveLength(100);
    expect(parsed.problemCount).toBe(count);
    expect(parsed.issues[0]).toEqual({ path: 'metrics.m.baseline[0]', message: 'Invalid input: expected number | null | "NaN" | NaN, received "x"' });
    const thrown = (() => { try { parseData(data); } catch (error) { return error; } return undefined; })();
    expect(thrown).toBeInstanceOf(DataValidationError);
    expect((thrown as DataValidationError).problemCount).toBe(count);
    expect((thrown as Error).message).toContain(`${count} problems`);
    const judgement = judge({ metrics: [{ name: 'm', test: 'mann-whitney' }] }, data);
    expect(judgement.metrics[0]!.outcome).toBe('error');
    expect(judgement.metrics[0]!.explanation).toContain(`and ${count - 3} more`);
  });

  it('a throwing getter in the data is a validation problem, not a thrown Error', () => {
    const data = { metrics: { m: { get baseline(): number[] { throw new Error('boom'); }, canary: [1] } } };
    const parsed = safeParseData(data);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0]!.message).toContain('cannot be read');
  });
});
