/**
 * Fetching every metric of a config for both sides from Prometheus or CloudWatch, with a progress
 * line on a terminal and cancellation on a shutdown signal.
 *
 * The adapters are imported only here and only when a fetch runs, so `judge` never loads them, and
 * `@aws-sdk/client-cloudwatch` (an optional peer) is needed only for `--source cloudwatch`.
 */
import type { CanaryConfig } from '../../judge/index.js';
import type { CollectedData, CollectedQuery, CollectProgress } from '../../sources/collect.js';
import { CliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from '../parse.js';
import { registerUrlSecrets } from '../redacted-io.js';
import { readPrometheusCredentials } from './credentials.js';
import { fetchFailure } from './fetch-failure.js';
import type { FetchFlags } from './fetch-flags.js';
import type { SourceName } from './fetch-options.js';
import { readRequestHeaders } from './header-flags.js';
import { progressLine } from './progress-line.js';

/** Every metric needs a query for the chosen source; all the missing ones are listed at once (65). */
function checkQueries(config: CanaryConfig, source: SourceName, configLabel: string): void {
  const key = source === 'prometheus' ? 'query' : 'cloudwatch';
  const issues = config.metrics.flatMap((metric, index) =>
    metric[key] === undefined
      ? [
          {
            path: `metrics[${index}].${key}`,
            message:
              source === 'prometheus'
                ? `metric "${metric.name}" has no query: expected a PromQL template${metric.test === 'rate' ? ' pair { "events": …, "total": … }' : ''}`
                : `metric "${metric.name}" has no cloudwatch query: expected { namespace, metricName, dimensions, statistic }${metric.test === 'rate' ? ' for each of events and total' : ' or { expression }'}`,
          },
        ]
      : [],
  );
  if (issues.length > 0) {
    throw new CliError(
      `${configLabel} cannot be fetched from ${source === 'prometheus' ? 'Prometheus' : 'CloudWatch'}: ${issues.length === 1 ? 'a metric has' : `${issues.length} metrics have`} no ${key === 'query' ? 'query' : '"cloudwatch" query'}`,
      EXIT.invalidInput,
      { issues, hint: `see docs/${source}.md for the "${key}" key of a metric` },
    );
  }
}

/** What a fetch gave. */
export interface Fetched {
  readonly data: CollectedData;
  readonly queries: readonly CollectedQuery[];
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
  /** The source, e.g. `Prometheus at http://prometheus:9090` (never with credentials). */
  readonly description: string;
}

/**
 * Fetches every metric of `config` for both sides. Subscribes to the shutdown signals for the
 * duration (a signal cancels every query in flight); draws a progress line on a terminal.
 */
export async function fetchMetrics(context: CommandContext, flags: FetchFlags, config: CanaryConfig, configLabel: string, commandName: string): Promise<Fetched> {
  const { io } = context;
  if (flags.prometheus !== undefined) registerUrlSecrets(io, flags.prometheus.url);
  checkQueries(config, flags.source, configLabel);
  const credentials = flags.prometheus === undefined ? {} : await readPrometheusCredentials(flags.prometheus, io, commandName);
  const headers = flags.prometheus === undefined ? {} : await readRequestHeaders(flags.prometheus, io, commandName);

  const controller = new AbortController();
  let interruptedBy: string | undefined;
  const unsubscribe = io.onShutdownSignal?.((signal) => {
    interruptedBy = signal;
    controller.abort(new Error(`${signal} received`));
  });
  const progress = progressLine(context);
  // Two sides, and two queries (events, total) for a rate metric.
  const queryCount = config.metrics.reduce((sum, metric) => sum + (metric.test === 'rate' ? 4 : 2), 0);
  let description = flags.source === 'prometheus' ? 'Prometheus' : 'CloudWatch';
  const onProgress = (step: CollectProgress) => {
    const role = step.role === 'value' ? '' : `, ${step.role}`;
    progress.show(`fetching ${step.done}/${step.total} queries from ${description} (last: ${step.metric}, ${step.side}${role})`);
  };
  const common = {
    start: flags.startMs / 1000,
    end: flags.endMs / 1000,
    ...(flags.step === undefined ? {} : { step: flags.step }),
    baseline: flags.baseline,
    canary: flags.canary,
    variables: flags.variables,
    signal: controller.signal,
    onProgress,
  };
  try {
    if (flags.prometheus !== undefined) {
      const { createPrometheusSource, collectDetailed } = await import('../../prometheus.js');
      const source = createPrometheusSource({
        url: flags.prometheus.url,
        ...credentials,
        ...(Object.keys(headers).length === 0 ? {} : { headers }),
        ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
        ...(flags.retries === undefined ? {} : { retries: flags.retries }),
      });
      description = source.description;
      progress.show(`fetching 0/${queryCount} queries from ${description}`);
      const details = await collectDetailed(config, source, common);
      return { ...details, description };
    }
    const cloudwatchFlags = flags.cloudwatch as NonNullable<FetchFlags['cloudwatch']>;
    const adapter = await import('../../cloudwatch.js');
    try {
      await adapter.loadCloudWatchSdk();
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 'MISSING_DEPENDENCY') throw error;
      const { name, versions } = adapter.CLOUDWATCH_SDK_PACKAGE;
      throw new CliError(`--source cloudwatch needs the AWS SDK package ${name}, which is not installed`, EXIT.unavailable, {
        hint: `install it next to canary-judge: npm install ${name}@${versions} (it is an optional peer dependency, so that Prometheus users need not install the AWS SDK; see docs/cloudwatch.md)`,
      });
    }
    const source = adapter.createCloudWatchSource({
      region: cloudwatchFlags.region,
      ...(cloudwatchFlags.endpoint === undefined ? {} : { endpoint: cloudwatchFlags.endpoint }),
      ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
      ...(flags.retries === undefined ? {} : { maxAttempts: flags.retries + 1 }),
    });
    description = source.description;
    progress.show(`fetching 0/${queryCount} queries from ${description}`);
    const details = await adapter.collectCloudWatchDetailed(config, source, common);
    return { ...details, description };
  } catch (error) {
    throw fetchFailure(error, flags, configLabel, commandName, interruptedBy);
  } finally {
    progress.clear();
    unsubscribe?.();
  }
}
