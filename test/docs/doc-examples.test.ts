/**
 * Every one-line `@example` in src/ of the form `expression // => value` is run, and its result
 * compared with the value the comment promises, so the documentation cannot drift from the code.
 * Examples whose promise is prose ("a double in [0, 1)") or that need TypeScript syntax are listed
 * as unchecked; the count of checked ones must stay high.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as publicApi from 'canary-judge';

const sourceRoot = new URL('../../src/', import.meta.url).pathname;

interface Example {
  file: string;
  line: number;
  /** Statements of the same @example block that come before the expression. */
  preamble: string;
  expression: string;
  expected: string;
}

function listSources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return listSources(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

function examplesIn(path: string): Example[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const found: Example[] = [];
  let block: string[] | undefined;
  lines.forEach((text, index) => {
    if (/^\s*\*\s*@example/.test(text)) {
      block = [];
      return;
    }
    if (block === undefined) return;
    if (/^\s*\*\s*@|^\s*\*\//.test(text)) {
      block = undefined;
      return;
    }
    const content = text.replace(/^\s*\*\s?/, '');
    const match = /^(?!\s*\/\/)(.+?);?\s*\/\/ => (.+)$/.exec(content);
    if (match) {
      found.push({
        file: relative(sourceRoot, path),
        line: index + 1,
        preamble: block.join('\n'),
        expression: match[1]!,
        expected: match[2]!.replace(/\s+\(.*\)\s*$/, ''),
      });
      block.push(`${match[1]!};`);
    } else if (!/^\s*\/\//.test(content)) {
      block.push(content);
    }
  });
  return found;
}

function compile(example: Example): ((...args: unknown[]) => unknown) | undefined {
  try {
    return new Function(...names, `${example.preamble}\nreturn (${example.expression});`) as (...args: unknown[]) => unknown;
  } catch {
    return undefined;
  }
}

function literal(text: string): { ok: true; value: unknown } | { ok: false } {
  const typed = /^Float64Array \[(.*)\]$/.exec(text);
  const source = typed ? `Float64Array.from([${typed[1]}])` : text;
  try {
    return { ok: true, value: new Function(`return (${source});`)() };
  } catch {
    return { ok: false };
  }
}

function close(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isNaN(expected)) return Number.isNaN(actual);
    if (expected === actual) return true;
    return Math.abs(actual - expected) <= 1e-12 * Math.max(Math.abs(expected), 1e-300);
  }
  if (ArrayBuffer.isView(expected) || Array.isArray(expected)) {
    const expectedItems = Array.from(expected as ArrayLike<unknown>);
    if (!(ArrayBuffer.isView(actual) || Array.isArray(actual))) return false;
    const actualItems = Array.from(actual as ArrayLike<unknown>);
    return actualItems.length === expectedItems.length && expectedItems.every((item, index) => close(actualItems[index], item));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return false;
    return Object.entries(expected).every(([key, value]) => close((actual as Record<string, unknown>)[key], value));
  }
  return Object.is(actual, expected);
}

const files = listSources(sourceRoot);
const modules = await Promise.all(files.map(async (path) => [path, (await import(path)) as Record<string, unknown>] as const));
const scope: Record<string, unknown> = { ...publicApi };
for (const [, exports] of modules) Object.assign(scope, exports);
const names = Object.keys(scope);

const checked: Example[] = [];
const unchecked: Example[] = [];
for (const path of files) {
  for (const example of examplesIn(path)) {
    const expected = literal(example.expected);
    if (expected.ok && compile(example) !== undefined) checked.push(example);
    else unchecked.push(example);
  }
}

describe('doc-comment examples', () => {
  it(`checks most one-line examples (${checked.length} checked, ${unchecked.length} prose or TypeScript-only)`, () => {
    expect(checked.length).toBeGreaterThanOrEqual(40);
  });

  for (const example of checked) {
    it(`${example.file}:${example.line} ${example.expression}`, () => {
      const actual = compile(example)!(...names.map((name) => scope[name]));
      const expected = literal(example.expected);
      if (!expected.ok) throw new Error('unreachable');
      if (!close(actual, expected.value)) {
        expect(actual).toEqual(expected.value);
      }
    });
  }
});
