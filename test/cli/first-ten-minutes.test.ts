/**
 * The CLI for a new user (issue 18): swapped config and data are named, validate lists the names
 * that do not match side by side, and judge --help's example per input kind runs as printed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { example, root, runCliProcess } from './helpers.js';

let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'canary-judge-first-'));
});
afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

function scratchFile(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe('swapped config and data', () => {
  it('judge CONFIG --config DATA exits 65 and asks whether they were swapped', async () => {
    const { data, config } = example('healthy-canary');
    const run = await runCliProcess(['judge', config, '--config', data]);
    expect(run.code).toBe(65);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`config file "${data}" is not a valid canary-judge configuration`);
    expect(run.stderr).toContain('Did you swap the config and the data? This looks like canary-judge data');
    expect(run.stderr).toContain('The configuration goes after --config; the data is the positional argument (DATA.json).');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('judge DATA --config CONFIG-as-data names the data file', async () => {
    const { config } = example('healthy-canary');
    const run = await runCliProcess(['judge', config, '--config', config]);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain(`data file "${config}" is not valid canary-judge data`);
    expect(run.stderr).toContain('Did you swap the config and the data? This looks like a canary-judge configuration');
  });

  it('validate -c DATA CONFIG says it too, in text and in JSON', async () => {
    const { data, config } = example('healthy-canary');
    const text = await runCliProcess(['validate', '-c', data, config]);
    expect(text.code).toBe(65);
    expect(text.stderr).toContain('Did you swap the config and the data?');
    const json = await runCliProcess(['validate', '-c', data, config, '--format', 'json']);
    expect(json.code).toBe(65);
    const report = JSON.parse(json.stdout) as { inputs: { hint?: string }[] };
    expect(report.inputs.map((input) => input.hint?.slice(0, 36))).toEqual(['Did you swap the config and the data', 'Did you swap the config and the data']);
  });

  it('a config that is merely invalid gets the usual hint', async () => {
    const { data } = example('healthy-canary');
    const config = scratchFile('typo.json', JSON.stringify({ metrics: [{ name: 'x', test: 'nope' }] }));
    const run = await runCliProcess(['judge', data, '--config', config]);
    expect(run.code).toBe(65);
    expect(run.stderr).not.toContain('swap');
  });
});

describe('validate: configured names without data beside data keys without config', () => {
  it('lists both sides in two columns', async () => {
    const config = scratchFile(
      'names.json',
      JSON.stringify({ metrics: [{ name: 'p99 latency', test: 'mann-whitney', critical: true }, { name: 'cpu', test: 'mean-ratio' }, { name: 'errors', test: 'mean-ratio' }] }),
    );
    const data = scratchFile(
      'names-data.json',
      JSON.stringify({ metrics: { cpu: { baseline: [1, 2], canary: [1, 2] }, p99_latency: { baseline: [1], canary: [1] } } }),
    );
    const run = await runCliProcess(['validate', '-c', config, data]);
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n');
    const header = lines.findIndex((line) => line.includes('the names of the config and of the data do not all match'));
    expect(header).toBeGreaterThanOrEqual(0);
    const table = [
      '  configured, no data in the data    in the data, not configured',
      '  "p99 latency" (required)           "p99_latency"',
      '  "errors"',
    ];
    expect(lines.slice(header + 1, header + 4)).toEqual(table);
    // The key that differs only by punctuation gets the judge's did-you-mean.
    expect(run.stderr).toContain('data for "p99_latency" will be ignored: no metric of that name is configured; did you mean "p99 latency"? (names must match exactly)');
    // docs/cli.md shows this very run.
    const page = readFileSync(`${root}docs/cli.md`, 'utf8');
    expect(page).toContain([lines[header]!, ...table].join('\n'));
    const json = await runCliProcess(['validate', '-c', config, data, '--format', 'json']);
    expect((JSON.parse(json.stdout) as { unmatched: unknown }).unmatched).toEqual({
      configuredWithoutData: [
        { name: 'p99 latency', required: true },
        { name: 'errors', required: false },
      ],
      dataWithoutConfig: ['p99_latency'],
    });
  });

  it('says (none) for an empty side, and prints no table when every name matches', async () => {
    const { data, config } = example('healthy-canary');
    const matched = await runCliProcess(['validate', '-c', config, data]);
    expect(matched.stderr).not.toContain('do not all match');
    const extra = scratchFile('extra.json', JSON.stringify({ metrics: { cpu: { baseline: [1], canary: [1] } } }));
    const onlyConfigured = await runCliProcess(['validate', '-c', config, extra]);
    expect(onlyConfigured.stderr).toMatch(/configured, no data in the data {4}in the data, not configured\n {2}"request latency" +\(none\)\n/);
  });
});

describe('judge --help: one complete example per input kind', () => {
  interface Kind {
    readonly title: string;
    readonly data: string;
    readonly config: string;
    readonly exit: number;
  }

  function kindsIn(help: string): Kind[] {
    const lines = help.split('\n');
    const kinds: Kind[] = [];
    for (let index = 0; index < lines.length; index++) {
      if (lines[index] !== '    data.json:') continue;
      let title = index - 1;
      while (title > 0 && (lines[title - 1] as string).trim() !== '') title--; // the paragraph's first line
      const configAt = lines.indexOf('    canary.json:', index);
      const resultAt = lines.findIndex((line, at) => at > configAt && line.startsWith('    -> '));
      kinds.push({
        title: (lines[title] as string).trim(),
        data: lines.slice(index + 1, configAt).join('\n'),
        config: lines.slice(configAt + 1, resultAt).join('\n'),
        exit: Number(/\(exit (\d+)\)/.exec(lines[resultAt] as string)?.[1]),
      });
      index = resultAt;
    }
    return kinds;
  }

  it('shows per-request values, per-step series and counts, and each judges as the help says', async () => {
    const help = await runCliProcess(['judge', '--help']);
    expect(help.code).toBe(0);
    const kinds = kindsIn(help.stdout);
    expect(kinds.map((kind) => kind.title.split(':')[0])).toEqual(['Per-request values', 'Per-step series', 'Counts']);
    const shapes = kinds.map((kind) => {
      const series = Object.values((JSON.parse(kind.data) as { metrics: Record<string, { baseline: unknown }> }).metrics)[0]?.baseline;
      return Array.isArray(series) ? 'values' : Object.keys(series as object).sort().join(',');
    });
    expect(shapes).toEqual(['values', 'timestamps,values', 'events,total']);
    for (const [index, kind] of kinds.entries()) {
      const data = scratchFile(`kind-${index}-data.json`, kind.data);
      const config = scratchFile(`kind-${index}-config.json`, kind.config);
      const run = await runCliProcess(['judge', data, '--config', config]);
      expect(run.stderr, kind.title).toBe('');
      expect(run.code, kind.title).toBe(kind.exit);
    }
  });
});

describe('help and version, as people expect from CLIs they know', () => {
  const names = COMMANDS.map((entry) => entry.name);

  it('covers every command', () => {
    expect(names).toEqual(expect.arrayContaining(['judge', 'fetch', 'run', 'watch', 'validate', 'schema', 'serve']));
  });

  it.each(names)('%s: -h, --help and `help %s` print the same page on stdout and exit 0', async (name) => {
    const [short, long, viaHelp] = await Promise.all([
      runCliProcess([name, '-h']),
      runCliProcess([name, '--help']),
      runCliProcess(['help', name]),
    ]);
    for (const run of [short, long, viaHelp]) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
    }
    expect(long.stdout).toBe(short.stdout);
    expect(viaHelp.stdout).toBe(short.stdout);
    expect(short.stdout).toMatch(new RegExp(`^canary-judge ${name}: `));
    for (const section of ['Usage:', 'Common options:', 'Examples:']) expect(short.stdout).toContain(`\n${section}\n`);
    // Prose is not broken into one-line paragraphs: every paragraph before the options ends a sentence
    // (or is a heading, or an example's result line).
    const prose = short.stdout.slice(short.stdout.indexOf('\n\n', short.stdout.indexOf('Usage:')) + 2, short.stdout.search(/\n(Common options|Options):/));
    for (const paragraph of prose.split('\n\n')) {
      expect(paragraph.trimEnd(), `${name}: a paragraph ends mid-sentence`).toMatch(/[.:)]$/);
    }
  });

  it('--version and -V print the version, before or after a command', async () => {
    const runs = await Promise.all([runCliProcess(['--version']), runCliProcess(['-V']), runCliProcess(['judge', '--version']), runCliProcess(['validate', '-V'])]);
    const version = runs[0]!.stdout;
    expect(version).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(version);
    }
  });

  it('`help` alone is the general help; `help NOPE` is a usage error with a suggestion', async () => {
    const general = await runCliProcess(['help']);
    expect(general.code).toBe(0);
    expect(general.stdout).toContain('Commands:');
    const typo = await runCliProcess(['help', 'judgr']);
    expect(typo.code).toBe(64);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain('no help for "judgr": no such command (did you mean "judge"?)');
    expect(typo.stderr).toContain('commands: judge, ');
  });
});
