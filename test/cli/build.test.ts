/**
 * The shape of the built executable: a node shebang on the CLI entry only, the library entries free
 * of CLI code, and the commands split out so start-up loads only what it needs.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../dist/', import.meta.url).pathname;
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { bin?: Record<string, string> };

describe('the built CLI', () => {
  it('is the package bin and starts with a node shebang', () => {
    expect(packageJson.bin).toEqual({ 'canary-judge': './dist/cli.js' });
    expect(readFileSync(join(dist, 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('leaves the library entries without a shebang or CLI code', () => {
    for (const file of ['index.js', 'index.cjs']) {
      const text = readFileSync(join(dist, file), 'utf8');
      expect(text.startsWith('#!')).toBe(false);
      expect(text).not.toContain('runCli');
      expect(text).not.toContain('process.argv');
    }
  });

  it('keeps the entry file small: commands and renderers are loaded on demand', () => {
    const entry = readFileSync(join(dist, 'cli.js'), 'utf8');
    expect(statSync(join(dist, 'cli.js')).size).toBeLessThan(5_000);
    const runChunk = /import\(["'](\.\/cli\/run-[A-Z0-9]+\.js)["']\)/.exec(entry)?.[1];
    expect(runChunk).toBeDefined();
    const run = readFileSync(join(dist, runChunk!), 'utf8');
    for (const command of ['judge', 'validate', 'schema', 'serve']) {
      expect(run).toMatch(new RegExp(`import\\(["']\\./${command}-[A-Z0-9]+\\.js["']\\)`));
    }
    expect(run).not.toContain('renderHtml');
    expect(run).not.toContain('createJudgeServer');
  });
});
