/**
 * `fetch` / `run` flags, credentials and progress, through the BUILT CLI as a child process (and
 * `runCli` in process for what needs a terminal or a signal), against a real loopback HTTP server
 * that speaks just enough of the Prometheus API and records every request.
 *
 * - bad flags are 64 before any request; `--bearer-token` is refused in every form;
 * - the token comes from --bearer-token-file or PROMETHEUS_BEARER_TOKEN, basic auth from a file or
 *   PROMETHEUS_BASIC_AUTH; no secret ever appears on stdout, stderr or in a report, even when the
 *   server echoes it back in an error;
 * - the progress line appears only on a terminal and not with --quiet;
 * - a shutdown signal stops a fetch with exit 130; a missing AWS SDK is a clear 69.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/cli/run.js';
import { createTestServer, hang, type Handler, type TestServer } from '../adapters/prometheus/helpers/http-test-server.js';
import { root, runCliProcess } from './helpers.js';

const directory = mkdtempSync(join(tmpdir(), 'canary-judge-fetch-flags-'));
const TOKEN = 'tok-3f9a1c77e2b4-SECRET';
const PASSWORD = 'pw-88d1e0c4-SECRET';
const START = 1_704_067_800;
const END = START + 600;

/** Answers every range query with one series on the requested grid (value 1 + a small wobble). */
const grid: Handler = (request, response) => {
  const start = Number(request.form.get('start'));
  const end = Number(request.form.get('end'));
  const step = Number(request.form.get('step'));
  const values: [number, string][] = [];
  for (let time = start, index = 0; time <= end; time += step, index++) values.push([time, String(1 + (index % 3) / 100)]);
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { job: 'x' }, values }] } }));
};

/** Answers with an error that echoes the request's Authorization header, as a careless proxy might. */
function echoing(status: number): Handler {
  return (request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'error', errorType: 'auth', error: `rejected credentials ${String(request.headers['authorization'])}` }));
  };
}

const configPath = join(directory, 'canary.json');
writeFileSync(
  configPath,
  JSON.stringify({
    metrics: [
      { name: 'latency', test: 'mann-whitney', query: 'avg(latency{version="${scope}"})' },
      { name: 'errors', test: 'rate', query: { events: 'sum(increase(errors{version="${scope}"}[${step}]))', total: 'sum(increase(requests{version="${scope}"}[${step}]))' } },
    ],
  }),
);
const tokenFile = join(directory, 'token');
writeFileSync(tokenFile, `${TOKEN}\n`);
const basicFile = join(directory, 'basic');
writeFileSync(basicFile, `alice:${PASSWORD}\n`);

let server: TestServer;
afterAll(async () => {
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});
beforeEach(async () => {
  await server?.close();
  server = await createTestServer([grid]);
});

function fetchArgs(extra: readonly string[] = [], command: 'fetch' | 'run' = 'fetch'): string[] {
  return [command, '--config', configPath, '--prometheus-url', server.url, '--start', String(START), '--end', String(END), '--step', '60', '--baseline-scope', 'v1', '--canary-scope', 'v2', ...extra];
}

function expectNoSecret(...texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(`alice:${PASSWORD}`).toString('base64'));
  }
}

describe('fetch / run: bad flags are exit 64, before any request', () => {
  const cases: [string, string[], RegExp][] = [
    ['no --prometheus-url', ['fetch', '--config', 'c.json', '--start', '0', '--end', '60', '--baseline-scope', 'a', '--canary-scope', 'b'], /'fetch' needs --prometheus-url URL/],
    ['no --config', ['run', '--prometheus-url', 'http://x:9090', '--start', '0', '--end', '60', '--baseline-scope', 'a', '--canary-scope', 'b'], /'run' needs --config CONFIG\.json/],
    ['no window', ['fetch', '-c', 'c.json', '--prometheus-url', 'http://x:9090', '--baseline-scope', 'a', '--canary-scope', 'b'], /needs the window: --start TIME --end TIME/],
    ['--start after --end', ['fetch', '-c', 'c.json', '--prometheus-url', 'http://x:9090', '--start', '2024-01-01T02:00:00Z', '--end', '2024-01-01T01:00:00Z', '--baseline-scope', 'a', '--canary-scope', 'b'], /--end \(2024-01-01T01:00:00\.000Z\) must be after --start \(2024-01-01T02:00:00\.000Z\)/],
    ['an unparseable time', ['fetch', '-c', 'c.json', '--prometheus-url', 'http://x:9090', '--start', 'yesterday', '--end', 'now', '--baseline-scope', 'a', '--canary-scope', 'b'], /--start "yesterday" is not a time: expected an RFC 3339 time/],
    ['milliseconds for seconds', ['fetch', '-c', 'c.json', '--prometheus-url', 'http://x:9090', '--start', '1704067200000', '--end', 'now', '--baseline-scope', 'a', '--canary-scope', 'b'], /looks like milliseconds/],
    ['a bad step', ['fetch', '-c', 'c.json', '--prometheus-url', 'http://x:9090', '--start', 'now-1h', '--end', 'now', '--step', 'often', '--baseline-scope', 'a', '--canary-scope', 'b'], /--step must be a positive number of seconds or a duration/],
    ['no scopes', ['fetch', '-c', 'c.json', '--prometheus-url', 'http://x:9090', '--start', 'now-1h', '--end', 'now'], /needs --baseline-scope and --canary-scope/],
    ['--var without =', ['fetch', '-c', 'c.json', '--prometheus-url', 'http://x:9090', '--start', 'now-1h', '--end', 'now', '--baseline-scope', 'a', '--canary-scope', 'b', '--var', 'cluster'], /--var takes NAME=VALUE/],
    ['--var scope=', ['fetch', '-c', 'c.json', '--prometheus-url', 'http://x:9090', '--start', 'now-1h', '--end', 'now', '--baseline-scope', 'a', '--canary-scope', 'b', '--var', 'scope=x'], /--var cannot define scope/],
    ['--region without --source cloudwatch', ['fetch', '-c', 'c.json', '--prometheus-url', 'http://x:9090', '--region', 'us-east-1', '--start', 'now-1h', '--end', 'now', '--baseline-scope', 'a', '--canary-scope', 'b'], /--region is for --source cloudwatch/],
    ['cloudwatch without a region', ['run', '-c', 'c.json', '--source', 'cloudwatch', '--start', 'now-1h', '--end', 'now', '--baseline-scope', 'a', '--canary-scope', 'b'], /needs --region REGION/],
    ['an unknown source', ['run', '-c', 'c.json', '--source', 'graphite', '--start', 'now-1h', '--end', 'now', '--baseline-scope', 'a', '--canary-scope', 'b'], /--source must be one of prometheus, cloudwatch/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const env = name.includes('region') ? { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined } : {};
      const result = await runCliProcess(args, { env });
      expect(result.code, result.stderr).toBe(64);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    });
  }

  it('takes --start now-1h --end now, with now on the whole minute', async () => {
    const before = Date.now();
    const result = await runCliProcess(fetchArgs().map((argument) => (argument === String(START) ? 'now-1h' : argument === String(END) ? 'now' : argument)));
    expect(result.code, result.stderr).toBe(0);
    const start = Number(server.requests[0]?.form.get('start'));
    const end = Number(server.requests[0]?.form.get('end'));
    expect(end - start).toBe(3600);
    expect(end % 60).toBe(0);
    expect(end * 1000).toBeLessThanOrEqual(Date.now());
    expect(end * 1000).toBeGreaterThan(before - 120_000);
  });

  it('takes several --var flags and substitutes them', async () => {
    const config = join(directory, 'vars.json');
    writeFileSync(config, JSON.stringify({ metrics: [{ name: 'm', test: 'mann-whitney', query: 'avg(m{version="${scope}",cluster="${cluster}",zone="${zone}"})' }] }));
    const result = await runCliProcess(['fetch', '-c', config, '--prometheus-url', server.url, '--start', String(START), '--end', String(END), '--baseline-scope', 'v1', '--canary-scope', 'v2', '--var', 'cluster=prod', '--var', 'zone=a"b']);
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests.map((request) => request.form.get('query'))).toEqual([
      'avg(m{version="v1",cluster="prod",zone="a\\"b"})',
      'avg(m{version="v2",cluster="prod",zone="a\\"b"})',
    ]);
  });
});

describe('fetch / run: credentials never on the command line, never in any output', () => {
  it('refuses --bearer-token in every form, without echoing the value', async () => {
    for (const form of [['--bearer-token', TOKEN], [`--bearer-token=${TOKEN}`], ['--bearer-token']]) {
      for (const command of ['fetch', 'run'] as const) {
        const result = await runCliProcess([...fetchArgs([], command), ...form]);
        expect(result.code).toBe(64);
        expect(result.stderr).toContain('--bearer-token is not accepted: a token on the command line is visible to every user in `ps`');
        expect(result.stderr).toContain('--bearer-token-file FILE, or set PROMETHEUS_BEARER_TOKEN');
        expectNoSecret(result.stdout, result.stderr);
      }
    }
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a password in --prometheus-url without echoing it', async () => {
    const result = await runCliProcess(fetchArgs().map((argument) => (argument === server.url ? server.url.replace('//', `//alice:${PASSWORD}@`) : argument)));
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('--prometheus-url must not hold a password');
    expectNoSecret(result.stdout, result.stderr);
  });

  it('sends the token from --bearer-token-file (trailing newline trimmed) and never prints it', async () => {
    const result = await runCliProcess(fetchArgs(['--bearer-token-file', tokenFile, '--debug']));
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests.length).toBe(6);
    for (const request of server.requests) expect(request.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expectNoSecret(result.stdout, result.stderr);
  });

  it('sends the token from PROMETHEUS_BEARER_TOKEN; a file flag wins over it', async () => {
    const fromEnv = await runCliProcess(fetchArgs(), { env: { PROMETHEUS_BEARER_TOKEN: TOKEN } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(server.requests.every((request) => request.headers['authorization'] === `Bearer ${TOKEN}`)).toBe(true);
    expectNoSecret(fromEnv.stdout, fromEnv.stderr);

    const other = join(directory, 'other-token');
    writeFileSync(other, 'from-the-file');
    const before = server.requests.length;
    const fromFile = await runCliProcess(fetchArgs(['--bearer-token-file', other]), { env: { PROMETHEUS_BEARER_TOKEN: TOKEN } });
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(server.requests.slice(before).every((request) => request.headers['authorization'] === 'Bearer from-the-file')).toBe(true);
  });

  it('reads the token from standard input with --bearer-token-file -', async () => {
    const result = await runCliProcess(fetchArgs(['--bearer-token-file', '-']), { input: `${TOKEN}\n` });
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
  });

  it('sends basic auth from --basic-auth-file or PROMETHEUS_BASIC_AUTH', async () => {
    const expected = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`;
    const fromFile = await runCliProcess(fetchArgs(['--basic-auth-file', basicFile]));
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(server.requests.every((request) => request.headers['authorization'] === expected)).toBe(true);
    const fromEnv = await runCliProcess(fetchArgs(), { env: { PROMETHEUS_BASIC_AUTH: `alice:${PASSWORD}` } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expectNoSecret(fromFile.stdout, fromFile.stderr, fromEnv.stdout, fromEnv.stderr);
    const both = await runCliProcess(fetchArgs(), { env: { PROMETHEUS_BASIC_AUTH: `alice:${PASSWORD}`, PROMETHEUS_BEARER_TOKEN: TOKEN } });
    expect(both.code).toBe(64);
    expectNoSecret(both.stdout, both.stderr);
  });

  it('an empty or unreadable token file is refused (65 / 66) without a request', async () => {
    const empty = join(directory, 'empty-token');
    writeFileSync(empty, '\n');
    const emptyResult = await runCliProcess(fetchArgs(['--bearer-token-file', empty]));
    expect(emptyResult.code).toBe(65);
    expect(emptyResult.stderr).toContain('is empty');
    const missing = await runCliProcess(fetchArgs(['--bearer-token-file', join(directory, 'nope')]));
    expect(missing.code).toBe(66);
    expect(server.requests).toHaveLength(0);
  });

  it('a server that echoes the token in a 401 gives exit 69 with the token redacted, with and without --debug', async () => {
    await server.close();
    server = await createTestServer([echoing(401)]);
    for (const debug of [[], ['--debug']]) {
      const result = await runCliProcess(fetchArgs(['--bearer-token-file', tokenFile, ...debug], 'run'));
      expect(result.code, result.stderr).toBe(69);
      expect(result.stderr).toContain('HTTP 401');
      expect(result.stderr).toContain('[REDACTED]');
      expect(result.stderr).toContain('check the credentials');
      expectNoSecret(result.stdout, result.stderr);
    }
  });

  it('a 500 echoing basic-auth credentials is exit 69 after the retries, redacted', async () => {
    await server.close();
    server = await createTestServer([echoing(500)]);
    const result = await runCliProcess(fetchArgs(['--timeout', '20s']), { env: { PROMETHEUS_BASIC_AUTH: `alice:${PASSWORD}` }, timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(69);
    expect(result.stderr).toMatch(/HTTP 500 .*after 4 attempts/);
    expectNoSecret(result.stdout, result.stderr);
  }, 40_000);

  it('no report format carries the token', async () => {
    for (const format of ['text', 'json', 'markdown', 'html']) {
      const output = join(directory, `report.${format}`);
      const result = await runCliProcess(fetchArgs(['--bearer-token-file', tokenFile, '--format', format, '--output', output], 'run'));
      expect([0, 1, 2]).toContain(result.code);
      expectNoSecret(result.stdout, result.stderr, readFileSync(output, 'utf8'));
    }
  });
});

describe('fetch / run: what goes where', () => {
  it('fetch --output writes the dump; a missing directory is exit 73', async () => {
    const output = join(directory, 'data.json');
    const written = await runCliProcess(fetchArgs(['--output', output]));
    expect(written.code, written.stderr).toBe(0);
    const data = JSON.parse(readFileSync(output, 'utf8')) as { metrics: Record<string, unknown> };
    expect(Object.keys(data.metrics)).toEqual(['latency', 'errors']);
    const judged = await runCliProcess(['validate', '--config', configPath, output]);
    expect(judged.code, judged.stderr).toBe(0);
    const missing = await runCliProcess(fetchArgs(['--output', join(directory, 'no', 'such', 'dir.json')]));
    expect(missing.code).toBe(73);
  });

  it('a metric without a query is exit 65 listing every such metric, before any request', async () => {
    const config = join(directory, 'no-query.json');
    writeFileSync(config, JSON.stringify({ metrics: [{ name: 'a', test: 'mann-whitney' }, { name: 'b', test: 'rate' }, { name: 'c', test: 'mann-whitney', query: 'up' }] }));
    const result = await runCliProcess(fetchArgs().map((argument) => (argument === configPath ? config : argument)));
    expect(result.code).toBe(65);
    expect(result.stderr).toContain('2 metrics have no query');
    expect(result.stderr).toContain('  - metrics[0].query: metric "a" has no query');
    expect(result.stderr).toContain('  - metrics[1].query: metric "b" has no query: expected a PromQL template pair');
    expect(server.requests).toHaveLength(0);
  });

  it('--quiet prints nothing and still returns the verdict', async () => {
    const result = await runCliProcess(fetchArgs(['--quiet'], 'run'));
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
    expect([0, 1, 2]).toContain(result.code);
  });

  it('the top-level help lists fetch and run', async () => {
    const result = await runCliProcess(['--help']);
    expect(result.stdout).toMatch(/\n {2}fetch +Fetch baseline and canary series/);
    expect(result.stdout).toMatch(/\n {2}run +Fetch from Prometheus or CloudWatch and judge/);
  });
});

interface FakeIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
  readonly signal: (name: string) => void;
}

function fakeIo(options: { tty: boolean; columns?: number }): FakeIo {
  let out = '';
  let err = '';
  let listener: ((signal: string) => void) | undefined;
  return {
    stdout: { isTTY: false, write: (chunk: string) => ((out += chunk), true) },
    stderr: { isTTY: options.tty, columns: options.columns, write: (chunk: string) => ((err += chunk), true) } as CliIo['stderr'],
    env: {},
    cwd: root,
    onShutdownSignal(subscriber) {
      listener = subscriber;
      return () => {
        listener = undefined;
      };
    },
    out: () => out,
    err: () => err,
    signal: (name) => listener?.(name),
  };
}

describe('fetch / run in process: progress on a terminal, interruption', () => {
  it('draws a progress line on a terminal stderr, and clears it', async () => {
    const io = fakeIo({ tty: true });
    const code = await runCli(fetchArgs(), io);
    expect(code, io.err()).toBe(0);
    expect(io.err()).toContain(`\r\u001b[2Kcanary-judge: fetching 0/6 queries from Prometheus at ${server.url}\r`);
    expect(io.err()).toMatch(/\r\u001b\[2Kcanary-judge: fetching 6\/6 queries from Prometheus at http:\/\/127\.0\.0\.1:\d+ \(/);
    // Never longer than the terminal: 79 characters when its width is unknown.
    for (const line of io.err().split('\r\u001b[2K')) expect(line.length).toBeLessThanOrEqual(79);
    const wide = fakeIo({ tty: true, columns: 200 });
    expect(await runCli(fetchArgs(), wide)).toBe(0);
    expect(wide.err()).toMatch(/fetching 6\/6 queries from Prometheus at http:\/\/127\.0\.0\.1:\d+ \(last: (latency|errors), (baseline|canary)(, events|, total)?\)\r/);
    expect(io.err().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('draws nothing when stderr is not a terminal, or with --quiet', async () => {
    const piped = fakeIo({ tty: false });
    expect(await runCli(fetchArgs(), piped)).toBe(0);
    expect(piped.err()).toBe('');
    const quiet = fakeIo({ tty: true });
    expect(await runCli(fetchArgs(['--quiet']), quiet)).toBe(0);
    expect(quiet.err()).toBe('');
  });

  it('a shutdown signal stops the fetch with exit 130', async () => {
    await server.close();
    server = await createTestServer([hang]);
    const io = fakeIo({ tty: false });
    const running = runCli(fetchArgs(), io);
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    io.signal('SIGINT');
    expect(await running).toBe(130);
    expect(io.err()).toContain('interrupted by SIGINT while fetching; nothing was written');
  });
});

describe('--source cloudwatch without the AWS SDK installed', () => {
  it('fails with exit 69 and tells the user to install @aws-sdk/client-cloudwatch', async () => {
    // A copy of the built CLI where no node_modules can be found: the SDK is an external import.
    const copy = mkdtempSync(join(tmpdir(), 'canary-judge-no-sdk-'));
    try {
      cpSync(join(root, 'dist', 'cli'), join(copy, 'cli'), { recursive: true });
      const config = join(copy, 'canary.json');
      writeFileSync(config, JSON.stringify({ metrics: [{ name: 'latency', test: 'mann-whitney', cloudwatch: { namespace: 'App', metricName: 'Latency', dimensions: { version: '${scope}' }, statistic: 'Average' } }] }));
      const result = await runCliProcess(['run', '-c', config, '--source', 'cloudwatch', '--region', 'us-east-1', '--start', 'now-1h', '--end', 'now', '--step', '60', '--baseline-scope', 'v1', '--canary-scope', 'v2'], {
        cliPath: join(copy, 'cli', 'main.cjs'),
        cwd: copy,
      });
      expect(result.code, result.stderr).toBe(69);
      expect(result.stderr).toContain('--source cloudwatch needs the AWS SDK package @aws-sdk/client-cloudwatch, which is not installed');
      expect(result.stderr).toContain('npm install @aws-sdk/client-cloudwatch');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('fetch / run: extra headers and retries', () => {
  const API_KEY = 'key-5c1e9d0b7a-SECRET';

  it('sends every --header with each query (a tenant for Mimir, Cortex or Thanos)', async () => {
    const result = await runCliProcess(fetchArgs(['--header', 'X-Scope-OrgID: tenant-1', '-H', 'X-Team:  checkout ']));
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests).toHaveLength(6);
    for (const request of server.requests) {
      expect(request.headers['x-scope-orgid']).toBe('tenant-1');
      expect(request.headers['x-team']).toBe('checkout');
    }
  });

  it('refuses a header that carries a secret on the command line, without echoing it, and takes it from --header-file', async () => {
    const refused = await runCliProcess(fetchArgs(['--header', `X-Api-Key: ${API_KEY}`]));
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('--header X-Api-Key: a header that carries a secret must not go on the command line');
    expect(refused.stderr).toContain('--header-file FILE');
    expect(refused.stderr + refused.stdout).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(0);

    const file = join(directory, 'headers');
    writeFileSync(file, `# gateway key and tenant\nX-Api-Key: ${API_KEY}\n\nX-Scope-OrgID: tenant-2\n`);
    const accepted = await runCliProcess(fetchArgs(['--header-file', file, '--header', 'X-Team: checkout']));
    expect(accepted.code, accepted.stderr).toBe(0);
    for (const request of server.requests) {
      expect(request.headers['x-api-key']).toBe(API_KEY);
      expect(request.headers['x-scope-orgid']).toBe('tenant-2');
      expect(request.headers['x-team']).toBe('checkout');
    }
    expect(accepted.stderr + accepted.stdout).not.toContain(API_KEY);
  });

  it('never prints a header secret, even when the server echoes it in an error', async () => {
    await server.close();
    server = await createTestServer([
      (request, response) => {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: `rejected key ${String(request.headers['x-api-key'])}` }));
      },
    ]);
    const file = join(directory, 'key-only');
    writeFileSync(file, `X-Api-Key: ${API_KEY}\n`);
    const result = await runCliProcess(fetchArgs(['--header-file', file, '--debug']));
    expect(result.code).toBe(65);
    expect(result.stderr).toContain('rejected key');
    expect(result.stderr + result.stdout).not.toContain(API_KEY);
  });

  const badHeaders: [string, RegExp][] = [
    ['X-Scope-OrgID tenant', /--header: expected "NAME: VALUE"/],
    ['Bad Name: x', /--header: "Bad Name" is not a header name/],
    ['X-Empty:', /--header: the X-Empty header has no value/],
    ['Host: evil.example', /--header: the Host header cannot be set: it is taken from --prometheus-url/],
    ['Authorization: Bearer abc', /the Authorization header cannot be set: use --bearer-token-file or --basic-auth-file/],
  ];
  for (const [header, message] of badHeaders) {
    it(`refuses --header "${header}" with exit 64`, async () => {
      const result = await runCliProcess(fetchArgs(['--header', header]));
      expect(result.code, result.stderr).toBe(64);
      expect(result.stderr).toMatch(message);
      expect(server.requests).toHaveLength(0);
    });
  }

  it('refuses a header given twice, a header file with a bad line (65, with its line) and headers with --source cloudwatch', async () => {
    const twice = await runCliProcess(fetchArgs(['--header', 'X-Team: a', '--header', 'x-team: b']));
    expect(twice.code).toBe(64);
    expect(twice.stderr).toContain('the x-team header is given twice');

    const file = join(directory, 'bad-headers');
    writeFileSync(file, 'X-Scope-OrgID: a\nnot a header\n');
    const bad = await runCliProcess(fetchArgs(['--header-file', file]));
    expect(bad.code).toBe(65);
    expect(bad.stderr).toMatch(/header file ".*bad-headers" is not valid: line 2: expected "NAME: VALUE"/);

    const injected = join(directory, 'injected-headers');
    writeFileSync(injected, 'X-Team: a\rX-Evil: b\n');
    const injection = await runCliProcess(fetchArgs(['--header-file', injected]));
    expect(injection.code).toBe(65);
    expect(injection.stderr).toContain('line break or a control character');

    const cloudwatch = await runCliProcess(['run', '-c', 'c.json', '--source', 'cloudwatch', '--region', 'us-east-1', '--header', 'X-Team: a', '--start', 'now-1h', '--end', 'now', '--baseline-scope', 'a', '--canary-scope', 'b']);
    expect(cloudwatch.code).toBe(64);
    expect(cloudwatch.stderr).toContain('--header is for --source prometheus, not cloudwatch');
    expect(server.requests).toHaveLength(0);
  });

  it('--retries sets how often a failing query is retried (0 to 10)', async () => {
    await server.close();
    server = await createTestServer([
      (_request, response) => {
        response.writeHead(503, { 'content-type': 'text/plain' });
        response.end('overloaded');
      },
    ]);
    // Queries run concurrently and the first to give up cancels the rest, so count attempts per query.
    const mostAttempts = (from: number): number => {
      const counts = new Map<string, number>();
      for (const request of server.requests.slice(from)) {
        const key = `${request.form.get('query')}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return Math.max(...counts.values());
    };
    const none = await runCliProcess(fetchArgs(['--retries', '0']));
    expect(none.code).toBe(69);
    expect(mostAttempts(0)).toBe(1);
    const before = server.requests.length;
    const two = await runCliProcess(fetchArgs(['--retries', '2']));
    expect(two.code).toBe(69);
    expect(mostAttempts(before)).toBe(3);
    const after = server.requests.length;
    for (const value of ['11', '-1', 'many', '1.5']) {
      const bad = await runCliProcess(fetchArgs([`--retries=${value}`]));
      expect(bad.code, value).toBe(64);
      expect(bad.stderr).toContain(`--retries must be a whole number from 0 to 10; received "${value}"`);
    }
    expect(server.requests).toHaveLength(after);
  });
});
