/**
 * `groupThousands` writes integers as `toLocaleString('en-US')` does (the reports used that, which
 * loads the locale data at the CLI's first count).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupThousands } from '../../src/shared/message-text.js';

describe('groupThousands', () => {
  it('matches toLocaleString("en-US") on safe integers', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -999_999, max: 999_999 })), (value) => {
        expect(groupThousands(value)).toBe(value.toLocaleString('en-US'));
      }),
      { seed: 13, numRuns: 2000 },
    );
  });

  it('groups at every third digit', () => {
    expect(groupThousands(0)).toBe('0');
    expect(groupThousands(999)).toBe('999');
    expect(groupThousands(1000)).toBe('1,000');
    expect(groupThousands(-1234567)).toBe('-1,234,567');
  });
});
