/**
 * `canary-judge judge` on valid inputs loads no schema library: zod (and the schemas built with it)
 * is imported only on demand, when an input may be invalid and its problems must be worded. Loading
 * it costs about a fifth of the command's start-up (docs/performance.md), so this test walks the
 * static imports (the ones loaded before any code runs) from the CLI's entry and the `judge` command
 * and fails when one of them reaches zod.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceRoot = join(new URL('../../', import.meta.url).pathname, 'src');

/** Comments removed, so prose and doc examples may mention imports. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/**
 * The modules a file loads before its code runs: `import … from` and `export … from`, but not
 * `import type` / `export type` (erased) nor `import()` (loaded on demand).
 */
function staticImports(file: string): string[] {
  const text = code(readFileSync(join(sourceRoot, file), 'utf8'));
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\bfrom\s*)?['"]([^'"]+)['"]/gm)) {
    if (match[2] !== undefined) continue;
    const specifier = match[3] as string;
    found.push(specifier.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts').replace(/\.json$/, '.json') : specifier);
  }
  return found;
}

/** Every file and package reached from `entries` through static imports. */
function reachedFrom(entries: readonly string[]): { files: Set<string>; packages: Set<string>; chainTo: (target: string) => string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const parent = new Map<string, string>();
  const queue = [...entries];
  for (const entry of entries) files.add(entry);
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (!file.endsWith('.ts')) continue;
    for (const target of staticImports(file)) {
      const isFile = target.endsWith('.ts') || target.endsWith('.json');
      if (!isFile) {
        if (!packages.has(target)) parent.set(target, file);
        packages.add(target);
      } else if (!files.has(target)) {
        files.add(target);
        parent.set(target, file);
        queue.push(target);
      }
    }
  }
  const chainTo = (target: string): string[] => {
    const chain = [target];
    for (let at = parent.get(target); at !== undefined; at = parent.get(at)) chain.unshift(at);
    return chain;
  };
  return { files, packages, chainTo };
}

describe('the judge command loads no schema library before it needs one', () => {
  const judgePath = reachedFrom(['cli/bin.ts', 'cli/run.ts', 'cli/commands/judge.ts']);

  it('reaches the judge and the fast paths (the walk follows real imports)', () => {
    expect(judgePath.files).toContain('judge/judge-resolved.ts');
    expect(judgePath.files).toContain('config/data-fast-path.ts');
    expect(judgePath.files).toContain('config/config-fast-path.ts');
    expect(judgePath.files.size).toBeGreaterThan(40);
  });

  it('reaches no zod and no zod schema', () => {
    expect(judgePath.packages.has('zod') ? judgePath.chainTo('zod') : []).toEqual([]);
    const schemas = [...judgePath.files].filter((file) => /-schema\.ts$|config\/parse\.ts$|zod-issues\.ts$/.test(file));
    expect(schemas.map((file) => judgePath.chainTo(file).join(' → '))).toEqual([]);
  });

  it('would see zod if it were there (the public judge() validates with it)', () => {
    const checked = reachedFrom(['judge/judge.ts']);
    expect(checked.packages).toContain('zod');
    expect(checked.chainTo('zod')[0]).toBe('judge/judge.ts');
  });
});
