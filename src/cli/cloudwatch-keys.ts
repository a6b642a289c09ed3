/** Whether a configuration names CloudWatch queries, whose shape the CloudWatch adapter checks. */

/**
 * Whether some metric of a parsed JSON configuration has a `cloudwatch` key.
 *
 * @example
 * hasCloudWatchQuery({ metrics: [{ name: 'cpu', cloudwatch: {} }] }) // => true
 */
export function hasCloudWatchQuery(raw: unknown): boolean {
  const metrics = typeof raw === 'object' && raw !== null ? (raw as { metrics?: unknown }).metrics : undefined;
  return Array.isArray(metrics) && metrics.some((metric: unknown) => typeof metric === 'object' && metric !== null && (metric as { cloudwatch?: unknown }).cloudwatch !== undefined);
}
