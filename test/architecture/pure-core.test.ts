/**
 * The core (everything in src/ except the CLI, the server and the metric-source adapters) does no
 * I/O and has no hidden inputs: no clock, no unseeded randomness, no process or file access, and it
 * never imports the layers built on top of it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceRoot = new URL('../../src/', import.meta.url).pathname;
/** Folders and entry files allowed to do I/O; everything else is the pure core. */
const impureAreas = ['cli/', 'server/', 'adapters/', 'prometheus.ts', 'cloudwatch.ts'];

function listSources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return listSources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const coreFiles = listSources(sourceRoot)
  .map((path) => relative(sourceRoot, path))
  .filter((path) => !impureAreas.some((area) => path === area || path.startsWith(area)));

/** Strips comments so doc examples and prose may mention what code may not do. */
function code(path: string): string {
  return readFileSync(join(sourceRoot, path), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const forbidden: Array<[string, RegExp]> = [
  ['Math.random', /Math\.random\s*\(/],
  ['the clock (Date.now)', /Date\.now\s*\(/],
  ['the clock (new Date())', /new\s+Date\s*\(\s*\)/],
  ['the clock (performance.now)', /performance\.now\s*\(/],
  ['process', /\bprocess\./],
  ['console', /\bconsole\./],
  ['fetch', /\bfetch\s*\(/],
  ['setTimeout', /\bsetTimeout\s*\(/],
  ['node: modules', /from\s+['"]node:/],
  ['fs', /from\s+['"]fs['"]/],
  ['the CLI, server or adapters', /from\s+['"][./]*(cli|server|adapters)\//],
];

describe('the core is pure', () => {
  it('has core files to check', () => {
    expect(coreFiles.length).toBeGreaterThan(10);
  });

  for (const file of coreFiles) {
    it(`${file} does no I/O and reads no clock or unseeded randomness`, () => {
      const text = code(file);
      const found = forbidden.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
      expect(found).toEqual([]);
    });
  }
});
