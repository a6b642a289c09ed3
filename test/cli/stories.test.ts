/**
 * The canary stories of issue 12 (test/fixtures/scenarios/stories/), each judged through the
 * library and the built CLI: the verdict, what decided it and the exit code the issue demands, the
 * per-metric outcomes and reasons, the warnings in every report format, the notices on stderr, and
 * what `validate` says before any judgement. expected.json is written by hand (see its description).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigValidationError, escapeHtml, escapeMarkdown, judge, renderHtml, renderMarkdown, renderText } from 'canary-judge';
import { root, runCliProcess } from './helpers.js';

interface Expected {
  readonly description: string;
  readonly verdict?: 'pass' | 'marginal' | 'fail';
  readonly decidedBy?: string;
  readonly exitCode?: number;
  readonly score?: { readonly value: number; readonly tolerance: number };
  readonly metrics?: Record<
    string,
    { outcome: string; harm?: string; dataShortfall?: string; reasonIncludes?: string[]; relative?: { value: number; tolerance: number } }
  >;
  readonly otherMetricsOutcome?: string;
  readonly warningsInclude?: string[];
  readonly stderrIncludes?: string[];
  readonly validateIncludes?: string[];
  readonly configError?: { readonly exitCode: number; readonly messageIncludes: string };
}

const storiesRoot = join(root, 'test/fixtures/scenarios/stories');
const stories = readdirSync(storiesRoot).filter((name) => statSync(join(storiesRoot, name)).isDirectory()).sort();
const path = (name: string, file: string) => join(storiesRoot, name, file);
const read = (name: string, file: string): unknown => JSON.parse(readFileSync(path(name, file), 'utf8'));

describe('issue 12 stories', () => {
  it('has every story the issue lists', () => {
    expect(stories).toEqual([
      'critical-no-canary-data',
      'data-key-case',
      'margin-as-percent',
      'one-regression-among-twenty',
      'p99-per-step-4x',
      'p99-per-step-4x-mann-whitney',
      'proven-harm-not-critical',
      'thresholds-as-fractions',
    ]);
  });

  describe.each(stories)('%s', (name) => {
    const expected = read(name, 'expected.json') as Expected;
    const config = read(name, 'config.json') as Parameters<typeof judge>[0];
    const data = read(name, 'data.json');

    if (expected.configError !== undefined) {
      const { exitCode, messageIncludes } = expected.configError;
      it('the library refuses the configuration', () => {
        expect(() => judge(config, data)).toThrow(ConfigValidationError);
        expect(() => judge(config, data)).toThrow(messageIncludes);
      });
      it(`the CLI exits ${exitCode} with the message, in judge and validate`, async () => {
        for (const args of [['judge', path(name, 'data.json'), '-c', path(name, 'config.json')], ['validate', '-c', path(name, 'config.json')]]) {
          const run = await runCliProcess(args);
          expect(run.code).toBe(exitCode);
          expect(run.stderr).toContain(messageIncludes);
        }
      });
      return;
    }

    it('library: the verdict, what decided it, and each metric', () => {
      const judgement = judge(config, data);
      const context = judgement.explanation;
      expect(judgement.verdict, context).toBe(expected.verdict);
      expect(judgement.summary.decidedBy, context).toBe(expected.decidedBy);
      if (expected.score !== undefined) expect(Math.abs(judgement.score - expected.score.value), context).toBeLessThanOrEqual(expected.score.tolerance);
      for (const metric of judgement.metrics) {
        const want = expected.metrics?.[metric.name];
        if (want === undefined) {
          expect(expected.otherMetricsOutcome, `no expectation for ${metric.name}`).toBeDefined();
          expect(metric.outcome, metric.explanation).toBe(expected.otherMetricsOutcome);
          continue;
        }
        expect(metric.outcome, metric.explanation).toBe(want.outcome);
        if (want.harm !== undefined) expect(metric.harm).toBe(want.harm);
        if (want.dataShortfall !== undefined) expect(metric.dataShortfall).toBe(want.dataShortfall);
        for (const part of want.reasonIncludes ?? []) expect(metric.reason, metric.explanation).toContain(part);
        if (want.relative !== undefined) expect(Math.abs((metric.estimate.relative ?? Number.NaN) - want.relative.value)).toBeLessThanOrEqual(want.relative.tolerance);
      }
      for (const name of Object.keys(expected.metrics ?? {})) expect(judgement.metrics.map((metric) => metric.name)).toContain(name);
      for (const warning of expected.warningsInclude ?? []) expect(judgement.summary.warnings.join('\n')).toContain(warning);
    });

    if ((expected.warningsInclude ?? []).length > 0) {
      it('every report format shows the warnings', () => {
        const judgement = judge(config, data);
        for (const warning of expected.warningsInclude ?? []) {
          expect(renderText(judgement)).toContain(warning);
          expect(renderMarkdown(judgement)).toContain(escapeMarkdown(warning));
          expect(renderHtml(judgement)).toContain(escapeHtml(warning));
        }
      });
    }

    it(`CLI: exit ${expected.exitCode}, the verdict on stdout, the notices on stderr`, async () => {
      const run = await runCliProcess(['judge', path(name, 'data.json'), '-c', path(name, 'config.json')]);
      expect(run.code, run.stderr).toBe(expected.exitCode);
      expect(run.stdout.split('\n')[0]).toMatch(new RegExp(`^${(expected.verdict ?? '').toUpperCase()}  score`));
      for (const part of expected.stderrIncludes ?? []) expect(run.stderr).toContain(part);
      if ((expected.stderrIncludes ?? []).length === 0) expect(run.stderr).toBe('');
    });

    if (expected.validateIncludes !== undefined) {
      it('validate says it before any judgement', async () => {
        const run = await runCliProcess(['validate', '-c', path(name, 'config.json'), path(name, 'data.json')]);
        expect(run.code).toBe(0);
        for (const part of expected.validateIncludes ?? []) expect(run.stderr).toContain(part);
        if ((expected.validateIncludes ?? []).length === 0) expect(run.stderr).not.toContain('percentile test');
      });
    }
  });
});
