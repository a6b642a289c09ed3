/**
 * Writes the example canaries under examples/: for each, `config.json` (hand-chosen, written here)
 * and `data.json` (made from a seeded generator, so re-running this script gives the same bytes).
 *
 * Every example covers the same 30-minute window (2026-11-20 14:00–14:30 UTC). The baseline is
 * three pods behind the same load balancer as the one canary pod, so the baseline sees about three
 * times the canary's traffic. Latencies are per-request samples in milliseconds with the second
 * they were served; errors are per-minute counts of 5xx responses out of all responses; cpu is
 * the per-minute mean utilisation (%) of the pods.
 *
 * Run: npx tsx examples/generate.ts [OUTPUT_DIRECTORY]   (default: examples/ itself)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = process.argv[2] ?? dirname(fileURLToPath(import.meta.url));
const WINDOW_START = Date.UTC(2026, 10, 20, 14, 0, 0) / 1000;
const MINUTES = 30;

/** A seeded source of uniforms in [0, 1) (a 32-bit counter passed through a bit mixer). */
function uniforms(seed: number): () => number {
  let counter = seed >>> 0;
  return () => {
    counter = (counter + 0x9e3779b9) >>> 0;
    let mixed = counter;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b);
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35);
    mixed ^= mixed >>> 16;
    return (mixed >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Marsaglia's polar method). */
function gaussians(seed: number): () => number {
  const uniform = uniforms(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const factor = Math.sqrt((-2 * Math.log(s)) / s);
        spare = v * factor;
        return u * factor;
      }
    }
  };
}

/** Poisson draws by inversion (means here are small, at most a few dozen). */
function poissons(seed: number): (mean: number) => number {
  const uniform = uniforms(seed);
  return (mean) => {
    let count = 0;
    let probability = Math.exp(-mean);
    let cumulative = probability;
    const target = uniform();
    while (target > cumulative && count < 10_000) {
      count++;
      probability *= mean / count;
      cumulative += probability;
    }
    return count;
  };
}

interface LatencyShape {
  /** Median of the usual requests, ms. */
  readonly median: number;
  /** Spread of log-latency. */
  readonly spread: number;
  /** Share of requests that take a slow path, and how much slower it is (ms). */
  readonly slowShare?: number;
  readonly slowExtra?: number;
}

/** Per-request latencies (ms, one decimal) served at sorted random seconds of the window. */
function requestLatencies(count: number, shape: LatencyShape, seed: number): { values: number[]; timestamps: number[] } {
  const normal = gaussians(seed);
  const uniform = uniforms(seed + 7919);
  const times = Array.from({ length: count }, () => WINDOW_START + Math.floor(uniform() * MINUTES * 60)).sort((a, b) => a - b);
  const values = times.map(() => {
    let latency = shape.median * Math.exp(shape.spread * normal());
    if (shape.slowShare !== undefined && uniform() < shape.slowShare) latency += shape.slowExtra ?? 0;
    return Math.round(latency * 10) / 10;
  });
  return { values, timestamps: times };
}

/** Per-minute 5xx and request counts. */
function errorCounts(requestsPerMinute: number, errorRate: number, seed: number): { events: number[]; total: number[]; timestamps: number[] } {
  const normal = gaussians(seed);
  const poisson = poissons(seed + 104729);
  const total: number[] = [];
  const events: number[] = [];
  const timestamps: number[] = [];
  for (let minute = 0; minute < MINUTES; minute++) {
    const requests = Math.max(0, Math.round(requestsPerMinute * (1 + 0.08 * normal())));
    total.push(requests);
    events.push(Math.min(requests, poisson(requests * errorRate)));
    timestamps.push(WINDOW_START + 60 * minute);
  }
  return { events, total, timestamps };
}

/** Per-minute cpu utilisation (%), one decimal. */
function cpuGauge(level: number, noise: number, seed: number): { values: number[]; timestamps: number[] } {
  const normal = gaussians(seed);
  const values: number[] = [];
  const timestamps: number[] = [];
  for (let minute = 0; minute < MINUTES; minute++) {
    values.push(Math.round((level + noise * normal()) * 10) / 10);
    timestamps.push(WINDOW_START + 60 * minute);
  }
  return { values, timestamps };
}

const LATENCY: LatencyShape = { median: 120, spread: 0.45 };

/** The metrics every example judges; some examples change a margin or a weight. */
function standardMetrics() {
  return [
    {
      name: 'request latency',
      test: 'mann-whitney',
      direction: 'increase',
      margin: { relative: 0.1 },
      weight: 2,
      group: 'latency',
    },
    {
      name: 'p99 latency',
      test: 'percentile',
      percentile: 99,
      direction: 'increase',
      margin: { relative: 0.2 },
      weight: 3,
      group: 'latency',
    },
    {
      name: '5xx ratio',
      test: 'rate',
      direction: 'increase',
      margin: { relative: 0.5, absolute: 0.001 },
      weight: 2,
      critical: true,
      group: 'errors',
    },
    {
      name: 'cpu',
      test: 'mean-ratio',
      direction: 'either',
      margin: { relative: 0.15 },
      weight: 1,
      group: 'saturation',
    },
  ];
}

function write(name: string, config: object, data: object): void {
  const directory = join(here, name);
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(directory, 'data.json'), `${JSON.stringify(data)}\n`);
}

// 1. Healthy: the canary behaves like the baseline on every metric.
write(
  'healthy-canary',
  { $schema: '../canary-config.schema.json', metrics: standardMetrics() },
  {
    metrics: {
      'request latency': { baseline: requestLatencies(2400, LATENCY, 11), canary: requestLatencies(800, LATENCY, 12) },
      'p99 latency': { baseline: requestLatencies(2400, LATENCY, 13), canary: requestLatencies(800, LATENCY, 14) },
      '5xx ratio': { baseline: errorCounts(2100, 0.0005, 15), canary: errorCounts(700, 0.0005, 16) },
      cpu: { baseline: cpuGauge(42, 3, 17), canary: cpuGauge(42.5, 3, 18) },
    },
  },
);

// 2. p99 regression: 5% of the canary's requests take a slow path (+350 ms, e.g. a cache that is
//    never warmed). The median hardly moves; the tail doubles.
const SLOW_TAIL: LatencyShape = { ...LATENCY, slowShare: 0.05, slowExtra: 350 };
write(
  'latency-regression',
  { $schema: '../canary-config.schema.json', metrics: standardMetrics() },
  {
    metrics: {
      'request latency': { baseline: requestLatencies(2400, LATENCY, 21), canary: requestLatencies(800, SLOW_TAIL, 22) },
      'p99 latency': { baseline: requestLatencies(2400, LATENCY, 23), canary: requestLatencies(800, SLOW_TAIL, 24) },
      '5xx ratio': { baseline: errorCounts(2100, 0.0005, 25), canary: errorCounts(700, 0.0005, 26) },
      cpu: { baseline: cpuGauge(42, 3, 27), canary: cpuGauge(43, 3, 28) },
    },
  },
);

// 3. Error spike against a zero-error baseline: the baseline served ~63,000 requests without a 5xx;
//    the canary fails 0.3% of its ~21,000 (a new code path throws). Latency and cpu are fine.
write(
  'error-spike',
  { $schema: '../canary-config.schema.json', metrics: standardMetrics() },
  {
    metrics: {
      'request latency': { baseline: requestLatencies(2400, LATENCY, 31), canary: requestLatencies(800, LATENCY, 32) },
      'p99 latency': { baseline: requestLatencies(2400, LATENCY, 33), canary: requestLatencies(800, LATENCY, 34) },
      '5xx ratio': { baseline: errorCounts(2100, 0, 35), canary: errorCounts(700, 0.003, 36) },
      cpu: { baseline: cpuGauge(42, 3, 37), canary: cpuGauge(42, 3, 38) },
    },
  },
);

// 4. Low traffic: a canary that got 1% of a quiet night's traffic, 45 requests in 30 minutes.
//    Nothing is wrong with it, but nothing can be shown either: the score is 50, below marginal,
//    but no metric shows harm, so the default verdict rule ("evidence") makes it marginal (exit 2:
//    wait and judge again), neither pass nor fail.
write(
  'low-traffic',
  { $schema: '../canary-config.schema.json', metrics: standardMetrics().filter((metric) => metric.name !== 'cpu') },
  {
    metrics: {
      'request latency': { baseline: requestLatencies(2400, LATENCY, 41), canary: requestLatencies(45, LATENCY, 42) },
      'p99 latency': { baseline: requestLatencies(2400, LATENCY, 43), canary: requestLatencies(45, LATENCY, 44) },
      '5xx ratio': { baseline: errorCounts(2100, 0.0005, 45), canary: errorCounts(1.5, 0.0005, 46) },
    },
  },
);

// 5. A slow memory leak: the canary's memory climbs 475 → 553 MB over the 30 minutes while the
//    baseline's stays flat. Latency, errors and cpu are fine, and the mean memory is only ~8% higher;
//    the trend test (slope per hour, 5%/h allowed) fails it, and memory is critical.
{
  const memory = (climb: number, seed: number) => {
    const normal = gaussians(seed);
    const values: number[] = [];
    const timestamps: number[] = [];
    for (let minute = 0; minute < MINUTES; minute++) {
      values.push(Math.round((475 + (climb * minute) / (MINUTES - 1) + 2 * normal()) * 10) / 10);
      timestamps.push(WINDOW_START + 60 * minute);
    }
    return { values, timestamps };
  };
  write(
    'slow-leak',
    {
      $schema: '../canary-config.schema.json',
      metrics: [
        ...standardMetrics(),
        { name: 'memory', test: 'trend', direction: 'increase', margin: { relative: 0.05 }, weight: 2, critical: true, group: 'saturation' },
      ],
    },
    {
      metrics: {
        'request latency': { baseline: requestLatencies(2400, LATENCY, 51), canary: requestLatencies(800, LATENCY, 52) },
        'p99 latency': { baseline: requestLatencies(2400, LATENCY, 53), canary: requestLatencies(800, LATENCY, 54) },
        '5xx ratio': { baseline: errorCounts(2100, 0.0005, 55), canary: errorCounts(700, 0.0005, 56) },
        cpu: { baseline: cpuGauge(42, 3, 57), canary: cpuGauge(42.5, 3, 58) },
        memory: { baseline: memory(0, 59), canary: memory(78, 60) },
      },
    },
  );
}

// 6. A Kayenta RemoteJudge request (what Kayenta POSTs to a remote judge), for
//    `canary-judge judge --kayenta`: per-minute series from Kayenta's metric store. The canary's
//    request latency is about 30% higher; errors and cpu are unchanged.
{
  const minuteSeries = (level: number, noise: number, seed: number) => cpuGauge(level, noise, seed).values;
  const request = {
    canaryConfig: {
      name: 'checkout-service',
      applications: ['checkout'],
      judge: { name: 'NetflixACAJudge-v1.0', judgeConfigurations: {} },
      metrics: [
        {
          name: 'request latency p50',
          query: { type: 'prometheus', metricName: 'http_server_requests_seconds' },
          groups: ['latency'],
          analysisConfigurations: { canary: { direction: 'increase', nanStrategy: 'remove' } },
          scopeName: 'default',
        },
        {
          name: '5xx per minute',
          query: { type: 'prometheus', metricName: 'http_server_errors_total' },
          groups: ['errors'],
          analysisConfigurations: { canary: { direction: 'increase', critical: true } },
          scopeName: 'default',
        },
        {
          name: 'cpu',
          query: { type: 'prometheus', metricName: 'container_cpu_usage' },
          groups: ['system'],
          analysisConfigurations: { canary: { direction: 'either' } },
          scopeName: 'default',
        },
      ],
      classifier: { groupWeights: { latency: 50, errors: 30, system: 20 } },
      templates: {},
    },
    scoreThresholds: { pass: 95, marginal: 75 },
    metricSetPairList: [
      {
        name: 'request latency p50',
        id: 'c0ffee01',
        tags: { service: 'checkout' },
        values: { control: minuteSeries(120, 6, 51), experiment: minuteSeries(156, 8, 52) },
      },
      {
        name: '5xx per minute',
        id: 'c0ffee02',
        tags: { service: 'checkout' },
        values: { control: errorCounts(2100, 0.0005, 53).events, experiment: errorCounts(2100, 0.0005, 54).events },
      },
      {
        name: 'cpu',
        id: 'c0ffee03',
        tags: { service: 'checkout' },
        values: { control: minuteSeries(42, 3, 55), experiment: minuteSeries(42.5, 3, 56) },
      },
    ],
  };
  mkdirSync(join(here, 'kayenta'), { recursive: true });
  writeFileSync(join(here, 'kayenta', 'request.json'), `${JSON.stringify(request, null, 2)}\n`);
}
