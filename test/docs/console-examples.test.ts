/**
 * The terminal sessions shown in README.md and docs/cli.md (```console blocks) are replayed with the
 * built CLI: each `$ canary-judge …` command whose input files exist in the repository must print
 * what the page shows (up to a `…` line, where the page cuts the output short) and exit with the
 * code its `$ echo $?` line shows. Sessions on files the reader would supply are skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCliProcess } from '../cli/helpers.js';

interface Session {
  readonly page: string;
  readonly args: string[];
  readonly output: string[];
  readonly truncated: boolean;
  readonly exitCode: number | undefined;
}

function sessionsIn(page: string): Session[] {
  const blocks = readFileSync(join(root, page), 'utf8').split('```console\n').slice(1).map((block) => block.split('\n```')[0] ?? '');
  const sessions: Session[] = [];
  for (const block of blocks) {
    const lines = block.split('\n');
    let current: { args: string[]; output: string[]; truncated: boolean; exitCode: number | undefined } | undefined;
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index] as string;
      if (line.startsWith('$ canary-judge ')) {
        if (current) sessions.push({ page, ...current });
        current = { args: line.slice('$ canary-judge '.length).split(' '), output: [], truncated: false, exitCode: undefined };
      } else if (line === '$ echo $?' && current) {
        current.exitCode = Number(lines[++index]);
      } else if (current && current.exitCode === undefined && !current.truncated) {
        if (line === '…') current.truncated = true;
        else current.output.push(line);
      }
    }
    if (current) sessions.push({ page, ...current });
  }
  return sessions;
}

const sessions = ['README.md', 'docs/cli.md'].flatMap(sessionsIn);
const runnable = sessions.filter((session) => session.args.filter((arg) => arg.endsWith('.json')).every((arg) => existsSync(join(root, arg))));

describe('terminal sessions in the docs are true', () => {
  it(`replays the sessions that use bundled files (${runnable.length} of ${sessions.length})`, () => {
    expect(runnable.length).toBeGreaterThanOrEqual(2);
  });

  for (const session of runnable) {
    it(`${session.page}: canary-judge ${session.args.join(' ')}`, async () => {
      const result = await runCliProcess(session.args);
      const printed = result.stdout.split('\n');
      const expected = session.truncated ? session.output : [...session.output, ''];
      expect(printed.slice(0, expected.length)).toEqual(expected);
      if (session.exitCode !== undefined) expect(result.code).toBe(session.exitCode);
    });
  }
});
