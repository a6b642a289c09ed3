/**
 * Starts a real Prometheus (Debian's package) on 127.0.0.1 with deterministic backfilled data, for
 * the adapter's end-to-end tests.
 *
 * - Missing binaries are installed with scripts/prometheus/install.sh (root + apt).
 * - In CI (`CI=true`) anything that keeps Prometheus from running is a failure (this throws);
 *   locally the tests are skipped with a loud message on stderr.
 * - The server runs on a free port with `scrape_configs: []`, is polled on /-/ready, and is stopped
 *   (by its own pid) and its directory removed by `stop()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopChild, waitReady } from '../../../helpers/local-server.js';

const root = new URL('../../../../', import.meta.url).pathname;

/** A running server, or why there is none. */
export type PrometheusHandle =
  | {
      readonly ok: true;
      readonly url: string;
      stop(): Promise<void>;
      /** Stops the server but keeps its data, so `restart` can bring it back (a Prometheus going away). */
      kill(): Promise<void>;
      /** Starts it again on the same port and data; true once it is ready. */
      restart(): Promise<boolean>;
    }
  | { readonly ok: false; readonly reason: string; stop(): Promise<void> };

const isCi = process.env['CI'] === 'true' || process.env['CI'] === '1';

function hasBinaries(): boolean {
  const check = (name: string) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
  return check('prometheus') && check('promtool');
}

function ensureInstalled(): string | null {
  if (hasBinaries()) return null;
  const result = spawnSync('bash', [join(root, 'scripts/prometheus/install.sh')], { encoding: 'utf8', timeout: 300_000 });
  if (result.status === 0 && hasBinaries()) return null;
  return `scripts/prometheus/install.sh failed (exit ${String(result.status)}): ${(result.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`;
}

/**
 * Backfills `openMetrics` (OpenMetrics text ending in `# EOF`, timestamps in seconds) and starts
 * Prometheus on it.
 */
export async function startPrometheus(openMetrics: string): Promise<PrometheusHandle> {
  const unavailable = (reason: string): PrometheusHandle => {
    const message = `Prometheus is not available for the adapter tests: ${reason}`;
    if (isCi) throw new Error(`${message} (CI=true: this is a failure, not a skip)`);
    process.stderr.write(`\n${'!'.repeat(100)}\n!! SKIPPING the real-Prometheus tests. ${message}\n!! Run scripts/prometheus/install.sh (as root) to run them.\n${'!'.repeat(100)}\n\n`);
    return { ok: false, reason, stop: async () => {} };
  };

  const installProblem = ensureInstalled();
  if (installProblem !== null) return unavailable(installProblem);

  const directory = mkdtempSync(join(tmpdir(), 'canary-judge-prometheus-'));
  const cleanUp = () => rmSync(directory, { recursive: true, force: true });
  const dataFile = join(directory, 'data.om');
  const dataDirectory = join(directory, 'data');
  const configFile = join(directory, 'prometheus.yml');
  writeFileSync(dataFile, openMetrics);
  writeFileSync(configFile, 'global: {}\nscrape_configs: []\n');

  const backfill = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', dataFile, dataDirectory], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (backfill.status !== 0) {
    cleanUp();
    return unavailable(`promtool backfill failed (exit ${String(backfill.status)}): ${(backfill.stderr ?? '').trim().slice(-500)}`);
  }

  const spawnOn = async (port: number): Promise<{ child: ChildProcess; ready: boolean; log: () => string }> => {
    let log = '';
    const child = spawn(
      'prometheus',
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${dataDirectory}`,
        '--storage.tsdb.retention.time=100y',
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keepLog = (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', keepLog);
    child.stderr?.on('data', keepLog);
    child.on('error', (error) => {
      log += `\nspawn error: ${error.message}`;
    });
    const ready = await waitReady(`http://127.0.0.1:${port}/-/ready`, child, 20_000, (status) => status === 200);
    return { child, ready, log: () => log };
  };

  let lastProblem = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const started = await spawnOn(port);
    if (started.ready) {
      let child = started.child;
      return {
        ok: true,
        url,
        stop: async () => {
          await stopChild(child);
          cleanUp();
        },
        kill: () => stopChild(child),
        restart: async () => {
          await stopChild(child);
          const again = await spawnOn(port);
          child = again.child;
          return again.ready;
        },
      };
    }
    await stopChild(started.child);
    lastProblem = `prometheus did not become ready on ${url}: ${started.log().trim().split('\n').slice(-3).join(' | ')}`;
  }
  cleanUp();
  return unavailable(lastProblem);
}
