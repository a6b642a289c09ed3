/**
 * Deterministic OpenMetrics data for the real-Prometheus tests: three scenarios (label
 * `scenario`), each with a baseline and a canary (label `version`) served by two instances.
 *
 * - healthy: the canary behaves like the baseline;
 * - latency: the canary's request latency doubles (median 0.1 s → 0.2 s);
 * - errors: the canary's 5xx share jumps from 0.5% to 5%.
 *
 * Families: a gauge `app_cpu_usage`, a counter `http_requests_total` (by `code`), a histogram
 * `http_request_duration_seconds`; plus small gauges for gaps/NaN (`app_gap_gauge`), ±Inf
 * (`app_inf_gauge`) and awkward label values (`app_weird`). Samples every 15 s from
 * 2024-01-01T00:00:00Z for 70 minutes, timestamps in seconds; seeded randomness only.
 */
import { createRandom, type RandomSource } from '../../../../src/shared/random.js';
import type { CanaryConfigInput } from '../../../../src/index.js';

/** 2024-01-01T00:00:00Z in epoch seconds. */
export const T0 = 1_704_067_200;
/** The window the tests query: minutes 10 to 70, so `rate(…[60s])` has samples behind every step. */
export const WINDOW = { start: T0 + 600, end: T0 + 4200 } as const;
export const SCRAPE_SECONDS = 15;
export const SCENARIOS = ['healthy', 'latency', 'errors'] as const;
export type Scenario = (typeof SCENARIOS)[number];
export const INSTANCES = ['i-1', 'i-2'] as const;
export const BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2] as const;
/** A label value with a quote, a backslash, braces, a newline, a single quote and a dollar. */
export const WEIRD_VERSION = 'we"ird\\{x}\nline \'q\' $';

/** The sample times from `t0` for 70 minutes, every 15 s. */
function sampleTimes(t0: number): number[] {
  const times: number[] = [];
  for (let time = t0; time <= t0 + 4200; time += SCRAPE_SECONDS) times.push(time);
  return times;
}

function gaussian(random: RandomSource): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  return `{${Object.entries(pairs)
    .map(([name, value]) => `${name}="${escapeLabel(value)}"`)
    .join(',')}}`;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

interface Server {
  readonly scenario: Scenario;
  readonly version: 'baseline' | 'canary';
  readonly instance: string;
  readonly random: RandomSource;
  readonly medianLatency: number;
  readonly errorShare: number;
  ok: number;
  failed: number;
  buckets: number[];
  count: number;
  sum: number;
}

/**
 * Builds the whole OpenMetrics document (same text on every call with the same `t0`). `t0` moves
 * the 70 minutes of samples, e.g. to end just before now for callers that ask for "the last 10m".
 */
export function buildOpenMetrics(t0: number = T0): string {
  const timestamps = sampleTimes(t0);
  const servers: Server[] = [];
  for (const scenario of SCENARIOS) {
    for (const version of ['baseline', 'canary'] as const) {
      for (const instance of INSTANCES) {
        const isCanary = version === 'canary';
        servers.push({
          scenario,
          version,
          instance,
          random: createRandom(`${scenario}/${version}/${instance}`),
          medianLatency: isCanary && scenario === 'latency' ? 0.2 : 0.1,
          errorShare: isCanary && scenario === 'errors' ? 0.05 : 0.005,
          ok: 0,
          failed: 0,
          buckets: BUCKETS.map(() => 0),
          count: 0,
          sum: 0,
        });
      }
    }
  }

  const cpu: string[] = ['# TYPE app_cpu_usage gauge'];
  const requests: string[] = ['# TYPE http_requests counter'];
  const latency: string[] = ['# TYPE http_request_duration_seconds histogram'];
  for (const time of timestamps) {
    for (const server of servers) {
      const base = { scenario: server.scenario, version: server.version, instance: server.instance };
      const usage = 0.5 + 0.01 * gaussian(server.random);
      cpu.push(`app_cpu_usage${labels(base)} ${usage.toFixed(6)} ${time}`);

      if (time > t0) {
        const served = 290 + Math.floor(server.random() * 21);
        for (let request = 0; request < served; request++) {
          if (server.random() < server.errorShare) server.failed++;
          else server.ok++;
          const seconds = server.medianLatency * Math.exp(0.5 * gaussian(server.random));
          server.count++;
          server.sum += seconds;
          BUCKETS.forEach((bound, index) => {
            if (seconds <= bound) server.buckets[index] = (server.buckets[index] as number) + 1;
          });
        }
      }
      requests.push(`http_requests_total${labels({ ...base, code: '200' })} ${server.ok} ${time}`);
      requests.push(`http_requests_total${labels({ ...base, code: '500' })} ${server.failed} ${time}`);
      BUCKETS.forEach((bound, index) => {
        latency.push(`http_request_duration_seconds_bucket${labels({ ...base, le: String(bound) })} ${server.buckets[index]} ${time}`);
      });
      latency.push(`http_request_duration_seconds_bucket${labels({ ...base, le: '+Inf' })} ${server.count} ${time}`);
      latency.push(`http_request_duration_seconds_count${labels(base)} ${server.count} ${time}`);
      latency.push(`http_request_duration_seconds_sum${labels(base)} ${server.sum.toFixed(6)} ${time}`);
    }
  }

  // Gaps and NaN: the canary has no samples in (T0+1185, T0+2400) and a NaN sample at T0+900.
  const gaps: string[] = ['# TYPE app_gap_gauge gauge'];
  // ±Inf and NaN: the canary is +Inf at T0+1200, -Inf at T0+1260, NaN at T0+1320.
  const infinities: string[] = ['# TYPE app_inf_gauge gauge'];
  const weird: string[] = ['# TYPE app_weird gauge'];
  for (const time of timestamps) {
    gaps.push(`app_gap_gauge${labels({ version: 'baseline' })} 1 ${time}`);
    if (time <= t0 + 1185 || time >= t0 + 2400) {
      gaps.push(`app_gap_gauge${labels({ version: 'canary' })} ${time === t0 + 900 ? 'NaN' : '2'} ${time}`);
    }
    infinities.push(`app_inf_gauge${labels({ version: 'baseline' })} 1 ${time}`);
    const special = time === t0 + 1200 ? Infinity : time === t0 + 1260 ? -Infinity : time === t0 + 1320 ? NaN : 1;
    infinities.push(`app_inf_gauge${labels({ version: 'canary' })} ${formatValue(special)} ${time}`);
    weird.push(`app_weird${labels({ version: WEIRD_VERSION })} 7 ${time}`);
    weird.push(`app_weird${labels({ version: 'plain' })} 3 ${time}`);
  }

  return [...cpu, ...requests, ...latency, ...gaps, ...infinities, ...weird, '# EOF', ''].join('\n');
}

/** A PromQL selector of `name` for the side's scope in the chosen scenario (`--var scenario=…`). */
export const selector = (name: string, extra = ''): string => `${name}{scenario="\${scenario}",version="\${scope}"${extra}}`;

/** The canary configuration the end-to-end tests judge the scenarios with: a PromQL template per metric. */
export const SCENARIO_CONFIG = {
  thresholds: { pass: 95, marginal: 75 },
  metrics: [
    { name: 'cpu', test: 'mean-ratio', direction: 'either', margin: { relative: 0.1 }, query: `avg without(instance) (${selector('app_cpu_usage')})` },
    { name: 'throughput', test: 'mann-whitney', direction: 'decrease', margin: { relative: 0.1 }, query: `sum(rate(${selector('http_requests_total')}[\${step}]))` },
    {
      name: 'p90 latency',
      test: 'mann-whitney',
      direction: 'increase',
      margin: { relative: 0.15 },
      critical: true,
      query: `histogram_quantile(0.9, sum by (le) (rate(${selector('http_request_duration_seconds_bucket')}[\${step}])))`,
    },
    {
      name: '5xx rate',
      test: 'rate',
      direction: 'increase',
      margin: { relative: 0.5, absolute: 0.002 },
      critical: true,
      query: {
        events: `sum(increase(${selector('http_requests_total', ',code=~"5.."')}[\${step}]))`,
        total: `sum(increase(${selector('http_requests_total')}[\${step}]))`,
      },
    },
  ],
} satisfies CanaryConfigInput;
