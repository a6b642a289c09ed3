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
    for (const command of ['judge', 'validate', 'schema', 'serve', 'fetch', 'fetch-and-judge']) {
      expect(run).toMatch(new RegExp(`import\\(["']\\./${command}-[A-Z0-9]+\\.js["']\\)`));
    }
    expect(run).not.toContain('renderHtml');
    expect(run).not.toContain('createJudgeServer');
  });

  /** The files a chunk imports statically (`import … from './x.js'`, `import './x.js'`, minified or not), transitively. */
  function staticClosure(file: string): Set<string> {
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const text = readFileSync(join(dist, name), 'utf8');
      const directory = name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : '';
      for (const match of text.matchAll(/(?:^|\n|;)\s*import\s*(?:[^'"();]*?\s*from\s*)?['"](\.\/[^'"]+\.js)['"]/g)) visit(`${directory}${(match[1] as string).slice(2)}`);
    };
    visit(file);
    return seen;
  }

  function chunkOf(command: string): string {
    const entry = readFileSync(join(dist, 'cli.js'), 'utf8');
    const run = readFileSync(join(dist, /import\(["'](\.\/cli\/run-[A-Z0-9]+\.js)["']\)/.exec(entry)?.[1] as string), 'utf8');
    const found = new RegExp(`import\\(["']\\./(${command}-[A-Z0-9]+\\.js)["']\\)`).exec(run)?.[1];
    expect(found).toBeDefined();
    return `cli/${found as string}`;
  }

  it('loads the metric-source adapters lazily, only when fetch or run fetches', () => {
    for (const command of ['fetch', 'fetch-and-judge', 'judge']) {
      const closure = [...staticClosure(chunkOf(command))].map((file) => readFileSync(join(dist, file), 'utf8'));
      // Neither adapter is in what the command loads at start: no query_range client, no AWS SDK.
      for (const text of closure) {
        expect(text).not.toContain('/api/v1/query_range');
        expect(text).not.toMatch(/from\s*['"]@aws-sdk\//);
      }
      const all = closure.join('\n');
      if (command === 'judge') {
        expect(all).not.toMatch(/import\(["']\.\/(prometheus|cloudwatch)-/);
      } else {
        expect(all).toMatch(/import\(["']\.\/prometheus-[A-Z0-9]+\.js["']\)/);
        expect(all).toMatch(/import\(["']\.\/cloudwatch-[A-Z0-9]+\.js["']\)/);
      }
    }
  });

  it('keeps @aws-sdk/client-cloudwatch external (an optional peer): imported by name (when the first query needs it), never bundled', () => {
    const fetching = [...staticClosure(chunkOf('fetch'))].map((file) => readFileSync(join(dist, file), 'utf8')).join('\n');
    const cloudwatch = /import\(["']\.\/(cloudwatch-[A-Z0-9]+\.js)["']\)/.exec(fetching)?.[1] as string;
    const closure = [...staticClosure(`cli/${cloudwatch}`)].map((file) => readFileSync(join(dist, file), 'utf8'));
    expect(closure.some((text) => /import\(\s*['"]@aws-sdk\/client-cloudwatch['"]\s*\)/.test(text))).toBe(true);
    expect(closure.some((text) => /from\s*['"]@aws-sdk\/client-cloudwatch['"]/.test(text))).toBe(false);
    for (const text of closure) {
      expect(text).not.toMatch(/class CloudWatchClient\b/);
      expect(text).not.toContain('@smithy/');
    }
  });
});
