/**
 * A source adapter's problems (the `cloudwatch` queries') merged into a configuration's safe parse:
 * placed with their metric, counted, the swap hint kept.
 */
import { describe, expect, it } from 'vitest';
import { safeParseConfig } from 'canary-judge';
import { withMetricIssues } from '../../src/config/with-metric-issues.js';

const extra = [{ path: 'metrics[1].cloudwatch.statistic', message: 'bad statistic' }];

describe('withMetricIssues', () => {
  it('leaves a result alone when there is nothing to add', () => {
    const parsed = safeParseConfig({ metrics: [] });
    expect(withMetricIssues(parsed, [])).toBe(parsed);
  });

  it('turns a valid parse into a failure listing the added problems', () => {
    expect(withMetricIssues(safeParseConfig({ metrics: [] }), extra)).toEqual({ ok: false, issues: extra, problemCount: 1 });
  });

  it('places each added problem after the others of its metric, before later metrics and later top-level keys', () => {
    const issue = (path: string) => ({ path, message: `problem at ${path}` });
    const core = ['thresholds.marginal', 'metrics[0].percentile', 'metrics[1].weight', 'metrics[2].percentile', 'verdictRule'];
    const merged = withMetricIssues({ ok: false, issues: core.map(issue), problemCount: 9 }, [issue('metrics[1].cloudwatch.statistic'), issue('metrics[0].cloudwatch')]);
    expect(merged.ok ? [] : merged.issues.map((one) => one.path)).toEqual([
      'thresholds.marginal',
      'metrics[0].percentile',
      'metrics[0].cloudwatch',
      'metrics[1].weight',
      'metrics[1].cloudwatch.statistic',
      'metrics[2].percentile',
      'verdictRule',
    ]);
    // Counted on top of every core problem, listed or not.
    expect(merged.ok ? 0 : merged.problemCount).toBe(11);
  });

  it('keeps the swap hint and drops a problem already listed', () => {
    const parsed = safeParseConfig({ metrics: { cpu: { baseline: [1], canary: [2] } } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const merged = withMetricIssues(parsed, [parsed.issues[0]!]);
    expect(merged).toEqual(parsed);
  });
});
