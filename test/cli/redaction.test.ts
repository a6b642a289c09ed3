/**
 * The redaction choke point (issue 19): a loopback "Prometheus" that echoes every request header,
 * the request path and the form back in each field it answers with (warnings, label values,
 * errorType, error), as proxies and gateways do. Whatever secret the CLI was given (a bearer-token
 * file, a header file, basic auth in the environment, user info and a credential parameter in the
 * URL) must not reach stdout, stderr, a report file or the analysis server's HTTP body.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/cli/run.js';
import { Redactor } from '../../src/shared/redaction.js';
import { createTestServer, type Handler, type RecordedRequest, type TestServer } from '../adapters/prometheus/helpers/http-test-server.js';
import { root } from './helpers.js';

const directory = mkdtempSync(join(tmpdir(), 'canary-judge-redaction-'));
const TOKEN = 'tok-7d1e5b9c0a-REDACTME';
const API_KEY = 'key-0c9d8e7f6a-REDACTME';
const PASSWORD = 'pw-4b3a2c1d0e-REDACTME';
const URL_PASSWORD = 'urltok-99aa88bb-REDACTME';
const QUERY_KEY = 'qkey-1234abcd-REDACTME';
const SECRETS = [TOKEN, API_KEY, PASSWORD, URL_PASSWORD, QUERY_KEY, Buffer.from(`alice:${PASSWORD}`).toString('base64'), Buffer.from(`${URL_PASSWORD}:`).toString('base64')];

/** Everything the request carried, as one string. */
function echo(request: RecordedRequest): string {
  return JSON.stringify({ headers: request.headers, path: request.path, form: Object.fromEntries(request.form) });
}

/** A successful answer whose warnings, labels and values echo the request. */
const echoingSuccess: Handler = (request, response) => {
  const start = Number(request.form.get('start'));
  const end = Number(request.form.get('end'));
  const step = Number(request.form.get('step'));
  const values: [number, string][] = [];
  for (let time = start, index = 0; time <= end; time += step, index++) values.push([time, String(1 + (index % 3) / 100)]);
  const text = echo(request);
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ status: 'success', warnings: [`gateway saw ${text}`], data: { resultType: 'matrix', result: [{ metric: { job: 'x', echoed: text }, values }] } }));
};

/** An error answer that echoes the request in every field. */
const echoingError: Handler = (request, response) => {
  const text = echo(request);
  response.writeHead(401, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ status: 'error', errorType: `auth ${text}`, error: `rejected ${text}` }));
};

const configPath = join(directory, 'canary.json');
const tokenFile = join(directory, 'token');
const headerFile = join(directory, 'headers');
let success: TestServer;
let failure: TestServer;

beforeAll(async () => {
  writeFileSync(configPath, JSON.stringify({ metrics: [{ name: 'latency', test: 'mann-whitney', query: 'avg(latency{version="${scope}"})' }] }));
  writeFileSync(tokenFile, `${TOKEN}\n`);
  writeFileSync(headerFile, `X-Api-Key: ${API_KEY}\nX-Scope-OrgID: tenant-1\n`);
  success = await createTestServer([echoingSuccess]);
  failure = await createTestServer([echoingError]);
});
afterAll(async () => {
  await success?.close();
  await failure?.close();
  rmSync(directory, { recursive: true, force: true });
});

function collector(env: CliIo['env'] = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { isTTY: false, write: (chunk: string) => ((out += chunk), true) },
    stderr: { isTTY: false, write: (chunk: string) => ((err += chunk), true) },
    env,
    cwd: root,
    out: () => out,
    err: () => err,
  };
}

function args(url: string, command: 'fetch' | 'run', extra: readonly string[]): string[] {
  return [command, '--config', configPath, '--prometheus-url', url, '--start', '1704067800', '--end', '1704068400', '--step', '60', '--baseline-scope', 'v1', '--canary-scope', 'v2', '--retries', '0', ...extra];
}

function expectNoSecret(...texts: string[]): void {
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

/** The secrets' places, each with how the CLI is given them. */
const CREDENTIAL_SETS: readonly { name: string; url: (base: string) => string; extra: readonly string[]; env: CliIo['env'] }[] = [
  { name: 'a bearer-token file and a header file', url: (base) => base, extra: ['--bearer-token-file', tokenFile, '--header-file', headerFile], env: {} },
  { name: 'basic auth from the environment', url: (base) => base, extra: [], env: { PROMETHEUS_BASIC_AUTH: `alice:${PASSWORD}` } },
  {
    // A password in the URL is refused on the command line; a token as the user name is not.
    name: 'a token as URL user info and an api_key parameter in the URL',
    url: (base) => base.replace('http://', `http://${URL_PASSWORD}@`) + `/?api_key=${QUERY_KEY}`,
    extra: [],
    env: {},
  },
];

describe('no secret leaves the CLI, whatever the source echoes', () => {
  for (const set of CREDENTIAL_SETS) {
    it(`${set.name}: warnings, labels and every report format are redacted (run, --debug)`, async () => {
      for (const format of ['text', 'json', 'markdown', 'html']) {
        const output = join(directory, `report-${format}`);
        const io = collector(set.env);
        const code = await runCli(['--debug', ...args(set.url(success.url), 'run', ['--format', format, '--output', output, ...set.extra])], io);
        expect([0, 1, 2], io.err()).toContain(code);
        // The warning is shown (so the test sees what the echo carried), with the secret removed.
        expect(io.err()).toContain('the source warned: gateway saw');
        expect(io.err()).toContain('[REDACTED]');
        expectNoSecret(io.out(), io.err(), readFileSync(output, 'utf8'));
      }
      // fetch writes the data (with the echoed labels) to stdout.
      const io = collector(set.env);
      expect(await runCli(args(set.url(success.url), 'fetch', set.extra), io), io.err()).toBe(0);
      expectNoSecret(io.out(), io.err());
    });

    it(`${set.name}: an error echoing the request is exit 69, redacted, with and without --debug`, async () => {
      for (const debug of [[], ['--debug']]) {
        const io = collector(set.env);
        const code = await runCli([...debug, ...args(set.url(failure.url), 'run', set.extra)], io);
        expect(code, io.err()).toBe(69);
        expect(io.err()).toContain('HTTP 401');
        expectNoSecret(io.out(), io.err());
      }
    });
  }
});

describe('Redactor', () => {
  it('removes a secret in each spelling, and credential shapes without being told', () => {
    const secret = 'p@ss "word"&<x>';
    const redactor = new Redactor([secret]);
    const spellings = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), 'p@ss &quot;word&quot;&amp;&lt;x&gt;'];
    for (const spelling of spellings) expect(redactor.text(`before ${spelling} after`)).toBe('before [REDACTED] after');
    expect(redactor.text('GET https://bob:pw123@host/x?token=abc&page=2')).toBe('GET https://[REDACTED]@host/x?token=[REDACTED]&page=2');
    expect(redactor.text('{"Authorization":"Bearer abc.def-ghi"}')).toBe('{"Authorization":"Bearer [REDACTED]"}');
    // Prose about credentials is left alone.
    expect(redactor.text('this server needs "Authorization: Bearer <token>"; use basic auth')).toBe('this server needs "Authorization: Bearer <token>"; use basic auth');
  });

  it('redacts an error, its stack and its cause chain, keeping its fields', () => {
    const redactor = new Redactor(['hunter22']);
    const error = Object.assign(new Error('login hunter22 refused', { cause: new Error('server said hunter22') }), { code: 'E_AUTH', detail: 'hunter22' });
    const shown = redactor.error(error) as Error & { code: string; detail: string; cause: Error };
    expect(shown.message).toBe('login [REDACTED] refused');
    expect(shown.stack).not.toContain('hunter22');
    expect(shown.cause.message).toBe('server said [REDACTED]');
    expect(shown.code).toBe('E_AUTH');
    expect(shown.detail).toBe('[REDACTED]');
  });

  it('ignores secrets too short to search for', () => {
    expect(new Redactor(['ab', '', undefined]).text('ab cd')).toBe('ab cd');
  });
});
