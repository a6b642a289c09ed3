/**
 * `runCli` in process, with fake streams: the parts a child process cannot reach easily (an
 * internal error, the stack only with --debug, serve stopped by a signal) and the pure helpers.
 */
import { thrown } from '../thrown.js';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/cli/run.js';
import { chooseFormat } from '../../src/cli/commands/judge.js';
import { parseJsonText, readInput, wantsColour } from '../../src/cli/io.js';
import { findJsonError } from '../../src/cli/json-position.js';
import { suggest } from '../../src/shared/suggest.js';
import { CliError } from '../../src/cli/errors.js';

const root = new URL('../../', import.meta.url).pathname;

interface FakeIo extends CliIo {
  readonly out: () => string;
  readonly err: () => string;
}

function fakeIo(options: { stdin?: CliIo['stdin']; failWrites?: boolean; env?: Record<string, string>; isTTY?: boolean } = {}): FakeIo {
  let out = '';
  let err = '';
  let signalListener: ((signal: string) => void) | undefined;
  const io = {
    stdout: {
      isTTY: options.isTTY ?? false,
      write(chunk: string) {
        if (options.failWrites === true) throw new TypeError('stdout exploded');
        out += chunk;
        return true;
      },
    },
    stderr: {
      write(chunk: string) {
        err += chunk;
        // serve prints its address first; answer with a shutdown signal once it is listening
        if (chunk.includes('listening on')) setTimeout(() => signalListener?.('SIGTERM'), 20);
        return true;
      },
    },
    stdin: options.stdin,
    env: options.env ?? {},
    cwd: root,
    onShutdownSignal(listener: (signal: string) => void) {
      signalListener = listener;
      return () => {
        signalListener = undefined;
      };
    },
    out: () => out,
    err: () => err,
  };
  return io;
}

const judgeArgs = ['judge', 'examples/healthy-canary/data.json', '--config', 'examples/healthy-canary/config.json'];

describe('runCli', () => {
  it('returns the verdict as the exit code and prints the report', async () => {
    const io = fakeIo();
    expect(await runCli(judgeArgs, io)).toBe(0);
    expect(io.out()).toMatch(/^PASS/);
    expect(io.err()).toBe('');
  });

  it('colours the report for a terminal, unless NO_COLOR', async () => {
    const terminal = fakeIo({ isTTY: true });
    await runCli(judgeArgs, terminal);
    expect(terminal.out()).toContain('\u001b[');
    const noColour = fakeIo({ isTTY: true, env: { NO_COLOR: '1' } });
    await runCli(judgeArgs, noColour);
    expect(noColour.out()).not.toContain('\u001b[');
  });

  it('an unexpected failure is an internal error (70): a short message, the stack only with --debug', async () => {
    const plain = fakeIo({ failWrites: true });
    expect(await runCli(judgeArgs, plain)).toBe(70);
    expect(plain.err()).toContain('canary-judge: error: internal error: TypeError: stdout exploded');
    expect(plain.err()).toContain('run again with --debug');
    expect(plain.err()).not.toMatch(/\n\s+at /);

    const debug = fakeIo({ failWrites: true });
    expect(await runCli([...judgeArgs, '--debug'], debug)).toBe(70);
    expect(debug.err()).toMatch(/\n\s+at /);
  });

  it('reads - from the given stdin', async () => {
    const { readFileSync } = await import('node:fs');
    const data = readFileSync(`${root}examples/latency-regression/data.json`);
    const io = fakeIo({ stdin: Readable.from([data.subarray(0, 1000), data.subarray(1000)]) });
    expect(await runCli(['judge', '-', '-c', 'examples/latency-regression/config.json', '-f', 'json'], io)).toBe(1);
    expect((JSON.parse(io.out()) as { verdict: string }).verdict).toBe('fail');
  });

  it('refuses to wait for - on a terminal', async () => {
    const stdin = Object.assign(Readable.from([]), { isTTY: true });
    const io = fakeIo({ stdin });
    expect(await runCli(['judge', '-', '-c', 'examples/healthy-canary/config.json'], io)).toBe(64);
    expect(io.err()).toContain('standard input is a terminal');
  });

  it('serve starts, and stops gracefully on a shutdown signal', async () => {
    const io = fakeIo();
    expect(await runCli(['serve', '--port', '0'], io)).toBe(0);
    expect(io.err()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(io.err()).toContain('SIGTERM received');
    expect(io.err()).toContain('stopped');
  });

  it('--version and --help work before or after the command', async () => {
    for (const args of [['--version'], ['judge', '--version'], ['-V']]) {
      const io = fakeIo();
      expect(await runCli(args, io)).toBe(0);
      expect(io.out()).toMatch(/^\d+\.\d+\.\d+/);
    }
    const help = fakeIo();
    expect(await runCli(['--help', 'validate'], help)).toBe(0);
    expect(help.out()).toContain('canary-judge validate');
  });
});

describe('helpers', () => {
  it('chooses the format from --format, then the output extension, then text', () => {
    expect(chooseFormat('json', 'report.html')).toBe('json');
    expect(chooseFormat(undefined, 'report.HTML')).toBe('html');
    expect(chooseFormat(undefined, 'out/report.md')).toBe('markdown');
    expect(chooseFormat(undefined, 'report')).toBe('text');
    expect(chooseFormat(undefined, '-')).toBe('text');
    expect(chooseFormat(undefined, undefined)).toBe('text');
  });

  it('colours only terminals, never with NO_COLOR or TERM=dumb; FORCE_COLOR forces', () => {
    expect(wantsColour({ write: () => true, isTTY: true }, {})).toBe(true);
    expect(wantsColour({ write: () => true, isTTY: false }, {})).toBe(false);
    expect(wantsColour({ write: () => true, isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ write: () => true, isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(wantsColour({ write: () => true, isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(wantsColour({ write: () => true, isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColour({ write: () => true, isTTY: true }, { FORCE_COLOR: '1', NO_COLOR: 'yes' })).toBe(false);
  });

  it('suggests close spellings only', () => {
    expect(suggest('jduge', ['judge', 'validate'])).toBe('judge');
    expect(suggest('valdate', ['judge', 'validate'])).toBe('validate');
    expect(suggest('xyz', ['judge', 'validate'])).toBeUndefined();
  });

  it('stops reading stdin as soon as the limit is passed', async () => {
    let chunksRead = 0;
    async function* endless() {
      for (;;) {
        chunksRead++;
        yield Buffer.alloc(1024, 0x20);
      }
    }
    const io = fakeIo({ stdin: endless() });
    await expect(readInput('-', io, { label: 'data from standard input', maxBytes: 10 * 1024 })).rejects.toThrow(
      'data from standard input is more than 10 KiB, over the input limit of 10 KiB',
    );
    expect(chunksRead).toBe(11);
  });

  it('strips a byte-order mark', async () => {
    const io = fakeIo({ stdin: Readable.from([Buffer.from('\ufeff{"a":1}')]) });
    expect(parseJsonText(await readInput('-', io, { label: 'x', maxBytes: 100 }), 'x')).toEqual({ a: 1 });
  });

  it('locates JSON syntax errors', () => {
    expect(findJsonError('{"a": [1, 2, 3], "b": {"c": null}}')).toBeNull();
    expect(findJsonError('[1, 2,, 3]')).toEqual({ offset: 6, expected: 'a value' });
    expect(findJsonError('{"a": 1,}')).toEqual({ offset: 8, expected: 'a property name in double quotes' });
    expect(findJsonError('{"a" 1}')).toEqual({ offset: 5, expected: '":"' });
    expect(findJsonError('[1, 2')).toEqual({ offset: 5, expected: '"," or "]"' });
    expect(findJsonError('{"a": "b\nc"}')).toEqual({ offset: 8, expected: 'a valid string' });
    expect(findJsonError('[1] x')).toEqual({ offset: 4, expected: 'the end of the document' });
    expect(findJsonError('[01]')).toEqual({ offset: 2, expected: '"," or "]"' });
    expect(findJsonError('[' + '['.repeat(100_000) + ']'.repeat(100_000) + ']')).toBeNull(); // deep nesting, no recursion
  });

  it('JSON errors name the line and column', () => {
    expect(() => parseJsonText('{\n  "a": tru\n}', 'config file "c.json"')).toThrow(
      'config file "c.json" is not valid JSON at line 2, column 8: expected a value, received "t"',
    );
    const error = thrown(() => parseJsonText('', 'x'));
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(65);
  });
});
