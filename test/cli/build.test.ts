/**
 * The shape of the built executable: CommonJS files in dist/cli/ (node starts them without its ES
 * module loader), a node shebang on the CLI entry only, the library entries free of CLI code, and
 * the commands split out so start-up loads only what it needs.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = new URL('../../dist/', import.meta.url).pathname;
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { bin?: Record<string, string> };
const ENTRY = 'cli/main.cjs';

/** The chunk a file loads on demand: `require` of `./NAME-HASH.cjs` made through esbuild's helper. */
function lazyChunk(text: string, name: string): string | undefined {
  return new RegExp(`__require\\(["'](\\./${name}-[A-Z0-9]+\\.cjs)["']\\)`).exec(text)?.[1];
}

describe('the built CLI', () => {
  it('is the package bin and starts with a node shebang', () => {
    expect(packageJson.bin).toEqual({ 'canary-judge': `./dist/${ENTRY}` });
    expect(readFileSync(join(dist, ENTRY), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('is CommonJS that imports nothing as an ES module (node starts it without its ES module loader)', () => {
    const entry = readFileSync(join(dist, ENTRY), 'utf8');
    expect(entry).toMatch(/^#!.*\n'use strict';/);
    for (const file of [ENTRY, ...[...staticClosure(ENTRY)]]) {
      const text = readFileSync(join(dist, file), 'utf8');
      expect(text, file).not.toMatch(/\bimport\s*\(|^import\s|\nimport\s/);
    }
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
    const entry = readFileSync(join(dist, ENTRY), 'utf8');
    expect(statSync(join(dist, ENTRY)).size).toBeLessThan(5_000);
    const runChunk = lazyChunk(entry, 'run');
    expect(runChunk).toBeDefined();
    const run = readFileSync(join(dist, 'cli', runChunk!), 'utf8');
    for (const command of ['judge', 'validate', 'schema', 'serve', 'fetch', 'fetch-and-judge']) {
      expect(lazyChunk(run, command), command).toBeDefined();
    }
    expect(run).not.toContain('renderHtml');
    expect(run).not.toContain('createJudgeServer');
  });

  /** The files (under dist/) a chunk requires when it loads (`require('./x.cjs')` statements), transitively. */
  function staticClosure(file: string): Set<string> {
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const text = readFileSync(join(dist, name), 'utf8');
      for (const match of text.matchAll(/(?:^|\n|;)\s*(?:var\s+[\w$]+\s*=\s*)?require\(['"]\.\/([^'"]+\.cjs)['"]\)/g)) visit(`cli/${match[1] as string}`);
    };
    visit(file);
    return seen;
  }

  function chunkOf(command: string): string {
    const entry = readFileSync(join(dist, ENTRY), 'utf8');
    const run = readFileSync(join(dist, 'cli', lazyChunk(entry, 'run') as string), 'utf8');
    const found = lazyChunk(run, command);
    expect(found).toBeDefined();
    return `cli/${(found as string).slice(2)}`;
  }

  it('loads the metric-source adapters lazily, only when fetch or run fetches', () => {
    for (const command of ['fetch', 'fetch-and-judge', 'judge']) {
      const closure = [...staticClosure(chunkOf(command))].map((file) => readFileSync(join(dist, file), 'utf8'));
      // Neither adapter is in what the command loads at start: no query_range client, no AWS SDK.
      for (const text of closure) {
        expect(text).not.toContain('/api/v1/query_range');
        expect(text).not.toMatch(/(?:^|[^_])require\(['"]@aws-sdk\//);
      }
      const all = closure.join('\n');
      if (command === 'judge') {
        expect(lazyChunk(all, 'prometheus')).toBeUndefined();
        expect(lazyChunk(all, 'cloudwatch')).toBeUndefined();
      } else {
        expect(lazyChunk(all, 'prometheus')).toBeDefined();
        expect(lazyChunk(all, 'cloudwatch')).toBeDefined();
      }
    }
  });

  it('keeps @aws-sdk/client-cloudwatch external (an optional peer): required by name (when the first query needs it), never bundled', () => {
    const fetching = [...staticClosure(chunkOf('fetch'))].map((file) => readFileSync(join(dist, file), 'utf8')).join('\n');
    const cloudwatch = lazyChunk(fetching, 'cloudwatch') as string;
    const closure = [...staticClosure(`cli/${cloudwatch.slice(2)}`)].map((file) => readFileSync(join(dist, file), 'utf8'));
    expect(closure.some((text) => /__require\(\s*['"]@aws-sdk\/client-cloudwatch['"]\s*\)/.test(text))).toBe(true);
    expect(closure.some((text) => /(?:^|[^_])require\(\s*['"]@aws-sdk\/client-cloudwatch['"]\s*\)/.test(text))).toBe(false);
    for (const text of closure) {
      expect(text).not.toMatch(/class CloudWatchClient\b/);
      expect(text).not.toContain('@smithy/');
    }
  });
});
