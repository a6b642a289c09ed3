/**
 * The code blocks the docs claim run, run (issue 18). Every `ts` / `js` block in README.md,
 * examples/README.md and docs/ is preceded by `<!-- runnable -->` or `<!-- not runnable: why -->`.
 * The runnable ones are copied into a fresh project where the packed package is installed (as after
 * `npm install canary-judge`; test/package/installed-package.ts), type-checked with the package's
 * published types (strict TypeScript, Node16 resolution) and run; each `expression; // => value`
 * line (or an expression line followed by a `// => value` line) must produce that value.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPackedPackage, projectEnv, repositoryRoot, type InstalledPackage } from '../package/installed-package.js';

const CODE_LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs', 'mts']);

/** The pages a reader meets. */
function pages(): string[] {
  const docs = readdirSync(join(repositoryRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', 'examples/README.md', ...docs].filter((page) => existsSync(join(repositoryRoot, page)));
}

interface CodeBlock {
  readonly page: string;
  /** Line of the opening fence (1-based). */
  readonly line: number;
  readonly language: string;
  readonly code: string;
  /** `runnable`, `not runnable` (with a reason), or undefined when the block is not marked. */
  readonly marker: 'runnable' | 'not runnable' | undefined;
}

/** The ts/js fenced blocks of a page with the marker on the line before them (blank lines skipped). */
function codeBlocksIn(page: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^(\s*)(```+|~~~+)\s*([\w-]*)/.exec(lines[index] as string);
    if (open === null) continue;
    const fence = open[2] as string;
    const language = (open[3] ?? '').toLowerCase();
    let end = index + 1;
    while (end < lines.length && !(lines[end] as string).trim().startsWith(fence)) end++;
    if (CODE_LANGUAGES.has(language)) {
      let before = index - 1;
      while (before >= 0 && (lines[before] as string).trim() === '') before--;
      const previous = before >= 0 ? (lines[before] as string).trim() : '';
      const marker = /^<!--\s*runnable\s*-->$/.test(previous)
        ? 'runnable'
        : /^<!--\s*not runnable:\s*\S[^>]*-->$/.test(previous)
          ? 'not runnable'
          : undefined;
      blocks.push({ page, line: index + 1, language, code: lines.slice(index + 1, end).join('\n'), marker });
    }
    index = end;
  }
  return blocks;
}

/**
 * The block as a module that checks its own `// =>` promises: `expr; // => value` becomes an
 * assertion that `expr` deep-equals `value`; a line `// => value` asserts the expression statement
 * on the line before it.
 */
function withChecks(block: Pick<CodeBlock, 'page' | 'line' | 'code'>): string {
  const output: string[] = [];
  const lines = block.code.split('\n');
  const check = (expression: string, expected: string, line: number) =>
    `__expectDocValue((${expression}), (${expected}), ${JSON.stringify(`${block.page}:${line}`)});`;
  lines.forEach((text, index) => {
    const line = block.line + 1 + index;
    const sameLine = /^(\s*)(?!\/\/)(.+?);?\s*\/\/ => (.+)$/.exec(text);
    const ownLine = /^\s*\/\/ => (.+)$/.exec(text);
    if (sameLine !== null) {
      output.push(`${sameLine[1] ?? ''}${check(sameLine[2] as string, sameLine[3] as string, line)}`);
    } else if (ownLine !== null) {
      const previous = output.pop() ?? '';
      const statement = /^(\s*)(.+?);\s*$/.exec(previous);
      if (statement === null) throw new Error(`${block.page}:${line}: "// =>" follows no expression statement`);
      output.push(`${statement[1] ?? ''}${check(statement[2] as string, ownLine[1] as string, line)}`);
    } else {
      output.push(text);
    }
  });
  const preamble =
    "import { deepStrictEqual as __deepStrictEqual } from 'node:assert';\n" +
    'const __expectDocValue = (actual: unknown, expected: unknown, where: string): void => {\n' +
    '  __deepStrictEqual(actual, expected, `${where}: the docs promise ${JSON.stringify(expected)}, the code gives ${JSON.stringify(actual)}`);\n' +
    '};\n';
  return `${preamble}${output.join('\n')}\n`;
}

const blocks = pages().flatMap((page) => codeBlocksIn(page, readFileSync(join(repositoryRoot, page), 'utf8')));
const runnable = blocks.filter((block) => block.marker === 'runnable');
const fileOf = (block: CodeBlock) => `${block.page.replace(/[^\w]+/g, '-')}-${block.line}.mts`;

const tsx = join(repositoryRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const tsc = join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
let installed: InstalledPackage | undefined;
let typeCheck: { code: number | null; output: string } | undefined;

beforeAll(() => {
  installed = installPackedPackage();
  const project = installed.project;
  for (const block of runnable) writeFileSync(join(project, fileOf(block)), withChecks(block));
  // The published types as a strict TypeScript user sees them; @types/node comes from the repository.
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'Node16',
      moduleResolution: 'Node16',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(repositoryRoot, 'node_modules', '@types')],
    },
    files: runnable.map(fileOf),
  };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  if (runnable.length > 0) {
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: project, env: projectEnv(), encoding: 'utf8' });
    typeCheck = { code: result.status, output: `${result.stdout}${result.stderr}` };
  }
}, 240_000);

afterAll(() => installed?.remove());

describe('code blocks in the docs', () => {
  it('every ts/js block says whether it runs (<!-- runnable --> or <!-- not runnable: why -->)', () => {
    const unmarked = blocks.filter((block) => block.marker === undefined).map((block) => `${block.page}:${block.line}`);
    expect(unmarked).toEqual([]);
  });

  it("README's library snippet is among the runnable blocks", () => {
    expect(runnable.some((block) => block.page === 'README.md' && block.code.includes("from 'canary-judge'"))).toBe(true);
  });

  it(`the runnable blocks type-check against the installed package (${runnable.length} blocks)`, () => {
    expect(typeCheck?.output).toBe('');
    expect(typeCheck?.code).toBe(0);
  });

  for (const block of runnable) {
    it(`${block.page}:${block.line} runs as it stands after npm install canary-judge`, () => {
      const project = (installed as InstalledPackage).project;
      const result = spawnSync(process.execPath, [tsx, fileOf(block)], { cwd: project, env: projectEnv(), encoding: 'utf8', timeout: 60_000 });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    });
  }

  it('the checker reads the markers and turns // => lines into assertions that can fail', () => {
    const page = ['<!-- runnable -->', '```ts', 'const x = 1 + 1;', 'x; // => 2', 'x + 1;', '// => 4', '```', '', '```js', 'f()', '```'].join('\n');
    const [marked, unmarked] = codeBlocksIn('page.md', page);
    expect(marked).toMatchObject({ marker: 'runnable', line: 2, language: 'ts' });
    expect(unmarked).toMatchObject({ marker: undefined, line: 9, language: 'js' });
    const checked = withChecks(marked as CodeBlock);
    expect(checked).toContain('__expectDocValue((x), (2), "page.md:4");');
    expect(checked).toContain('__expectDocValue((x + 1), (4), "page.md:6");');
    // Run as JavaScript (types dropped by hand): 1 + 1 + 1 is not 4.
    const javaScript = checked.replace(/: unknown|: string|: void/g, '');
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', javaScript], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('page.md:6: the docs promise 4, the code gives 3');
  });
});
