/**
 * A configuration checked as the CLI checks it: the core schema (`safeParseConfig`), plus the
 * shape of the keys a source adapter owns (each metric's `cloudwatch` query), which the core leaves
 * to the adapter. The adapter's check is loaded only when a metric has such a key, so judging a
 * configuration without one loads nothing of CloudWatch.
 */
import type { CanaryConfig } from '../config/config-schema.js';
import { safeParseConfig, type SafeParseResult } from '../config/parse.js';
import { withMetricIssues } from '../config/with-metric-issues.js';
import { hasCloudWatchQuery } from './cloudwatch-keys.js';

/**
 * `safeParseConfig(raw)` with the problems of the metrics' `cloudwatch` queries added, each with
 * its JSON path (a parsed JSON document: the CLI's inputs are never hostile objects).
 */
export async function checkConfig(raw: unknown): Promise<SafeParseResult<CanaryConfig>> {
  const parsed = safeParseConfig(raw);
  if (!hasCloudWatchQuery(raw)) return parsed;
  const { cloudWatchConfigIssues } = await import('../adapters/cloudwatch/config-issues.js');
  return withMetricIssues(parsed, cloudWatchConfigIssues(raw));
}
