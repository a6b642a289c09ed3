import { describe, expect, it } from 'vitest';
import { chooseStep, formatDuration, parseStep, parseTime } from '../../src/prometheus.js';

describe('parseTime', () => {
  it('reads Dates, epoch seconds and RFC 3339', () => {
    expect(parseTime(new Date('2024-01-01T00:00:00Z'), 'start')).toBe(1_704_067_200_000);
    expect(parseTime(1_704_067_200, 'start')).toBe(1_704_067_200_000);
    expect(parseTime('1704067200.5', 'start')).toBe(1_704_067_200_500);
    expect(parseTime('2024-01-01T01:00:00+01:00', 'start')).toBe(1_704_067_200_000);
    expect(parseTime('2024-01-01T00:00:00.250Z', 'start')).toBe(1_704_067_200_250);
  });

  it('refuses milliseconds and loose dates', () => {
    expect(() => parseTime(1_704_067_200_000, 'start')).toThrow(/looks like milliseconds/);
    for (const value of ['yesterday', '2024-01-01', '01/02/2024', NaN, Infinity]) {
      expect(() => parseTime(value as never, 'end'), String(value)).toThrow(/Invalid option `end`/);
    }
  });
});

describe('parseStep and formatDuration', () => {
  it('reads seconds and Prometheus durations', () => {
    expect(parseStep(60, 'step')).toBe(60_000);
    expect(parseStep('0.5', 'step')).toBe(500);
    expect(parseStep('1m30s', 'step')).toBe(90_000);
    expect(parseStep('1h', 'step')).toBe(3_600_000);
    expect(parseStep('250ms', 'step')).toBe(250);
    for (const value of [0, -1, '1x', '', 'm', 0.0001]) expect(() => parseStep(value, 'step'), String(value)).toThrow(/Invalid option `step`/);
  });

  it('writes durations Prometheus reads', () => {
    expect(formatDuration(60_000)).toBe('60s');
    expect(formatDuration(1500)).toBe('1500ms');
  });
});

describe('chooseStep', () => {
  const hour = 3_600_000;
  it('uses at least 60s', () => {
    expect(chooseStep(0, hour, { maxPoints: 11_000 })).toBe(60_000);
    expect(chooseStep(0, 60_000, { maxPoints: 11_000 })).toBe(60_000);
  });

  it('picks the smallest round step under the limit, counting like Prometheus', () => {
    expect(chooseStep(0, 11_000 * 60_000, { maxPoints: 11_000 })).toBe(60_000);
    expect(chooseStep(0, 11_000 * 60_000 + 59_999, { maxPoints: 11_000 })).toBe(60_000);
    expect(chooseStep(0, 11_001 * 60_000, { maxPoints: 11_000 })).toBe(120_000);
    expect(chooseStep(0, 30 * 24 * hour, { maxPoints: 11_000 })).toBe(300_000);
    expect(chooseStep(0, 3650 * 24 * hour, { maxPoints: 11_000 })).toBe(43_200_000);
    const century = 36_500 * 24 * hour;
    const step = chooseStep(0, century, { maxPoints: 11_000 });
    expect(step).toBe(4 * 86_400_000);
    expect(Math.floor(century / step)).toBeLessThanOrEqual(11_000);
  });

  it('honours a smaller minimum', () => {
    expect(chooseStep(0, 600_000, { maxPoints: 11_000, minStepSeconds: 1 })).toBe(1000);
  });
});
