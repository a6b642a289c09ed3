/**
 * The built `canary-judge` entry (dist/index.js and dist/index.cjs, built by the test set-up) is the
 * pure core: no adapter code, no AWS SDK, no `node:` import. The layering test checks the sources;
 * this checks what a user actually loads, after bundling and tree-shaking.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const dist = join(root, 'dist');

/** Every function the adapters export, by name: none of them may be in the core bundle. */
const adapterFunctions = readdirSync(join(root, 'src', 'adapters'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .flatMap((file) => [...readFileSync(join(root, 'src', 'adapters', file), 'utf8').matchAll(/export (?:async )?function (\w+)/g)].map((match) => match[1] as string));

describe('the core bundle', () => {
  it('knows the adapter functions to look for', () => {
    expect(adapterFunctions).toEqual(expect.arrayContaining(['createPrometheusSource', 'createCloudWatchSource', 'renderPromQL']));
  });

  for (const file of ['index.js', 'index.cjs']) {
    describe(`dist/${file}`, () => {
      const text = readFileSync(join(dist, file), 'utf8');

      it('imports no node: module and requires none', () => {
        expect(text).not.toMatch(/from\s*['"]node:|import\s*\(\s*['"]node:|require\s*\(\s*['"]node:/);
        expect(text).not.toMatch(/require\s*\(\s*['"](fs|path|http|https|net|child_process|os)['"]\s*\)/);
      });

      it('contains no AWS SDK', () => {
        expect(text).not.toMatch(/@aws-sdk|CloudWatchClient|GetMetricDataCommand/);
      });

      it("contains no adapter's config schema (the shape of `cloudwatch` is canary-judge/cloudwatch's to check)", () => {
        expect(text).not.toMatch(/function (isCloudWatchStatistic|cloudWatchConfigIssues|addCloudWatchQueryIssues|cloudWatchSchemaFor)\b/);
        // The CloudWatch query's keys, its unit list, its statistics and its API's name: no core words.
        // (`metricName` as a key: Kayenta's classifier has a parameter of that name.)
        expect(text).not.toMatch(/\bmetricName\s*:/);
        for (const word of ['GetMetricData', 'TargetResponseTime', 'Kilobits/Second', 'Count/Second', 'SampleCount', 'A CloudWatch metric and statistic.']) {
          expect(text, word).not.toContain(word);
        }
      });

      it('contains no adapter code', () => {
        const found = adapterFunctions.filter((name) => new RegExp(`\\bfunction ${name}\\b`).test(text));
        expect(found).toEqual([]);
        expect(text).not.toContain('/api/v1/query_range');
      });

      it('does contain the core (the check reads the real bundle)', () => {
        expect(text).toMatch(/function judge\b/);
        expect(text).toMatch(/function mannWhitney\b/);
      });
    });
  }
});
