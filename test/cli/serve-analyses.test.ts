/**
 * `canary-judge serve --analyses DIR` as a child process (the built CLI): every template is
 * validated at start-up and one bad file stops the server with exit 65 naming the file and the JSON
 * path; with good templates it serves them, fetching from a loopback fake Prometheus with the
 * credentials of --bearer-token-file / --header-file, which appear in no answer and no log line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestServer, json } from '../adapters/prometheus/helpers/http-test-server.js';
import { cli, runCliProcess } from './helpers.js';

const directory = mkdtempSync(join(tmpdir(), 'canary-judge-serve-analyses-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const full = join(directory, path);
  writeFileSync(full, text);
  return full;
}

const metric = { name: 'latency', test: 'mann-whitney', query: 'latency{version="${scope}"}' };

describe('serve --analyses', () => {
  it('an invalid template stops the server: exit 65 naming the file and the JSON path of each problem', async () => {
    const bad = join(directory, 'bad');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(bad);
    write('bad/good.json', JSON.stringify({ source: { prometheus: 'http://127.0.0.1:9090' }, metrics: [metric] }));
    write('bad/broken.json', JSON.stringify({ source: { prometheus: 'http://u:p@127.0.0.1:9090', step: 'often' }, lookback: 10, metrics: [{ name: 'x', test: 'mann-whitney', query: 'rate(x{v="${scope}"}[${window}])' }, { name: 'y', test: 'mann-whitny' }] }));
    const run = await runCliProcess(['serve', '--port', '0', '--analyses', bad]);
    expect(run.code, run.stderr).toBe(65);
    expect(run.stderr).toContain(join(bad, 'broken.json'));
    for (const path of ['source.prometheus', 'source.step', 'lookback', 'metrics[1].test']) expect(run.stderr).toContain(`broken.json ${path}`);
    expect(run.stderr).not.toContain('good.json');
    expect(run.stderr).not.toContain('u:p@');

    write('bad/broken.json', JSON.stringify({ source: { prometheus: 'http://127.0.0.1:9090' }, metrics: [{ name: 'x', test: 'mann-whitney', query: 'x{v="${scope}"} > ${threshold}' }] }));
    const outside = await runCliProcess(['serve', '--port', '0', '--analyses', bad]);
    expect(outside.code).toBe(65);
    expect(outside.stderr).toMatch(/broken\.json metrics\[0\]\.query: \$\{threshold\} is outside a quoted string/);

    write('bad/broken.json', '{ "source": ');
    const syntax = await runCliProcess(['serve', '--port', '0', '--analyses', bad]);
    expect(syntax.code).toBe(65);
    expect(syntax.stderr).toMatch(/broken\.json \(root\): is not valid JSON/);

    expect((await runCliProcess(['serve', '--port', '0', '--analyses', join(directory, 'missing')])).code).toBe(66);
    expect((await runCliProcess(['serve', '--port', '0', '--bearer-token-file', 'x'])).code).toBe(64);
    expect((await runCliProcess(['serve', '--port', '0', '--base-path', 'a b'])).code).toBe(64);
  });

  it('serves the templates with the source credentials from files, never printing them', async () => {
    const token = 'prometheus-token-SECRET-123456';
    const apiKey = 'api-key-SECRET-abcdef';
    const access = 'access-token-0123456789abcdef';
    const prometheus = await createTestServer([
      (request, response) => json(500, { status: 'error', errorType: 'internal', error: `no: ${String(request.headers['authorization'])} ${String(request.headers['x-api-key'])}` })(request, response),
    ]);
    const good = join(directory, 'good');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(good);
    write('good/latency.json', JSON.stringify({ source: { prometheus: prometheus.url, retries: 0 }, lookback: '10m', metrics: [metric] }));
    const tokenFile = write('prom-token', `${token}\n`);
    const headerFile = write('headers', `X-Api-Key: ${apiKey}\n`);
    const accessFile = write('access', access);
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--analyses', good, '--bearer-token-file', tokenFile, '--header-file', headerFile, '--token-file', accessFile, '--base-path', '/cj'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line: ${stderr}`)), 15_000);
        child.stderr.on('data', () => {
          const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
          if (match !== null) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        });
      });
      expect(stderr).toContain('1 analysis template');
      const response = await fetch(`http://127.0.0.1:${port}/cj/v1/analyses/latency/judge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${access}` },
        body: JSON.stringify({ baseline: 'v1', canary: 'v2' }),
      });
      const text = await response.text();
      expect(response.status, text).toBe(502);
      expect(prometheus.requests[0]?.headers['authorization']).toBe(`Bearer ${token}`);
      expect(prometheus.requests[0]?.headers['x-api-key']).toBe(apiKey);
      expect(text).toContain('[REDACTED]');
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
      for (const secret of [token, apiKey, access]) {
        expect(text).not.toContain(secret);
        expect(stderr).not.toContain(secret);
      }
    } finally {
      child.kill('SIGKILL');
      await prometheus.close();
    }
  });
});
