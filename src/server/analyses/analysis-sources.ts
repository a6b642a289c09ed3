/**
 * The metric sources of the analysis templates: one per template, built on first use with the
 * server's credentials (`--bearer-token-file`, `--basic-auth-file`, `--header-file`, the AWS SDK's
 * chain), never with anything from a request. Fetching goes through the library's own `collect`
 * (Prometheus) and `collectCloudWatchDetailed` (CloudWatch).
 */
import type { CollectDetails, CollectOptions } from '../../sources/collect.js';
import type { AnalysisTemplate } from './analysis-template.js';

/** Credentials and extra headers for every Prometheus template (from the server's flags). */
export interface PrometheusCredentials {
  readonly bearerToken?: string;
  readonly basicAuth?: { readonly username: string; readonly password: string };
  readonly headers?: Readonly<Record<string, string>>;
}

/** What collecting one analysis gave, with the source's description (never a credential). */
export interface CollectedAnalysis extends CollectDetails {
  readonly description: string;
}

/** Fetches a template's metrics for one request. */
export interface AnalysisCollector {
  collect(template: AnalysisTemplate, options: CollectOptions): Promise<CollectedAnalysis>;
  /** Every secret the collector holds: the server removes them from any message it sends or logs. */
  readonly secrets: readonly string[];
}

/**
 * The collector the server uses: a Prometheus source (with `credentials`) or a CloudWatch source
 * per template, created once and reused.
 *
 * @example
 * const collector = createAnalysisCollector({ bearerToken: token });
 * (await collector.collect(template, { start, end, baseline: { scope: 'v41' }, canary: { scope: 'v42' } })).data.metrics // => { p99: { baseline: …, canary: … } }
 */
export function createAnalysisCollector(credentials: PrometheusCredentials = {}): AnalysisCollector {
  const cache = new Map<string, Promise<(options: CollectOptions) => Promise<CollectedAnalysis>>>();
  const secrets = [
    credentials.bearerToken,
    credentials.basicAuth?.password,
    credentials.basicAuth === undefined ? undefined : Buffer.from(`${credentials.basicAuth.username}:${credentials.basicAuth.password}`).toString('base64'),
    ...Object.values(credentials.headers ?? {}),
  ].filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4);

  const build = async (template: AnalysisTemplate): Promise<(options: CollectOptions) => Promise<CollectedAnalysis>> => {
    const spec = template.source;
    if (spec.kind === 'prometheus') {
      const { createPrometheusSource, collectDetailed } = await import('../../prometheus.js');
      const source = createPrometheusSource({
        url: spec.url,
        ...(credentials.bearerToken === undefined ? {} : { bearerToken: credentials.bearerToken }),
        ...(credentials.basicAuth === undefined ? {} : { basicAuth: credentials.basicAuth }),
        ...(credentials.headers === undefined || Object.keys(credentials.headers).length === 0 ? {} : { headers: credentials.headers }),
        timeoutMs: spec.timeoutMs,
        retries: spec.retries,
        backoff: { initialMs: 200, maxMs: 2_000 },
      });
      return async (options) => ({ ...(await collectDetailed(template.config, source, options)), description: source.description });
    }
    const adapter = await import('../../cloudwatch.js');
    const source = adapter.createCloudWatchSource({
      region: spec.region,
      ...(spec.endpoint === undefined ? {} : { endpoint: spec.endpoint }),
      timeoutMs: spec.timeoutMs,
      maxAttempts: spec.retries + 1,
    });
    return async (options) => ({ ...(await adapter.collectCloudWatchDetailed(template.config, source, options)), description: source.description });
  };

  return {
    secrets,
    async collect(template, options) {
      let run = cache.get(template.name);
      if (run === undefined) {
        run = build(template);
        cache.set(template.name, run);
        run.catch(() => cache.delete(template.name));
      }
      const step = template.source.stepMs;
      return (await run)(step === undefined || options.step !== undefined ? options : { ...options, step: step / 1000 });
    },
  };
}
