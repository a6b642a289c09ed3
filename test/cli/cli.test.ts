/**
 * The built CLI as a user runs it: a child process, its exit code, stdout and stderr.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, root, runCliProcess } from './helpers.js';

const packageVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
let scratch = '';

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'canary-judge-cli-'));
});

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

function scratchFile(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe('help and version', () => {
  it('--version prints the package version', async () => {
    const run = await runCliProcess(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${packageVersion}\n`);
    expect(run.stderr).toBe('');
  });

  it('--help lists the commands and the exit codes on stdout', async () => {
    const run = await runCliProcess(['--help']);
    expect(run.code).toBe(0);
    for (const word of ['judge', 'validate', 'schema', 'serve', '64 bad usage', '65 invalid config or data', '69', '70 internal error']) {
      expect(run.stdout).toContain(word);
    }
  });

  it('no command prints the help on stderr and exits 64', async () => {
    const run = await runCliProcess([]);
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage:');
  });

  it.each(['judge', 'validate', 'schema', 'serve'])('%s --help shows usage, options and examples', async (name) => {
    const run = await runCliProcess([name, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`canary-judge ${name}`);
    expect(run.stdout).toContain('Usage:');
    expect(run.stdout).toContain('Examples:');
    expect(run.stderr).toBe('');
  });

  it('help COMMAND is the same as COMMAND --help', async () => {
    const [viaHelp, viaFlag] = await Promise.all([runCliProcess(['help', 'judge']), runCliProcess(['judge', '-h'])]);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });
});

describe('judge: verdicts of the bundled examples', () => {
  const cases = [
    { name: 'healthy-canary', code: 0, first: /^PASS {2}score 100\.0\/100/, stderr: /^$/ },
    { name: 'latency-regression', code: 1, first: /^FAIL {2}score/, stderr: /^$/ },
    // stderr: the notices (warnings, data-quality findings, metrics without a result), and what a marginal waits for.
    { name: 'error-spike', code: 1, first: /^FAIL {2}score/, stderr: /^canary-judge: warning: FAIL, check: 1 warning \(see the report\):\n.*5xx ratio: The baseline has no events/ },
    { name: 'low-traffic', code: 2, first: /^MARGINAL {2}score 25\.0\/100/, stderr: /^canary-judge: warning: MARGINAL: more data would decide: .*\ncanary-judge: warning: MARGINAL, check: 2 metrics without a result/ },
  ];
  it.each(cases)('$name exits $code', async ({ name, code, first, stderr }) => {
    const { data, config } = example(name);
    const run = await runCliProcess(['judge', data, '--config', config]);
    expect(run.stderr).toMatch(stderr);
    expect(run.code).toBe(code);
    expect(run.stdout.split('\n')[0]).toMatch(first);
    expect(run.stdout).not.toContain('\u001b['); // not a terminal: no colour
  });

  it('names the failing metric of the latency regression with its numbers', async () => {
    const { data, config } = example('latency-regression');
    const run = await runCliProcess(['judge', data, '-c', config]);
    expect(run.stdout).toMatch(/p99 latency\s+fail \(high\)\s+\+\d+(\.\d+)?%\s+\+\d+(\.\d+)?% to \+\d+(\.\d+)?% \(98\.75%\)\s+\+20%\s+independent\s+3/);
  });

  it('--format json prints the Judgement and nothing else', async () => {
    const { data, config } = example('error-spike');
    const run = await runCliProcess(['judge', data, '--config', config, '--format', 'json']);
    expect(run.code).toBe(1);
    const judgement = JSON.parse(run.stdout) as { verdict: string; summary: { decidedBy: string }; metrics: { name: string; outcome: string }[] };
    expect(judgement.verdict).toBe('fail');
    expect(judgement.summary.decidedBy).toBe('critical');
    expect(judgement.metrics.find((metric) => metric.name === '5xx ratio')?.outcome).toBe('fail');
    expect(Object.keys(judgement)[0]).toBe('verdict');
  });

  it('--format markdown prints a table', async () => {
    const { data, config } = example('healthy-canary');
    const run = await runCliProcess(['judge', data, '--config', config, '-f', 'markdown']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^### ✅ Canary PASS/);
    expect(run.stdout).toContain('| Metric | Outcome |');
  });

  it('gives the same JSON for the same input, byte for byte', async () => {
    const { data, config } = example('latency-regression');
    const [first, second] = await Promise.all([
      runCliProcess(['judge', data, '-c', config, '-f', 'json']),
      runCliProcess(['judge', data, '-c', config, '-f', 'json']),
    ]);
    expect(first.stdout).toBe(second.stdout);
  });
});

describe('judge: inputs and outputs', () => {
  it('reads the data from stdin with -', async () => {
    const { data, config } = example('latency-regression');
    const [fromFile, fromStdin] = await Promise.all([
      runCliProcess(['judge', data, '-c', config, '-f', 'json']),
      runCliProcess(['judge', '-', '-c', config, '-f', 'json'], { input: readFileSync(data) }),
    ]);
    expect(fromStdin.code).toBe(1);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it('reads the config from stdin with --config -', async () => {
    const { data, config } = example('healthy-canary');
    const run = await runCliProcess(['judge', data, '--config', '-'], { input: readFileSync(config) });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PASS/);
  });

  it('refuses two inputs from stdin', async () => {
    const run = await runCliProcess(['judge', '-', '--config', '-']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('only one input can be read from standard input');
  });

  it('--output writes the report to a file (format from the extension) and a summary line to stdout', async () => {
    const { data, config } = example('latency-regression');
    const target = join(scratch, 'report.html');
    const run = await runCliProcess(['judge', data, '-c', config, '--output', target]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}score \d+\.\d\/100: report written to .*report\.html\n$/);
    const html = readFileSync(target, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg');
  });

  it('--output with --format overrides the extension', async () => {
    const { data, config } = example('healthy-canary');
    const target = join(scratch, 'report.txt');
    const run = await runCliProcess(['judge', data, '-c', config, '-o', target, '--format', 'json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(readFileSync(target, 'utf8')) as { verdict: string }).verdict).toBe('pass');
  });

  it('--output - writes to stdout', async () => {
    const { data, config } = example('healthy-canary');
    const run = await runCliProcess(['judge', data, '-c', config, '-o', '-']);
    expect(run.stdout).toMatch(/^PASS/);
  });

  it('--output into a missing directory exits 73', async () => {
    const { data, config } = example('healthy-canary');
    const run = await runCliProcess(['judge', data, '-c', config, '-o', join(scratch, 'no', 'such', 'dir', 'r.html')]);
    expect(run.code).toBe(73);
    expect(run.stderr).toContain('its directory does not exist');
  });

  it('--quiet prints nothing; the exit code still carries the verdict', async () => {
    const { data, config } = example('latency-regression');
    const run = await runCliProcess(['judge', data, '-c', config, '--quiet']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
  });

  it('colours only when asked by FORCE_COLOR, never with NO_COLOR', async () => {
    const { data, config } = example('healthy-canary');
    const [forced, vetoed] = await Promise.all([
      runCliProcess(['judge', data, '-c', config], { env: { FORCE_COLOR: '1' } }),
      runCliProcess(['judge', data, '-c', config], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }),
    ]);
    expect(forced.stdout).toContain('\u001b[32m');
    expect(vetoed.stdout).not.toContain('\u001b[');
  });

  it('--debug adds timings on stderr', async () => {
    const { data, config } = example('healthy-canary');
    const run = await runCliProcess(['judge', data, '-c', config, '--debug']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/read [\d.]+ ms, judged [\d.]+ ms, rendered text/);
  });
});

describe('judge: bad usage exits 64 with a message on stderr', () => {
  const { data, config } = example('healthy-canary');
  const cases: { args: string[]; message: string }[] = [
    { args: ['jduge', data], message: 'unknown command "jduge" (did you mean "judge"?)' },
    { args: ['judge', data, '-c', config, '--formt', 'json'], message: "unknown option --formt for 'judge' (did you mean --format?)" },
    { args: ['judge', data, '-c', config, '--format', 'xml'], message: '--format must be one of text, json, markdown, html; received "xml"' },
    { args: ['judge', data], message: "'judge' needs --config CONFIG.json" },
    { args: ['judge', '-c', config], message: "'judge' needs one data file" },
    { args: ['judge', data, data, '-c', config], message: "'judge' takes at most one data file" },
    { args: ['judge', data, '-c', config, '-c', config], message: '--config was given twice; it takes a single value' },
    { args: ['judge', data, '--config'], message: '--config needs a value' },
    { args: ['judge', data, '-c', config, '--max-input-mb', 'lots'], message: '--max-input-mb must be a positive number of MiB; received "lots"' },
    { args: ['--frobnicate', 'judge'], message: 'unknown option --frobnicate before the command' },
    { args: ['judge', '--kayenta', data, '-c', config], message: '--kayenta takes no --config' },
  ];
  it.each(cases)('$message', async ({ args, message }) => {
    const run = await runCliProcess(args);
    expect(run.code).toBe(64);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('judge: unreadable and invalid inputs', () => {
  it('a missing file exits 66', async () => {
    const { config } = example('healthy-canary');
    const run = await runCliProcess(['judge', 'does-not-exist.json', '-c', config]);
    expect(run.code).toBe(66);
    expect(run.stderr).toContain('cannot read data file "does-not-exist.json": no such file');
  });

  it('a directory exits 66', async () => {
    const { data } = example('healthy-canary');
    const run = await runCliProcess(['judge', data, '-c', scratch]);
    expect(run.code).toBe(66);
    expect(run.stderr).toContain('it is a directory');
  });

  it('a path through a file, or a file without read permission, exits 66', async () => {
    const { data } = example('healthy-canary');
    const throughFile = await runCliProcess(['judge', data, '-c', join(data, 'config.json')]);
    expect(throughFile.code).toBe(66);
    expect(throughFile.stderr).toContain('a part of the path is not a directory');
    // root reads files whatever their mode, so permissions can only be checked as another user
    if (process.getuid?.() !== 0) {
      const locked = scratchFile('locked.json', '{}');
      chmodSync(locked, 0o000);
      const run = await runCliProcess(['judge', data, '-c', locked]);
      expect(run.code).toBe(66);
      expect(run.stderr).toContain('permission denied');
    }
  });

  it('invalid JSON exits 65 with the line and column', async () => {
    const { config } = example('healthy-canary');
    const broken = scratchFile('broken.json', '{\n  "metrics": {\n    "cpu": { "baseline": [1, 2,, 3] }\n  }\n}\n');
    const run = await runCliProcess(['judge', broken, '-c', config]);
    expect(run.code).toBe(65);
    expect(run.stderr).toMatch(/data file ".*broken\.json" is not valid JSON at line 3, column 32: expected a value, received ","/);
  });

  it('an empty file exits 65', async () => {
    const { config } = example('healthy-canary');
    const run = await runCliProcess(['judge', scratchFile('empty.json', ''), '-c', config]);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain('is empty: expected a JSON document');
  });

  it('an invalid config exits 65 listing every problem with its JSON path', async () => {
    const { data } = example('healthy-canary');
    const config = scratchFile(
      'bad-config.json',
      JSON.stringify({ metrics: [{ name: 'cpu', test: 'mean-ratio', weight: -2 }, { name: 'latency', test: 'mann-whitney', wieght: 2 }] }),
    );
    const run = await runCliProcess(['judge', data, '--config', config]);
    expect(run.code).toBe(65);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('is not a valid canary-judge configuration (2 problems)');
    expect(run.stderr).toMatch(/ {2}- metrics\[0\]\.weight: .*-2/);
    expect(run.stderr).toContain('  - metrics[1].wieght: Unknown key "wieght" (did you mean "weight"?)');
  });

  it('invalid data exits 65 with the path of the bad value', async () => {
    const { config } = example('healthy-canary');
    const data = scratchFile('bad-data.json', JSON.stringify({ metrics: { cpu: { baseline: [1, 'fast', 3], canary: [1, 2, 3] } } }));
    const run = await runCliProcess(['judge', data, '--config', config]);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain('is not valid canary-judge data');
    expect(run.stderr).toContain('metrics.cpu.baseline[1]');
  });
});

describe('judge: a 200 MB dump', () => {
  let big = '';
  beforeAll(() => {
    big = join(scratch, 'big.json');
    const chunk = Buffer.from('123.456,'.repeat(131_072)); // 1 MiB of values
    const parts = [Buffer.from('{"metrics":{"latency":{"baseline":[')];
    for (let index = 0; index < 200; index++) parts.push(chunk);
    parts.push(Buffer.from('1],"canary":[1,2,3]}}}'));
    writeFileSync(big, Buffer.concat(parts));
  }, 60_000);

  it('a file over the input limit fails at once with the size and the way out', async () => {
    const { config } = example('healthy-canary');
    const run = await runCliProcess(['judge', big, '-c', config]);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain('is 200 MiB, over the input limit of 100 MiB');
    expect(run.stderr).toContain('--max-input-mb');
  });

  it('the same dump on stdin stops reading at the limit and fails clearly', async () => {
    const { config } = example('healthy-canary');
    const run = await runCliProcess(['judge', '-', '-c', config], { inputPath: big });
    expect(run.code).toBe(65);
    expect(run.stderr).toContain('data from standard input is more than 100 MiB, over the input limit of 100 MiB');
    // It stopped reading at the limit: past 100 MiB, but not much further (the pipe's buffers only), never the whole 200 MiB.
    expect(run.stdinBytes).toBeGreaterThan(100 * 1024 * 1024);
    expect(run.stdinBytes).toBeLessThan(104 * 1024 * 1024);
  });
});

describe('validate', () => {
  it('a valid config and data exit 0, with warnings for unmatched metrics', async () => {
    const { config } = example('healthy-canary');
    const data = scratchFile('partial.json', JSON.stringify({ metrics: { cpu: { baseline: [1, 2], canary: [1, 2] }, memory: { baseline: [1], canary: [1] } } }));
    const run = await runCliProcess(['validate', '--config', config, data]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('valid configuration, 4 metrics');
    expect(run.stdout).toContain('valid data, 2 metrics with series');
    expect(run.stderr).toContain('metric "p99 latency" has no data');
    expect(run.stderr).toContain('data for "memory" will be ignored');
  });

  it('an invalid config exits 65 with each problem', async () => {
    const config = scratchFile('invalid.json', JSON.stringify({ thresholds: { pass: 50, marginal: 80 }, metrics: [{ name: 'x', test: 'percentile' }] }));
    const run = await runCliProcess(['validate', '-c', config]);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain('thresholds.marginal: marginal must be at most pass');
    expect(run.stderr).toContain('metrics[0].percentile: percentile is required');
  });

  it('a cloudwatch query of the wrong shape exits 65 at its path (validate, judge, fetch, run: the CLI loads the adapter\'s check)', async () => {
    const query = { namespace: 'App', metricName: 'Latency', statistic: 'P99' };
    const config = scratchFile(
      'bad-cloudwatch.json',
      JSON.stringify({
        metrics: [
          { name: 'cpu', test: 'mean-ratio', cloudwatch: query },
          { name: 'errors', test: 'rate', cloudwatch: { ...query, statistic: 'Sum' } },
          { name: 'p99', test: 'mann-whitney', cloudwatch: { ...query, statistic: 'p99', metricNmae: 'x' } },
        ],
      }),
    );
    const data = scratchFile('cloudwatch-data.json', JSON.stringify({ metrics: { cpu: { baseline: [1, 2], canary: [1, 2] } } }));
    // fetch and run check the config before any call (the region's endpoint is never reached).
    const window = ['--source', 'cloudwatch', '--region', 'us-east-1', '--endpoint', 'http://127.0.0.1:9', '--start', '2024-01-01T00:00:00Z', '--end', '2024-01-01T01:00:00Z', '--baseline-scope', 'v1', '--canary-scope', 'v2'];
    for (const argv of [['validate', '-c', config], ['judge', data, '-c', config], ['fetch', '-c', config, ...window], ['run', '-c', config, ...window]]) {
      const run = await runCliProcess(argv);
      expect(run.code, `${argv[0]}: ${run.stderr}`).toBe(65);
      expect(run.stderr).toMatch(/is (not a valid canary-judge configuration|invalid) \(3 problems\)/);
      expect(run.stderr).toContain('metrics[0].cloudwatch.statistic: statistic must be Average, Sum, SampleCount, Minimum, Maximum or a percentile');
      expect(run.stderr).toContain('metrics[1].cloudwatch: a rate metric takes two CloudWatch queries');
      expect(run.stderr).toContain('metrics[2].cloudwatch.metricNmae: Unknown key "metricNmae" (did you mean "metricName"?)');
    }
  });

  it('lists the cloudwatch problems with the others, in metric order, and counts them all', async () => {
    const config = scratchFile(
      'mixed-cloudwatch.json',
      JSON.stringify({
        metrics: [
          { name: 'a', test: 'mean-ratio', cloudwatch: { namespace: 'App', metricName: 'A', statistic: 'avg' } },
          { name: 'b', test: 'percentile' },
        ],
      }),
    );
    const run = await runCliProcess(['validate', '-c', config, '--format', 'json']);
    expect(run.code).toBe(65);
    const report = JSON.parse(run.stdout) as { inputs: { issues: { path: string }[] }[] };
    expect(report.inputs[0]?.issues.map((issue) => issue.path)).toEqual(['metrics[0].cloudwatch.statistic', 'metrics[1].percentile']);
    const text = await runCliProcess(['validate', '-c', config]);
    expect(text.stderr).toContain('is invalid (2 problems)');
  });

  it('--format json reports problems as data', async () => {
    const config = scratchFile('invalid2.json', JSON.stringify({ metrics: [{ name: 'x', test: 'nope' }] }));
    const run = await runCliProcess(['validate', '-c', config, '--format', 'json']);
    expect(run.code).toBe(65);
    const report = JSON.parse(run.stdout) as { valid: boolean; inputs: { issues: { path: string }[] }[] };
    expect(report.valid).toBe(false);
    expect(report.inputs[0]?.issues[0]?.path).toBe('metrics[0].test');
  });
});

describe('schema', () => {
  it('prints the config schema by default and the data schema on request', async () => {
    const [config, data] = await Promise.all([runCliProcess(['schema']), runCliProcess(['schema', 'data'])]);
    expect(config.code).toBe(0);
    expect((JSON.parse(config.stdout) as { properties: Record<string, unknown> }).properties).toHaveProperty('metrics');
    expect((JSON.parse(data.stdout) as { required: string[] }).required).toContain('metrics');
  });

  it('describes the shape of a metric\'s cloudwatch key (filled in from the CloudWatch adapter)', async () => {
    const run = await runCliProcess(['schema']);
    const schema = JSON.parse(run.stdout) as { properties: { metrics: { items: { properties: { cloudwatch: { anyOf: { properties: Record<string, unknown> }[] } } } } } };
    const [pair, query] = schema.properties.metrics.items.properties.cloudwatch.anyOf;
    expect(Object.keys(pair?.properties ?? {})).toEqual(['events', 'total']);
    expect(Object.keys(query?.properties ?? {})).toEqual(expect.arrayContaining(['namespace', 'metricName', 'dimensions', 'statistic', 'unit', 'expression', 'metrics', 'period']));
  });

  it('an unknown schema is bad usage', async () => {
    const run = await runCliProcess(['schema', 'conifg']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('unknown schema "conifg": expected config or data (did you mean "config"?)');
  });
});

describe('judge --kayenta', () => {
  const request = join(root, 'examples', 'kayenta', 'request.json');

  it('prints the CanaryJudgeResult as JSON and exits on its classification', async () => {
    const run = await runCliProcess(['judge', '--kayenta', request, '--format', 'json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as { judgeName: string; score: { classification: string } };
    expect(result.judgeName).toBe('NetflixACAJudge-v1.0');
    expect(result.score.classification).toBe('Fail');
  });

  it('prints a readable report by default', async () => {
    const run = await runCliProcess(['judge', '--kayenta', request]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe('Fail  score 50 (NetflixACAJudge-v1.0)');
    expect(run.stdout).toMatch(/request latency p50\s+High/);
  });

  it('refuses formats other than json and text', async () => {
    const run = await runCliProcess(['judge', '--kayenta', request, '--format', 'html']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('--kayenta prints json or text');
  });

  it('an invalid request exits 65 with its problems', async () => {
    const bad = scratchFile('kayenta-bad.json', JSON.stringify({ canaryConfig: { metrics: [] }, metricSetPairList: [] }));
    const run = await runCliProcess(['judge', '--kayenta', bad]);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain('is not a valid Kayenta RemoteJudge request');
    expect(run.stderr).toContain('scoreThresholds');
  });
});

describe('serve', () => {
  it('listens, answers, and stops gracefully on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const { cli } = await import('./helpers.js');
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address within 10 s: ${stderr}`)), 10_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on (http:\/\/[^\s]+)/.exec(stderr);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const health = await fetch(`${address}/healthz`);
    expect(health.status).toBe(200);
    const { data, config } = example('healthy-canary');
    const judged = await fetch(`${address}/v1/judge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ config: JSON.parse(readFileSync(config, 'utf8')), data: JSON.parse(readFileSync(data, 'utf8')) }),
    });
    expect(judged.status).toBe(200);
    expect(((await judged.json()) as { verdict: string }).verdict).toBe('pass');
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM received: answering the requests already received');
    expect(stderr).toContain('stopped');
  });

  it('a port in use exits 69', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await runCliProcess(['serve', '--port', String(port)]);
      expect(run.code).toBe(69);
      expect(run.stderr).toContain(`cannot listen on 127.0.0.1:${port}: the address is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('a bad port is bad usage', async () => {
    const run = await runCliProcess(['serve', '--port', '70000']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('--port must be a whole number from 0 to 65535');
  });
});
