/**
 * Records the A/A data set of `npm run calibrate:real`: two identical pods (pod.ts, each its own
 * process) serve the same load at the same time on loopback, and every second the load generator
 * (this process) writes down, per pod, the mean and p95 of the client-side latency of the requests
 * that completed in that second, how many completed (and failed), and from inside the pod the CPU
 * time it used in that second and its heap in use. Nothing differs between the pods, so every
 * difference the judge sees is noise.
 *
 *   npx tsx bench/calibration/real/record.ts                 20 minutes at 150 requests/s in total
 *   options: --minutes N, --rate R (requests per second, both pods together), --warmup S (seconds
 *            of load before the first recorded second, default 10), --out FILE
 *            (default bench/calibration/real/data/aa-pods.json)
 *
 * Requests arrive as a Poisson process (exponential gaps) and go to the pods alternately, as a
 * round-robin load balancer sends them; each pod has a keep-alive agent. The output is committed:
 * the evaluation (run.ts) reads it and never records.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const POD_NAMES = ['A', 'B'] as const;
type PodName = (typeof POD_NAMES)[number];
/** Per-request latencies are kept for this many seconds from the middle of the recording. */
const SAMPLE_SECONDS = 120;
const REQUEST_TIMEOUT_MS = 5_000;

interface Arguments {
  minutes: number;
  rate: number;
  warmup: number;
  out: string;
}

function parseArguments(argv: readonly string[]): Arguments {
  const parsed: Arguments = { minutes: 20, rate: 150, warmup: 10, out: join(HERE, 'data', 'aa-pods.json') };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    const value = Number(argv[i + 1]);
    if (argument === '--minutes' && value > 0) parsed.minutes = value;
    else if (argument === '--rate' && value > 0) parsed.rate = value;
    else if (argument === '--warmup' && value >= 0) parsed.warmup = value;
    else if (argument === '--out' && argv[i + 1] !== undefined) parsed.out = argv[i + 1] as string;
    else throw new Error(`bad argument ${argument}; expected --minutes N, --rate R, --warmup S or --out FILE`);
    i++;
  }
  return parsed;
}

/** What one pod contributes per recorded second. */
interface PodSeries {
  meanLatencyMs: (number | null)[];
  p95LatencyMs: (number | null)[];
  requests: number[];
  errors: number[];
  cpuSeconds: (number | null)[];
  heapUsedBytes: (number | null)[];
}

interface Pod {
  name: PodName;
  child: ChildProcess;
  port: number;
  agent: Agent;
  /** Latencies (ms) of requests completed since the last tick, and failures. */
  bucket: number[];
  failed: number;
  /** Ticks whose sample the pod has not answered yet, oldest first. */
  pendingSamples: number[];
  series: PodSeries;
  sample: number[];
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** The p-th percentile of the values by linear interpolation between order statistics (R type 7). */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(sorted.length - 1, lower + 1);
  return (sorted[lower] as number) + (position - lower) * ((sorted[upper] as number) - (sorted[lower] as number));
}

function startPod(name: PodName): Promise<Pod> {
  const child = fork(join(HERE, 'pod.ts'), [name], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`pod ${name} exited with ${code} before it was ready`)));
    child.once('message', (message: { type: string; port: number }) => {
      if (message.type !== 'ready') return reject(new Error(`pod ${name}: unexpected first message ${message.type}`));
      child.removeAllListeners('exit');
      resolve({
        name,
        child,
        port: message.port,
        agent: new Agent({ keepAlive: true, maxSockets: 32 }),
        bucket: [],
        failed: 0,
        pendingSamples: [],
        series: { meanLatencyMs: [], p95LatencyMs: [], requests: [], errors: [], cpuSeconds: [], heapUsedBytes: [] },
        sample: [],
      });
    });
  });
}

function send(pod: Pod, onDone: (latencyMs: number | null) => void): void {
  const started = performance.now();
  let finished = false;
  const finish = (ok: boolean) => {
    if (finished) return;
    finished = true;
    onDone(ok ? performance.now() - started : null);
  };
  const outgoing = request({ host: '127.0.0.1', port: pod.port, path: '/items', method: 'GET', agent: pod.agent, timeout: REQUEST_TIMEOUT_MS }, (response) => {
    response.resume();
    response.once('end', () => finish(response.statusCode === 200));
    response.once('error', () => finish(false));
  });
  outgoing.once('timeout', () => outgoing.destroy(new Error('timeout')));
  outgoing.once('error', () => finish(false));
  outgoing.end();
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const seconds = Math.round(args.minutes * 60);
  const pods = await Promise.all(POD_NAMES.map(startPod));
  const sampleFrom = Math.max(0, Math.floor(seconds / 2) - SAMPLE_SECONDS / 2);
  const sampleTo = Math.min(seconds, sampleFrom + SAMPLE_SECONDS);
  const timestamps: number[] = [];
  const loadAverage1m: number[] = [];
  let tick = -1;
  let sent = 0;
  let running = true;
  const loadAtStart = loadavg();

  for (const pod of pods) {
    pod.child.on('message', (message: { type: string; cpuMicros: number; heapUsed: number }) => {
      if (message.type !== 'sample') return;
      const index = pod.pendingSamples.shift();
      if (index === undefined || index < 0) return;
      pod.series.cpuSeconds[index] = round(message.cpuMicros / 1e6, 6);
      pod.series.heapUsedBytes[index] = message.heapUsed;
    });
  }

  // Poisson arrivals at args.rate per second, alternately to pod A and pod B, scheduled against the
  // clock (not against the previous timer) so timer lateness does not lower the rate.
  const origin = performance.now();
  let nextArrival = origin;
  const schedule = () => {
    if (!running) return;
    const now = performance.now();
    while (nextArrival <= now) {
      const pod = pods[sent % 2] as Pod;
      sent++;
      send(pod, (latency) => {
        if (tick < 0) return;
        if (latency === null) pod.failed++;
        else {
          pod.bucket.push(latency);
          if (tick >= sampleFrom && tick < sampleTo) pod.sample.push(round(latency, 3));
        }
      });
      nextArrival += (-Math.log(1 - Math.random()) / args.rate) * 1000;
    }
    setTimeout(schedule, Math.max(0, nextArrival - performance.now()));
  };
  schedule();

  process.stderr.write(`recording ${seconds} s at ${args.rate} requests/s (after ${args.warmup} s of warm-up) to ${args.out}\n`);
  const recordingStart = origin + args.warmup * 1000;
  const startEpoch = Date.now() + args.warmup * 1000;
  await new Promise<void>((resolve) => {
    const onTick = () => {
      // Closes second `tick` (when tick ≥ 0): requests completed since the previous tick belong to it.
      if (tick >= 0) {
        timestamps[tick] = Date.now();
        loadAverage1m[tick] = round(loadavg()[0] as number, 2);
        for (const pod of pods) {
          const latencies = pod.bucket;
          pod.bucket = [];
          pod.series.requests[tick] = latencies.length;
          pod.series.errors[tick] = pod.failed;
          pod.failed = 0;
          pod.series.meanLatencyMs[tick] = latencies.length === 0 ? null : round(latencies.reduce((sum, value) => sum + value, 0) / latencies.length, 3);
          pod.series.p95LatencyMs[tick] = latencies.length === 0 ? null : round(percentile(latencies, 95), 3);
          pod.series.cpuSeconds[tick] ??= null;
          pod.series.heapUsedBytes[tick] ??= null;
        }
      } else {
        for (const pod of pods) pod.bucket = [];
      }
      for (const pod of pods) {
        pod.pendingSamples.push(tick);
        pod.child.send({ type: 'sample' });
      }
      tick++;
      if (tick % 60 === 0 && tick > 0) process.stderr.write(`  ${tick / 60} min recorded\n`);
      if (tick >= seconds) return resolve();
      setTimeout(onTick, Math.max(0, recordingStart + tick * 1000 - performance.now()));
    };
    setTimeout(onTick, Math.max(0, recordingStart - 1000 - performance.now()));
  });
  running = false;
  // Let the last samples arrive, then stop the pods.
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const pod of pods) {
    pod.agent.destroy();
    pod.child.kill('SIGTERM');
  }

  const totalRequests = pods.reduce((sum, pod) => sum + pod.series.requests.reduce((a, b) => a + b, 0), 0);
  const totalErrors = pods.reduce((sum, pod) => sum + pod.series.errors.reduce((a, b) => a + b, 0), 0);
  const cpu = cpus();
  const output = {
    meta: {
      description:
        'A/A recording: two identical node:http pods (bench/calibration/real/pod.ts) serving the same Poisson load at the same time on loopback, aggregated per second. No change exists between pod A and pod B.',
      recordedAt: new Date(startEpoch).toISOString(),
      durationSeconds: seconds,
      warmupSeconds: args.warmup,
      targetRatePerSecond: args.rate,
      achievedRatePerSecond: round(totalRequests / seconds, 2),
      totalRequests,
      totalErrors,
      arrivals: 'Poisson (exponential gaps), sent alternately to pod A and pod B (round robin), keep-alive agent per pod, client-side latency measured in the load generator process',
      perSecond:
        'second i holds the requests that completed in it; meanLatencyMs and p95LatencyMs (linear interpolation) of their client-side latency, null when none completed; cpuSeconds = process.cpuUsage() delta (user + system) of the pod over the second; heapUsedBytes = process.memoryUsage().heapUsed at the end of the second',
      requestSample: `per-request client-side latencies (ms, in completion order) for seconds ${sampleFrom} to ${sampleTo - 1}`,
      machine: {
        platform: `${platform()} ${release()}`,
        cpu: cpu[0]?.model ?? 'unknown',
        cores: cpu.length,
        memoryGiB: round(totalmem() / 2 ** 30, 1),
        node: process.versions.node,
        loadAverageAtStart: loadAtStart.map((value) => round(value, 2)),
        loadAverageAtEnd: loadavg().map((value) => round(value, 2)),
      },
      noise:
        'The machine was shared: other heavy jobs (test suites, a simulation on both cores) ran during the recording, and the load generator shares the cores with the pods. loadAverage1m holds the 1-minute load average per second. That is real-world noise and is kept.',
    },
    timestamps,
    loadAverage1m,
    pods: Object.fromEntries(pods.map((pod) => [pod.name, pod.series])),
    requestSample: { fromSecond: sampleFrom, toSecond: sampleTo - 1, ...Object.fromEntries(pods.map((pod) => [pod.name, pod.sample])) },
  };
  mkdirSync(dirname(args.out), { recursive: true });
  const text = `${JSON.stringify(output)}\n`;
  writeFileSync(args.out, text);
  process.stderr.write(`wrote ${args.out}: ${seconds} s, ${totalRequests} requests (${totalErrors} failed), ${(text.length / 1024).toFixed(0)} KB\n`);
}

await main();
