/**
 * The CLI opens a standard stream only when it uses it (opening process.stdin, stdout and stderr
 * costs start-up time): a quiet `judge` opens none, and renders no report nobody would see.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/io.js';
import { examples, root } from './helpers.js';

/** An io whose streams record when they are first read, and collect what is written. */
function recordingIo(): { io: CliIo; opened: string[]; written: { stdout: string; stderr: string } } {
  const opened: string[] = [];
  const written = { stdout: '', stderr: '' };
  const sink = (name: 'stdout' | 'stderr') => ({ isTTY: false, write: (chunk: string) => (written[name] += chunk) });
  const streams = { stdout: sink('stdout'), stderr: sink('stderr') };
  const io: CliIo = {
    env: {},
    cwd: root,
    get stdout() {
      opened.push('stdout');
      return streams.stdout;
    },
    get stderr() {
      opened.push('stderr');
      return streams.stderr;
    },
    get stdin() {
      opened.push('stdin');
      return undefined;
    },
  };
  return { io, opened, written };
}

const data = join(examples, 'healthy-canary', 'data.json');
const config = join(examples, 'healthy-canary', 'config.json');

describe('standard streams are opened on first use', () => {
  it('a quiet judge opens none of them and still exits with the verdict', async () => {
    const { io, opened, written } = recordingIo();
    expect(await runCli(['judge', data, '--config', config, '--quiet'], io)).toBe(0);
    expect(opened).toEqual([]);
    expect(written).toEqual({ stdout: '', stderr: '' });
  });

  it('a judge that prints opens stdout only, and prints the report', async () => {
    const { io, opened, written } = recordingIo();
    expect(await runCli(['judge', data, '--config', config], io)).toBe(0);
    expect([...new Set(opened)]).toEqual(['stdout']);
    expect(written.stdout).toMatch(/^PASS {2}score 100\.0\/100/);
  });

  it('an error opens stderr and is printed there', async () => {
    const { io, opened, written } = recordingIo();
    expect(await runCli(['judge', join(root, 'no-such-file.json'), '--config', config, '--quiet'], io)).toBe(66);
    expect([...new Set(opened)]).toEqual(['stderr']);
    expect(written.stderr).toContain('cannot read data file');
  });
});
