/**
 * The check of a configuration's `cloudwatch` keys. `parseConfig` (in `canary-judge`) takes each
 * such key as any object and the judge ignores it; its shape is the CloudWatch adapter's to check,
 * here: the CLI and the analysis service call this next to `safeParseConfig`, and
 * `cloudWatchCollectConfig` (so `collectCloudWatch`) before it fetches anything.
 */
import { METRIC_TESTS } from '../../config/config-schema.js';
import type { ValidationIssue } from '../../config/validation-error.js';
import { toValidationIssues } from '../../config/zod-issues.js';
import { addCloudWatchQueryIssues, cloudWatchMetricStatSchema, cloudWatchQuerySchema, cloudWatchSchemaFor } from './query-schema.js';

/** Every key the CloudWatch query schemas accept, for the did-you-mean of an unknown key. */
const CLOUDWATCH_KEYS: readonly string[] = Object.freeze(
  [...new Set(['events', 'total', ...Object.keys(cloudWatchQuerySchema.shape), ...Object.keys(cloudWatchMetricStatSchema.shape)])].sort(),
);

function cloudWatchKeys(): readonly string[] {
  return CLOUDWATCH_KEYS;
}

/** The problems of one metric's `cloudwatch` value (an object), with paths under `metrics[index]`. */
function metricIssues(cloudwatch: object, test: unknown, index: number): ValidationIssue[] {
  const parsed = cloudWatchSchemaFor(cloudwatch).safeParse(cloudwatch, { reportInput: true });
  if (!parsed.success) return toValidationIssues(parsed.error.issues, ['metrics', index, 'cloudwatch'], cloudWatchKeys);
  // Whether the kind fits the test is asked of a well-formed query and a known test only (an unknown
  // test is the core's to report), so one mistake gives one message.
  if (!(METRIC_TESTS as readonly unknown[]).includes(test)) return [];
  const fit: { code: 'custom'; path: PropertyKey[]; message: string }[] = [];
  addCloudWatchQueryIssues({ cloudwatch, test }, { addIssue: (issue) => fit.push(issue) });
  return toValidationIssues(fit.map((issue) => ({ ...issue, input: cloudwatch })), ['metrics', index], cloudWatchKeys);
}

/**
 * The problems of every metric's `cloudwatch` key in a configuration (as written or as
 * `parseConfig` returned it), each with its JSON path: a query of the wrong shape (`statistic`
 * spelled `P99`, a misspelled key with the key it probably meant, an expression with a
 * `namespace`…) or of the wrong kind for its metric's test (`rate` takes `{ events, total }`, the
 * others one query). None when every query fits. A `cloudwatch` that is not an object, and every
 * other key, are `parseConfig`'s to report.
 *
 * `collectCloudWatch` and `cloudWatchCollectConfig` call it and throw a `ConfigValidationError`
 * listing these problems; call it yourself to check a configuration before fetching.
 *
 * @example
 * const config = { metrics: [{ name: 'p99', test: 'mann-whitney', cloudwatch: { namespace: 'App', metricName: 'Latency', statistic: 'P99' } }] };
 * cloudWatchConfigIssues(config)[0].path // => 'metrics[0].cloudwatch.statistic'
 * cloudWatchConfigIssues(config).length // => 1
 */
export function cloudWatchConfigIssues(config: unknown): ValidationIssue[] {
  try {
    const metrics = typeof config === 'object' && config !== null ? (config as { metrics?: unknown }).metrics : undefined;
    if (!Array.isArray(metrics)) return [];
    const issues: ValidationIssue[] = [];
    metrics.forEach((metric: unknown, index) => {
      if (typeof metric !== 'object' || metric === null) return;
      const { cloudwatch, test } = metric as { cloudwatch?: unknown; test?: unknown };
      if (typeof cloudwatch !== 'object' || cloudwatch === null || Array.isArray(cloudwatch)) return;
      issues.push(...metricIssues(cloudwatch, test, index));
    });
    return issues;
  } catch (error) {
    // A configuration that cannot be read (a throwing getter, a revoked Proxy) is a problem, not a crash.
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : 'an error';
    return [{ path: '(root)', message: `The configuration's cloudwatch queries cannot be read as plain JSON data: reading them threw ${detail}` }];
  }
}
