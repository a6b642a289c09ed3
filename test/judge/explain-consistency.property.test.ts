/**
 * No sentence contradicts its numbers (issue 12): for random effects, margins and directions, each
 * measure's clause in a metric's explanation ("is above / below / within the allowed", "straddles
 * the allowed") agrees with the interval and the margin printed in that same clause, and the
 * outcome after the arrow is the classification's. Numbers are read back from the sentence as
 * printed (3 significant digits), so a comparison may be an equality after rounding, never reversed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../../src/config/config-schema.js';
import { classifyEffect } from '../../src/judge/classify.js';
import type { Effect } from '../../src/judge/effect.js';
import { explainMetric } from '../../src/judge/explain.js';

const NUMBER = String.raw`[+-]?(?:∞|\d+(?:\.\d+)?(?:e[+-]?\d+)?)%?`;
const CLAUSE = new RegExp(
  String.raw`(${NUMBER})( absolute)? \(\S+ CI (${NUMBER}) to (${NUMBER})\)(?: and (${NUMBER})( absolute)? \(\S+ CI (${NUMBER}) to (${NUMBER})\))? (?:(is|are both|both) )?(above|below|within|straddles|straddle) the allowed ([+±-]\S+?)(?: and ([+±-]\S+?))?(?=,| \(| →| \[)`,
  'gu',
);

function read(text: string): number {
  const relative = text.endsWith('%');
  const body = relative ? text.slice(0, -1) : text;
  const value = body.replace(/^[+±]/, '') === '∞' ? Number.POSITIVE_INFINITY : Number(body.replace(/^[+±]/, '').replace('∞', 'Infinity'));
  const signed = body.startsWith('-') ? -Math.abs(value) : value;
  return relative ? signed / 100 : signed;
}

/** A tolerance covering 3-significant-digit rounding of both numbers compared. */
function close(a: number, b: number): number {
  return 0.006 * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

function check(claim: string, low: number, high: number, margin: number, direction: Direction): boolean {
  const le = (a: number, b: number) => a <= b + close(a, b);
  const sides = direction === 'increase' ? ['high'] : direction === 'decrease' ? ['low'] : ['high', 'low'];
  switch (claim) {
    case 'above':
      return sides.includes('high') && le(margin, low);
    case 'below':
      return sides.includes('low') && le(high, -margin);
    case 'within':
      return sides.every((side) => (side === 'high' ? le(high, margin) : le(-margin, low)));
    default:
      // straddles: not wholly beyond any harmful side's margin, and not wholly inside.
      return (
        !sides.some((side) => (side === 'high' ? low > margin + close(low, margin) : high < -margin - close(high, margin))) &&
        sides.some((side) => (side === 'high' ? high >= margin - close(high, margin) : low <= -margin + close(low, margin)))
      );
  }
}

const change = fc
  .tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }))
  .map(([estimate, below, above]) => ({ estimate, interval: [estimate - below, estimate + above] as [number, number] }));

describe('explanations agree with their numbers', () => {
  it('each clause claims what its own interval and margin show, and the arrow gives the outcome', () => {
    fc.assert(
      fc.property(
        change,
        change,
        fc.option(fc.double({ min: 0.001, max: 2, noNaN: true }), { nil: undefined }),
        fc.option(fc.double({ min: 0.001, max: 2, noNaN: true }), { nil: undefined }),
        fc.constantFrom<Direction>('increase', 'decrease', 'either'),
        fc.boolean(),
        (relative, absolute, relativeMargin, absoluteMargin, direction, isRate) => {
          fc.pre(relativeMargin !== undefined || absoluteMargin !== undefined);
          const margin = { ...(relativeMargin === undefined ? {} : { relative: relativeMargin }), ...(absoluteMargin === undefined ? {} : { absolute: absoluteMargin }) };
          const effect: Effect = {
            method: 'test',
            pValue: 0.5,
            absolute,
            relative,
            relativeUnavailable: null,
            informationSizes: { baseline: 100, canary: 100 },
            warnings: [],
          };
          const classification = classifyEffect(effect, margin, direction, 0.95);
          const line = explainMetric({
            name: 'm',
            outcome: classification.outcome,
            direction,
            margin,
            muted: false,
            reason: classification.note,
            effect,
            classification,
            intervalLevel: 0.95,
            isRate,
            rates: isRate ? { baseline: { events: 10, total: 1000 }, canary: { events: 12, total: 1000 } } : null,
          });
          expect(line).toContain(`→ ${classification.outcome}`);
          const clauses = [...line.matchAll(CLAUSE)];
          expect(clauses.length, line).toBeGreaterThan(0);
          let measures = 0;
          const claims: string[] = [];
          for (const clause of clauses) {
            const [, , , lowA, highA, , , lowB, highB, , claim, marginA, marginB] = clause as unknown as (string | undefined)[];
            const pairs: [string, string, string][] = [[lowA as string, highA as string, marginA as string]];
            if (lowB !== undefined) pairs.push([lowB, highB as string, marginB as string]);
            for (const [low, high, allowed] of pairs) {
              measures++;
              claims.push(claim as string);
              expect(check(claim as string, read(low), read(high), Math.abs(read(allowed)), direction), `${claim} in: ${line}`).toBe(true);
            }
          }
          const configured = (relativeMargin === undefined ? 0 : 1) + (absoluteMargin === undefined ? 0 : 1);
          expect(measures, line).toBe(configured);
          // Harm needs every measure beyond its margin on one side: a fail claims exactly that, a pass or an inconclusive never does.
          const allBeyondOneSide = claims.every((claim) => claim === 'above') || claims.every((claim) => claim === 'below');
          expect(allBeyondOneSide, line).toBe(classification.outcome === 'fail');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the bug the issue names cannot come back: a pass whose relative interval reaches +319% says so', () => {
    const effect: Effect = {
      method: 'rate',
      pValue: 0.5,
      absolute: { estimate: 0.000054, interval: [-0.000418, 0.000526] },
      relative: { estimate: 0.163, interval: [-0.677, 3.19] },
      relativeUnavailable: null,
      informationSizes: { baseline: 61_741, canary: 21_191 },
      warnings: [],
    };
    const margin = { relative: 0.5, absolute: 0.001 };
    const classification = classifyEffect(effect, margin, 'increase', 0.9875);
    const line = explainMetric({
      name: '5xx ratio',
      outcome: classification.outcome,
      direction: 'increase',
      margin,
      muted: false,
      reason: null,
      effect,
      classification,
      intervalLevel: 0.9875,
      isRate: true,
      rates: { baseline: { events: 21, total: 61_741 }, canary: { events: 8, total: 21_191 } },
    });
    expect(line).toBe(
      '5xx ratio 0.034% → 0.0378% (21 of 61,741 → 8 of 21,191): +16.3% (98.75% CI -67.7% to +319%) straddles the allowed +50%, but +0.000054 absolute (98.75% CI -0.000418 to +0.000526) is within the allowed +0.001 (a change is harm only beyond both margins) → pass',
    );
  });
});
