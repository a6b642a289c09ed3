/**
 * CLI start-up: `canary-judge judge` on the bundled example (examples/healthy-canary) as a child
 * process, against `node -e 0` spawned the same way in the same run. The ratio says how much the CLI
 * adds to node's own start-up: loading its code, reading the files, judging, printing. Target
 * (issue 13): ≤ 2×. A small generated example (three metrics, a few hundred points) and
 * `--version` are printed for scale. Builds the CLI first (dist/cli/main.cjs), so the figure is never of a stale build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalDraws, type Target } from './measure.js';

const root = new URL('../', import.meta.url).pathname;
const cli = join(root, 'dist', 'cli', 'main.cjs');
const RUNS = 21;

/**
 * Median wall time of spawning `node args` for each command, measured by bench/spawn-medians.mjs in
 * a small child process (see there why not from this one). The commands take turns, run after run.
 */
function interleavedMediansMs(commands: readonly (readonly string[])[]): number[] {
  const output = execFileSync(process.execPath, [join(root, 'bench', 'spawn-medians.mjs'), JSON.stringify({ runs: RUNS, cwd: root, commands })], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(output) as number[];
}

function writeSmallExample(directory: string, random: () => number): { data: string; config: string } {
  const round = (values: number[]) => values.map((value) => Math.round(value * 10) / 10);
  const counts = (rate: number) => {
    const total = Array.from({ length: 30 }, () => 900 + Math.floor(random() * 200));
    return { events: total.map((requests) => Math.floor(requests * rate * 2 * random())), total };
  };
  const config = {
    metrics: [
      { name: 'latency', test: 'mann-whitney', margin: { relative: 0.1 } },
      { name: 'errors', test: 'rate', margin: { relative: 0.5, absolute: 0.001 }, critical: true },
      { name: 'cpu', test: 'mean-ratio', direction: 'either', margin: { relative: 0.15 } },
    ],
  };
  const data = {
    metrics: {
      latency: { baseline: round(normalDraws(300, random, 120, 20)), canary: round(normalDraws(300, random, 121, 20)) },
      errors: { baseline: counts(0.001), canary: counts(0.001) },
      cpu: { baseline: round(normalDraws(30, random, 40, 3)), canary: round(normalDraws(30, random, 40, 3)) },
    },
  };
  const paths = { data: join(directory, 'data.json'), config: join(directory, 'config.json') };
  writeFileSync(paths.data, JSON.stringify(data));
  writeFileSync(paths.config, JSON.stringify(config));
  return paths;
}

export function cliStartupBenchmark(random: () => number, print: (line: string) => void): Target[] {
  execFileSync(join(root, 'node_modules', '.bin', 'tsup'), [], { cwd: root, stdio: 'ignore' });
  const directory = mkdtempSync(join(tmpdir(), 'canary-judge-bench-'));
  try {
    const { data, config } = writeSmallExample(directory, random);
    const check = spawnSync(process.execPath, [cli, 'judge', data, '--config', config], { cwd: root, encoding: 'utf8' });
    if (check.status === null || check.status > 2) throw new Error(`the CLI failed on the benchmark example: ${check.stderr}`);
    const bundledExample = join(root, 'examples', 'healthy-canary');
    const [node = Number.NaN, version = Number.NaN, judged = Number.NaN, bundled = Number.NaN] = interleavedMediansMs([
      ['-e', '0'],
      [cli, '--version'],
      [cli, 'judge', data, '--config', config, '--quiet'],
      [cli, 'judge', join(bundledExample, 'data.json'), '--config', join(bundledExample, 'config.json'), '--quiet'],
    ]);
    print(
      `reference: node -e 0 = ${node.toFixed(1)} ms; canary-judge --version = ${version.toFixed(1)} ms ` +
        `(${(version / node).toFixed(2)}×); judge on a small example (3 metrics, 300 points) = ${judged.toFixed(1)} ms (${(judged / node).toFixed(2)}×)`,
    );
    return [
      {
        name: 'canary-judge judge examples/healthy-canary (3,200 values per latency metric, p99 bootstrap)',
        measuredMs: bundled,
        referenceName: 'node -e 0',
        referenceMs: node,
        maxRatio: 2,
      },
    ];
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
