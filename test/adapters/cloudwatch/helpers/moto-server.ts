/**
 * Starts moto's CloudWatch-compatible server (shipped with the machine image's python3) on
 * 127.0.0.1 for the adapter's round-trip tests, with fake credentials and region us-east-1.
 *
 * - `moto_server` is tried first, then `python3 -m moto.server`.
 * - In CI (`CI=true`) a missing or unstartable server is a failure (this throws); locally the
 *   tests are skipped with a loud message on stderr.
 * - The server runs on a free port, is polled until it answers, reset between tests with
 *   `POST /moto-api/reset`, and stopped by its own pid in `stop()`.
 */
import { spawn } from 'node:child_process';
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { freePort, stopChild, waitReady } from '../../../helpers/local-server.js';
import { inCi } from '../../../helpers/ci.js';

/** Fake credentials: moto accepts any; tests also check they never appear in errors. */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIAMOTOFAKEKEY12345', secretAccessKey: 'moto/fake+secret/ZZZZZZZZZZZZZZZZZZZZZZZZ' } as const;
export const REGION = 'us-east-1';

/** A running server, or why there is none. */
export type MotoHandle =
  | { readonly ok: true; readonly endpoint: string; reset(): Promise<void>; put(namespace: string, data: MetricDatum[]): Promise<void>; stop(): Promise<void> }
  | { readonly ok: false; readonly reason: string; stop(): Promise<void> };

const isCi = inCi;

// The SDK warns once per process that releases after January 2027 need Node 22; the tests pin a
// release that supports Node 20, so the warning is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const COMMANDS: readonly (readonly [string, readonly string[]])[] = [
  ['moto_server', []],
  ['python3', ['-m', 'moto.server']],
];

/** Starts moto on a free loopback port. */
export async function startMoto(): Promise<MotoHandle> {
  const problems: string[] = [];
  for (const [command, prefix] of COMMANDS) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    let log = '';
    let spawnError: Error | null = null;
    const child = spawn(command, [...prefix, '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.once('error', (error) => {
      spawnError = error;
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-2000);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-2000);
    });
    if (await waitReady(`${endpoint}/moto-api/`, child, 20_000, (status) => status < 500)) {
      const writer = new CloudWatchClient({ region: REGION, endpoint, credentials: { ...FAKE_CREDENTIALS }, disableRequestCompression: true, maxAttempts: 1 });
      return {
        ok: true,
        endpoint,
        reset: async () => {
          const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
          if (!response.ok) throw new Error(`moto reset answered HTTP ${response.status}`);
        },
        put: async (namespace, data) => {
          // PutMetricData takes at most 1000 values per call.
          for (let index = 0; index < data.length; index += 500) {
            await writer.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data.slice(index, index + 500) }));
          }
        },
        stop: async () => {
          writer.destroy();
          await stopChild(child);
        },
      };
    }
    await stopChild(child);
    problems.push(`${command} ${[...prefix].join(' ')}: ${spawnError === null ? 'did not answer within 20s' : (spawnError as Error).message}${log === '' ? '' : ` (${log.trim().split('\n').slice(-2).join(' | ')})`}`);
  }
  const reason = problems.join('; ');
  const message = `moto's server is not available for the CloudWatch adapter tests: ${reason}`;
  if (isCi) throw new Error(`${message} (CI=true: this is a failure, not a skip)`);
  process.stderr.write(`\n${'!'.repeat(100)}\n!! SKIPPING the moto round-trip tests. ${message}\n!! Run scripts/cloudwatch/check-moto.sh to see what is missing.\n${'!'.repeat(100)}\n\n`);
  return { ok: false, reason, stop: async () => {} };
}
