/**
 * Graceful stop of `canary-judge serve` as a real child process (the built CLI): on SIGTERM it
 * accepts no new connection, answers every request already received whatever its phase (queued for
 * the one worker, body half sent, headers half sent, sent just before the signal), closes idle
 * keep-alive connections cleanly, and exits 0. `--drain-timeout` bounds the drain (exit 75 when
 * connections had to be cut), and a second signal cuts at once. Issue 19 item 4 saw 7 of 10
 * fully sent requests reset in 2 of 6 runs; this runs the scenario three times (SERVE_DRAIN_RUNS=N
 * for more).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { pause, rawPost, type RawRequest } from '../server/helpers/raw-http.js';
import { cli, root } from './helpers.js';

interface Served {
  readonly child: ChildProcess;
  readonly port: number;
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function serve(args: readonly string[]): Promise<Served> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 20_000);
    const look = () => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (match === null) return;
      clearTimeout(timer);
      child.stderr!.off('data', look);
      resolve(Number(match[1]));
    };
    child.stderr!.on('data', look);
    void exited.then(() => reject(new Error(`serve exited before listening: ${stderr}`)));
  });
  return { child, port, stderr: () => stderr, exited };
}

/** A native judge request that keeps the worker busy for a while (two metrics over 5,000 points a side). */
function slowBody(): string {
  const n = 5_000;
  const baseline = Array.from({ length: n }, (_, index) => 100 + ((index * 7_919) % 1_000) / 10);
  const canary = Array.from({ length: n }, (_, index) => 100 + ((index * 104_729) % 1_000) / 10);
  return JSON.stringify({
    config: { metrics: [{ name: 'latency', test: 'mann-whitney' }, { name: 'p99', test: 'percentile', percentile: 99 }] },
    data: { metrics: { latency: { baseline, canary }, p99: { baseline, canary } } },
  });
}

/** Opens a keep-alive connection, gets one /healthz answer on it, and leaves it idle. */
async function idleKeepAlive(port: number): Promise<{ closed: Promise<{ hadError: boolean }> }> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const closed = new Promise<{ hadError: boolean }>((resolve) => socket.once('close', (hadError) => resolve({ hadError })));
  const answered = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('{"status":"ok"}')) resolve(text);
    });
  });
  socket.write('GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: keep-alive\r\n\r\n');
  expect(await answered).toMatch(/^HTTP\/1\.1 200/);
  return { closed };
}

function refusedConnection(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

async function expectVerdict(request: RawRequest, phase: string): Promise<void> {
  const response = await request.response.catch((error: Error) => {
    throw new Error(`${phase}: ${error.message}`);
  });
  expect(response.status, `${phase}: ${response.body.slice(0, 200)}`).toBe(200);
  expect(response.headers['connection'], phase).toBe('close');
  expect((JSON.parse(response.body) as { verdict: string }).verdict, phase).toBe('pass');
}

describe('serve: graceful stop on SIGTERM', () => {
  it.each(Array.from({ length: Number(process.env['SERVE_DRAIN_RUNS'] ?? 3) }, (_, index) => index + 1))('run %i: every request already received is answered, idle connections close cleanly, new ones are refused, exit 0', async () => {
    const body = slowBody();
    const server = await serve(['--workers', '1', '--drain-timeout', '60s']);
    const idle = await idleKeepAlive(server.port);

    // Ten requests fully sent: one being judged, the rest queued for the single worker.
    const queued = Array.from({ length: 10 }, () => rawPost(server.port, '/v1/judge', body));
    await Promise.all(queued.map(async (request) => (await request.connected, await request.write(0))));
    // A body half sent, headers half sent: received, not complete.
    const halfBody = rawPost(server.port, '/v1/judge', body);
    await halfBody.connected;
    await halfBody.write(0, halfBody.bodyOffset + 1_000);
    const halfHeaders = rawPost(server.port, '/v1/judge', body);
    await halfHeaders.connected;
    await halfHeaders.write(0, 20);
    await pause(100);
    // Sent in full just before the signal: its bytes may still be in the socket buffer.
    const lastMoment = rawPost(server.port, '/v1/judge', body);
    await lastMoment.connected;
    await lastMoment.write(0);

    server.child.kill('SIGTERM');
    // New connections are refused once the signal is handled (a loaded machine may take a moment).
    let attempt = await refusedConnection(server.port);
    for (let tries = 0; attempt === 'connected' && tries < 100; tries++) {
      await pause(100);
      attempt = await refusedConnection(server.port);
    }
    expect(attempt).toBe('ECONNREFUSED');
    await halfBody.write(halfBody.bodyOffset + 1_000);
    await halfHeaders.write(20);

    const phases: [RawRequest, string][] = [...queued.map((request, index): [RawRequest, string] => [request, `queued ${index}`]), [halfBody, 'half body'], [halfHeaders, 'half headers'], [lastMoment, 'sent just before the signal']];
    for (const [request, phase] of phases) await expectVerdict(request, phase);
    expect(await idle.closed).toEqual({ hadError: false });
    const exit = await server.exited;
    expect(exit, server.stderr()).toEqual({ code: 0, signal: null });
    expect(server.stderr()).toMatch(/SIGTERM received: answering the requests already received \(up to 60 s\)/);
    expect(server.stderr()).toMatch(/canary-judge: stopped\n$/);
  }, 90_000);

  it('--drain-timeout cuts what is still unanswered when it expires: exit 75', async () => {
    const server = await serve(['--drain-timeout', '1s']);
    const stuck = rawPost(server.port, '/v1/judge', slowBody());
    await stuck.connected;
    await stuck.write(0, stuck.bodyOffset + 100); // and never the rest
    await pause(100);
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit, server.stderr()).toEqual({ code: 75, signal: null });
    // Not before the drain timeout; that the drain timeout (not the request's own 30 s limit) ended it is
    // the exit code 75 and the "cut" line below.
    expect(performance.now() - signalled).toBeGreaterThanOrEqual(900);
    expect(server.stderr()).toMatch(/stopped; connections still open were cut \(1 request unanswered\)/);
    expect((await stuck.closed).hadError || (await stuck.response.catch(() => undefined)) === undefined).toBe(true);
  }, 60_000);

  it('a second signal cuts the drain short: exit 75', async () => {
    const server = await serve(['--drain-timeout', '10m']);
    const stuck = rawPost(server.port, '/v1/judge', slowBody());
    await stuck.connected;
    await stuck.write(0, stuck.bodyOffset + 100);
    await pause(100);
    server.child.kill('SIGTERM');
    await pause(300);
    expect(server.child.exitCode).toBeNull();
    server.child.kill('SIGINT');
    const exit = await server.exited;
    expect(exit, server.stderr()).toEqual({ code: 75, signal: null });
    expect(server.stderr()).toMatch(/SIGINT received again: cutting the remaining connections/);
  }, 60_000);

  it('refuses a bad --drain-timeout or --workers: exit 64', async () => {
    for (const args of [['--drain-timeout', 'soon'], ['--drain-timeout', '2h'], ['--workers', '0'], ['--workers', 'many']]) {
      const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const code = await new Promise<number | null>((resolve) => child.once('exit', (value) => resolve(value)));
      expect(code, `${args.join(' ')}: ${stderr}`).toBe(64);
      expect(stderr).toMatch(args[0] === '--workers' ? /--workers must be a whole number from 1 to 64/ : /--drain-timeout must be/);
    }
  }, 60_000);
});
