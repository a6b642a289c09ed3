/**
 * The rooms of src/ and what each may import (the table in CONTRIBUTING.md). Reads every import of
 * every source file (static, re-export and dynamic `import()`), resolves it, and checks it against
 * the rules; also that the files import each other without cycles.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const sourceRoot = new URL('../../src/', import.meta.url).pathname;

/** Rooms, most specific first: a file belongs to the first whose prefix it starts with. */
const ROOMS = [
  'shared/',
  'stats/',
  'config/',
  'judge/',
  'kayenta/port/',
  'kayenta/',
  'report/',
  'sources/',
  'adapters/prometheus/',
  'adapters/cloudwatch/',
  'server/',
  'cli/',
  'index.ts',
  'prometheus.ts',
  'cloudwatch.ts',
  'types/',
] as const;
type Room = (typeof ROOMS)[number];

const CORE: readonly Room[] = ['shared/', 'stats/', 'config/', 'judge/', 'kayenta/port/', 'kayenta/', 'report/', 'sources/'];

/** The CloudWatch adapter's check of the `cloudwatch` config key: pure, no SDK, no source code. */
const CLOUDWATCH_CONFIG_CHECK = 'adapters/cloudwatch/config-issues.ts';

/** What each room may import besides itself: other rooms (or single files) and packages. */
const RULES: Readonly<Record<Room, { rooms: readonly string[]; packages: readonly RegExp[] }>> = {
  'shared/': { rooms: [], packages: [] },
  'stats/': { rooms: ['shared/'], packages: [] },
  'config/': { rooms: ['shared/'], packages: [/^zod$/] },
  'judge/': { rooms: ['shared/', 'stats/', 'config/'], packages: [] },
  // Kayenta's arithmetic, copied on purpose: only the normal quantile is shared with src/stats/.
  'kayenta/port/': { rooms: ['shared/', 'stats/normal-distribution.ts'], packages: [] },
  'kayenta/': { rooms: ['shared/', 'stats/', 'config/', 'judge/', 'kayenta/port/'], packages: [/^zod$/] },
  'report/': { rooms: ['shared/', 'config/', 'judge/', 'kayenta/'], packages: [] },
  'sources/': { rooms: ['shared/', 'config/'], packages: [] },
  'adapters/prometheus/': { rooms: ['shared/', 'config/', 'sources/'], packages: [] },
  // CloudWatch owns the shape of the `cloudwatch` config key (its zod schema): the core takes it as an open object.
  'adapters/cloudwatch/': { rooms: ['shared/', 'config/', 'sources/'], packages: [/^@aws-sdk\/client-cloudwatch$/, /^zod$/] },
  // The analysis service (serve --analyses, issue 16) fetches through the adapters' entry points itself.
  // Its analysis templates check their `cloudwatch` queries with the adapter's pure check.
  'server/': {
    rooms: ['shared/', 'config/', 'judge/', 'kayenta/', 'report/', 'sources/', 'adapters/prometheus/', CLOUDWATCH_CONFIG_CHECK, 'prometheus.ts', 'cloudwatch.ts'],
    packages: [/^node:/, /^zod$/, /^piscina$/],
  },
  'cli/': {
    // The CloudWatch query check and its JSON Schema, loaded only when a config has a `cloudwatch` key (or by `schema`).
    rooms: [...CORE, 'server/', 'index.ts', 'prometheus.ts', 'cloudwatch.ts', CLOUDWATCH_CONFIG_CHECK, 'adapters/cloudwatch/config-json-schema.ts', '../package.json'],
    packages: [/^node:/, /^zod$/],
  },
  'index.ts': { rooms: CORE, packages: [] },
  'prometheus.ts': { rooms: ['shared/', 'config/', 'sources/', 'adapters/prometheus/'], packages: [] },
  'cloudwatch.ts': { rooms: ['shared/', 'config/', 'sources/', 'adapters/cloudwatch/'], packages: [] },
  'types/': { rooms: [], packages: [] },
};

function listSources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return listSources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Comments removed, so prose and doc examples may mention imports. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

interface Import {
  readonly specifier: string;
  /** The file imported, relative to src/ (null for a package). */
  readonly target: string | null;
}

function importsOf(file: string): Import[] {
  const text = code(readFileSync(join(sourceRoot, file), 'utf8'));
  return [...text.matchAll(IMPORT)].map((match) => {
    const specifier = match[1] as string;
    if (!specifier.startsWith('.')) return { specifier, target: null };
    const target = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
    return { specifier, target };
  });
}

function roomOf(file: string): Room | undefined {
  return ROOMS.find((room) => file === room || file.startsWith(room));
}

const files = listSources(sourceRoot).map((path) => relative(sourceRoot, path).split('\\').join('/'));
const imports = new Map(files.map((file) => [file, importsOf(file)]));

describe('layering: each room imports only what the table allows', () => {
  it('finds the files and their imports', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(imports.get('judge/judge.ts')?.length).toBeGreaterThan(5);
  });

  it('puts every file in a room', () => {
    expect(files.filter((file) => roomOf(file) === undefined)).toEqual([]);
  });

  for (const room of ROOMS) {
    const members = files.filter((file) => roomOf(file) === room);
    if (members.length === 0) continue;
    it(`${room} imports only ${RULES[room].rooms.join(', ') || 'itself'}${RULES[room].packages.length > 0 ? ` and ${RULES[room].packages.map(String).join(', ')}` : ''}`, () => {
      const rule = RULES[room];
      const broken: string[] = [];
      for (const file of members) {
        for (const { specifier, target } of imports.get(file) ?? []) {
          if (target === null) {
            if (!rule.packages.some((pattern) => pattern.test(specifier))) broken.push(`${file} imports package ${specifier}`);
            continue;
          }
          if (roomOf(target) === room) continue;
          if (!rule.rooms.some((allowed) => target === allowed || target.startsWith(allowed))) broken.push(`${file} imports ${target}`);
        }
      }
      expect(broken).toEqual([]);
    });
  }

  it('has no import cycles between files (type-only imports included)', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'visiting');
      stack.push(file);
      for (const { target } of imports.get(file) ?? []) {
        if (target === null || !imports.has(target)) continue;
        if (state.get(target) === 'visiting') cycles.push([...stack.slice(stack.indexOf(target)), target].join(' → '));
        else if (state.get(target) === undefined) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (state.get(file) === undefined) visit(file);
    expect(cycles).toEqual([]);
  });

  it('the CloudWatch files cli/ and server/ may take (the query check, its JSON Schema) reach no SDK, no source and no I/O', () => {
    const reached = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string): void => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const { specifier, target } of imports.get(file) ?? []) {
        if (target === null) packages.add(specifier);
        else visit(target);
      }
    };
    visit(CLOUDWATCH_CONFIG_CHECK);
    visit('adapters/cloudwatch/config-json-schema.ts');
    expect([...packages]).toEqual(['zod']);
    const outside = [...reached].filter((file) => !file.startsWith('config/') && !file.startsWith('shared/'));
    expect(outside.sort()).toEqual(['adapters/cloudwatch/config-issues.ts', 'adapters/cloudwatch/config-json-schema.ts', 'adapters/cloudwatch/query-schema.ts']);
  });

  it('catches a forbidden import (the checker is not vacuous)', () => {
    const rule = RULES['stats/'];
    expect(rule.rooms.some((allowed) => 'judge/judge.ts'.startsWith(allowed))).toBe(false);
    expect(roomOf('kayenta/port/percentile.ts')).toBe('kayenta/port/');
    expect(importsOf('stats/quantile.ts').some(({ target }) => target?.startsWith('shared/'))).toBe(true);
  });
});
