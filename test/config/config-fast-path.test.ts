/**
 * The config fast path (src/config/config-fast-path.ts) returns zod's parsed value, key order
 * included, for every configuration it accepts; defers (returns undefined) on every configuration zod
 * rejects; accepts the configurations users write; never throws; and loads no zod.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_FAST_PATH_KEYS, parseValidConfigFast } from '../../src/config/config-fast-path.js';
import { configJsonSchema } from '../../src/config/json-schema.js';
import { canaryConfigSchema } from '../../src/config/config-schema.js';
import { canonical } from '../helpers/canonical-json.js';

const root = join(import.meta.dirname, '..', '..');

/** canonical(), or what reading the value threw (a throwing getter inside the passed-through cloudwatch object). */
function canonicalOrThrown(value: unknown): string {
  try {
    return canonical(value);
  } catch (error) {
    return `thrown: ${String(error)}`;
  }
}

/** zod's verdict; a hostile object may make zod itself throw, which counts as a rejection here. */
function zodParse(input: unknown): { success: true; data: unknown } | { success: false } {
  try {
    const result = canaryConfigSchema.safeParse(input);
    return result.success ? { success: true, data: result.data } : { success: false };
  } catch {
    return { success: false };
  }
}

/** Whether a (generated) value holds an `undefined` anywhere: JSON never does, and the fast path defers on it. */
function holdsUndefined(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(holdsUndefined);
}

/** Rebuilds generated values as JSON.parse would: Object.prototype objects, plain arrays, no undefined keys. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined).map(([key, item]) => [key, plain(item)]));
  }
  return value;
}

const NAMES = ['latency', 'errors', 'cpu', 'p99 latency', 'constructor', 'toString', '0'] as const;

const margin = fc.oneof(
  fc.record({ relative: fc.double({ min: 0, max: 2, noNaN: true }) }),
  fc.record({ absolute: fc.double({ min: 0, max: 1e4, noNaN: true }) }),
  fc.record({ absolute: fc.double({ min: 0, max: 1e4, noNaN: true }), relative: fc.double({ min: 0, max: 2, noNaN: true }) }),
);
/** A duration of the given seconds, written as users write them: seconds, "90s", "5m", "1h30m", padded. */
const written = (seconds: number) =>
  fc.constantFrom<(value: number) => number | string>(
    (value) => value,
    (value) => `${value}s`,
    (value) => String(value),
    (value) => ` ${value}s `,
    (value) => `${Math.floor(value / 3600)}h${Math.floor((value % 3600) / 60)}m${value % 60}s`,
    (value) => (value % 60 === 0 ? `${value / 60}m` : value + 0.5),
  ).map((write) => write(seconds));
/** A valid sequential block: minDuration (optional) at most maxDuration, maxDuration above 0. */
const sequential = fc
  .tuple(fc.integer({ min: 0, max: 7200 }), fc.integer({ min: 1, max: 7200 }), fc.boolean())
  .chain(([a, b, withMin]) => {
    const [min, max] = a <= b ? [a, b] : [b, a];
    return withMin ? fc.record({ minDuration: written(min), maxDuration: written(max) }) : fc.record({ maxDuration: written(max) });
  });

/** A valid metric of the shapes users write: every test, with the options that fit it. */
const metric = (name: string) =>
  fc.constantFrom('mann-whitney', 'percentile', 'mean-ratio', 'rate', 'trend').chain((test) =>
    fc
      .record(
        {
          name: fc.constant(name),
          test: fc.constant(test),
          percentile: test === 'percentile' ? fc.constantFrom(50, 90, 95, 99, 99.9) : fc.constant(undefined),
          direction: fc.constantFrom('increase', 'decrease', 'either'),
          margin,
          weight: fc.oneof(fc.constantFrom(1, 2, 0.5, 1_000_000), fc.double({ min: 0.001, max: 100, noNaN: true })),
          group: fc.constantFrom('latency', 'errors', 'saturation'),
          critical: fc.boolean(),
          required: fc.boolean(),
          muted: fc.boolean(),
          minSamples: fc.integer({ min: 1, max: 500 }),
          warmupPoints: fc.integer({ min: 0, max: 20 }),
          nan: fc.constantFrom('remove', 'zero', 'fail'),
          outliers:
            test === 'rate'
              ? fc.constant({ strategy: 'keep' })
              : fc.oneof(fc.constant({ strategy: 'keep' }), fc.constant({ strategy: 'iqr' }), fc.record({ strategy: fc.constant('iqr'), factor: fc.constantFrom(1.5, 3, 0.5) })),
          pairing: test === 'percentile' ? fc.constantFrom('auto', 'none') : fc.constantFrom('auto', 'time', 'none'),
          query:
            test === 'rate'
              ? fc.constant({ events: 'sum(rate(errors{version="${scope}"}[1m]))', total: 'sum(rate(requests[1m]))' })
              : test === 'percentile' || test === 'mann-whitney'
                ? fc.constantFrom<unknown>('histogram_quantile(0.99, x)', { histogram: 'latency_bucket{version="${scope}"}' })
                : fc.constant('avg(cpu{version="${scope}"})'),
          cloudwatch: fc.constant({ namespace: 'AWS/ApplicationELB', metricName: 'TargetResponseTime', stat: 'p99' }),
        },
        { requiredKeys: test === 'percentile' ? ['name', 'test', 'percentile'] : ['name', 'test'] },
      )
      .map(plain),
  );

/** A valid configuration: any subset of the top-level keys, unique metric names. */
const validConfig = fc
  .uniqueArray(fc.constantFrom(...NAMES), { maxLength: 4 })
  .chain((names) =>
    fc.record(
      {
        $schema: fc.constant('../canary-config.schema.json'),
        thresholds: fc.oneof(
          fc.constant({ pass: 95, marginal: 75 }),
          fc.record({ pass: fc.integer({ min: 80, max: 100 }) }),
          fc.record({ marginal: fc.integer({ min: 2, max: 80 }) }),
          fc.integer({ min: 2, max: 100 }).chain((pass) => fc.record({ marginal: fc.integer({ min: 0, max: pass }), pass: fc.constant(pass) })),
        ),
        confidenceLevel: fc.constantFrom(0.9, 0.95, 0.99),
        multipleComparisons: fc.constantFrom('holm', 'hochberg', 'bh', 'bonferroni', 'none'),
        inconclusiveCredit: fc.constantFrom(0, 0.5, 1),
        verdictRule: fc.constantFrom('evidence', 'score'),
        seed: fc.oneof(fc.nat(), fc.string({ maxLength: 8 })),
        resamples: fc.integer({ min: 100, max: 1_000_000 }),
        autocorrelation: fc.constantFrom('adjust', 'ignore'),
        sequential,
        pairing: fc.constantFrom('auto', 'time', 'none'),
        metrics: names.length === 0 ? fc.constant([]) : fc.tuple(...names.map(metric)),
      },
      { requiredKeys: ['metrics'] },
    ),
  )
  .map(plain);

/** Values a mutation writes: wrong types, edges of every range, other keys' valid values. */
const MUTANT_VALUES: readonly unknown[] = [
  0, -0, 1, 0.5, 1.5, 2, 99, 99.5, 100, 100.5, 101, 1e6, 1e6 + 1, -1, 2 ** 53, 1e-9, Number.NaN, Infinity, -Infinity,
  '', 'x', 'time', 'iqr', 'keep', 'rate', 'percentile', 'trend', 'none', 'holm', '5m', ' 90s ', '0', '-5', '1e3', 'latency',
  true, false, null, [], [{}], {},
  { strategy: 'iqr' }, { strategy: 'keep', factor: 2 }, { strategy: 'iqr', factor: 0 },
  { events: 'a', total: 'b' }, { histogram: 'h' }, { histogram: 'h', events: 'a' }, { events: 'a' }, { histogram: '' },
  { relative: 0.1 }, { absolute: -1 }, { pass: 0.9, marginal: 0.5 }, { pass: 80, marginal: 90 }, { marginal: 96 }, { pass: 1 },
  { maxDuration: '5m' }, { minDuration: '10m', maxDuration: '5m' }, { maxDuration: 0 }, { maxDuration: '5x' },
  { name: 'latency', test: 'trend' }, { name: 'p', test: 'percentile' }, { name: 'q', test: 'percentile', percentile: 99, pairing: 'time' },
];
const MUTANT_KEYS = [
  'name', 'test', 'percentile', 'direction', 'margin', 'weight', 'group', 'critical', 'required', 'muted', 'minSamples',
  'warmupPoints', 'nan', 'outliers', 'pairing', 'query', 'cloudwatch', 'relative', 'absolute', 'strategy', 'factor', 'pass',
  'marginal', 'minDuration', 'maxDuration', 'events', 'total', 'histogram', '$schema', 'thresholds', 'confidenceLevel',
  'multipleComparisons', 'inconclusiveCredit', 'verdictRule', 'seed', 'resamples', 'autocorrelation', 'sequential', 'metrics',
  'extra', 'Name', 'treshold',
] as const;

/** Every object and array of a value, with the first (the value itself) first. */
function nodes(value: unknown): (Record<string, unknown> | unknown[])[] {
  if (typeof value !== 'object' || value === null) return [];
  const children = Object.values(value).flatMap(nodes);
  return [value as Record<string, unknown>, ...children];
}

/** Rewrites of one metric's key that break (or keep) one of the schema's cross-key rules or ranges. */
const METRIC_REWRITES: readonly (readonly [string, unknown])[] = [
  ['query', { histogram: 'h' }], ['query', 'q'], ['query', { events: 'a', total: 'b' }], ['query', ''],
  ['percentile', 99], ['percentile', 0], ['percentile', 100], ['percentile', 99.99],
  ['test', 'percentile'], ['test', 'rate'], ['test', 'trend'], ['test', 'mann-whitney'], ['test', 'mean-ratio'], ['test', 'Rate'],
  ['pairing', 'time'], ['pairing', 'auto'], ['outliers', { strategy: 'iqr' }], ['outliers', { strategy: 'iqr', factor: -1 }],
  ['name', 'latency'], ['name', 'errors'], ['name', ''], ['minSamples', 0], ['minSamples', 1], ['minSamples', 1.5],
  ['weight', 0], ['weight', 1e6], ['weight', 1e6 + 1], ['warmupPoints', -1], ['warmupPoints', 0.5],
  ['margin', {}], ['margin', { relative: -0.1 }], ['margin', { absolute: 0 }], ['required', null], ['critical', 1],
  ['group', ''], ['nan', 'NaN'], ['direction', 'up'], ['cloudwatch', []], ['cloudwatch', null], ['cloudwatch', { any: [1] }],
];
/** Rewrites of one top-level key at and beyond the edges of its range. */
const TOP_REWRITES: readonly (readonly [string, unknown])[] = [
  ['thresholds', { pass: 0.9, marginal: 0.5 }], ['thresholds', { pass: 1, marginal: 1 }], ['thresholds', { pass: 2, marginal: 1 }],
  ['thresholds', { pass: 80, marginal: 90 }], ['thresholds', { pass: 80, marginal: 80 }], ['thresholds', { marginal: 96 }], ['thresholds', { pass: 1 }],
  ['thresholds', { pass: 101 }], ['thresholds', {}],
  ['sequential', { minDuration: '10m', maxDuration: '5m' }], ['sequential', { minDuration: '5m', maxDuration: 300 }], ['sequential', { maxDuration: 0 }],
  ['sequential', { maxDuration: '0s' }], ['sequential', { maxDuration: -5 }], ['sequential', { maxDuration: '5m ' }], ['sequential', { minDuration: 1 }],
  ['seed', 2 ** 53], ['seed', 2 ** 53 - 1], ['seed', -1], ['seed', 1.5], ['seed', ''], ['seed', -0],
  ['resamples', 99], ['resamples', 100], ['resamples', 1e6], ['resamples', 1e6 + 1], ['resamples', 150.5],
  ['confidenceLevel', 1], ['confidenceLevel', 0], ['confidenceLevel', 0.999], ['inconclusiveCredit', 1], ['inconclusiveCredit', 1.0001],
  ['inconclusiveCredit', -0], ['$schema', 5], ['$schema', ''], ['verdictRule', 'Score'], ['pairing', 'time'], ['metrics', {}],
];

type Mutation =
  | { kind: 'delete' | 'set' | 'replace'; node: number; key: number; value: number }
  | { kind: 'metric'; node: number; rewrite: number }
  | { kind: 'top'; rewrite: number };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'set' as const, 'replace' as const), node: fc.nat(), key: fc.nat(), value: fc.nat({ max: MUTANT_VALUES.length - 1 }) }),
  fc.record({ kind: fc.constant('metric' as const), node: fc.nat(), rewrite: fc.nat({ max: METRIC_REWRITES.length - 1 }) }),
  fc.record({ kind: fc.constant('top' as const), rewrite: fc.nat({ max: TOP_REWRITES.length - 1 }) }),
);

/** The configuration after the mutations: each deletes, adds or rewrites one key of one object. */
function mutate(config: unknown, mutations: readonly Mutation[]): unknown {
  const copy = structuredClone(config) as Record<string, unknown> & { metrics: Record<string, unknown>[] };
  for (const change of mutations) {
    if (change.kind === 'top' || change.kind === 'metric') {
      const [name, value] = (change.kind === 'top' ? TOP_REWRITES : METRIC_REWRITES)[change.rewrite] as readonly [string, unknown];
      const metrics = Array.isArray(copy.metrics) ? copy.metrics : [];
      const target = change.kind === 'top' ? copy : metrics[change.node % Math.max(metrics.length, 1)];
      if (typeof target === 'object' && target !== null) target[name] = structuredClone(value);
      continue;
    }
    const { node, kind, key, value } = change;
    const all = nodes(copy);
    const target = all[node % all.length] as Record<string, unknown>;
    const keys = Object.keys(target);
    const written = structuredClone(MUTANT_VALUES[value]);
    if (kind === 'set' || keys.length === 0) {
      const name = Array.isArray(target) ? String(key % (target.length + 1)) : (MUTANT_KEYS[key % MUTANT_KEYS.length] as string);
      target[name] = written;
    } else if (kind === 'delete') {
      if (Array.isArray(target)) target.splice(key % keys.length, 1);
      else delete target[keys[key % keys.length] as string];
    } else {
      target[keys[key % keys.length] as string] = written;
    }
  }
  return copy;
}

const nearlyValidConfig = fc.tuple(validConfig, fc.array(mutation, { minLength: 1, maxLength: 2 })).map(([config, mutations]) => mutate(config, mutations));

/** Checks (1) and (2) on one input: a returned value is zod's; a zod rejection is a deferral. */
function checkAgainstZod(input: unknown): { fast: unknown; zod: ReturnType<typeof zodParse> } {
  const fast = parseValidConfigFast(input);
  const zod = zodParse(input);
  if (fast !== undefined) {
    expect(zod.success).toBe(true);
    if (zod.success) expect(canonicalOrThrown(fast)).toBe(canonicalOrThrown(zod.data));
  }
  if (!zod.success) expect(fast).toBeUndefined();
  return { fast, zod };
}

describe('parseValidConfigFast', () => {
  it('takes the fast path on valid configurations and returns what zod returns, key order included', () => {
    fc.assert(
      fc.property(validConfig, (input) => {
        const { fast, zod } = checkAgainstZod(input);
        expect(zod.success).toBe(true); // the generator makes valid configurations
        expect(fast).not.toBeUndefined();
      }),
      { seed: 13, numRuns: 1000 },
    );
  });

  it('on configurations one or two mutations from valid, accepts exactly what zod accepts (JSON-like input) and never anything zod rejects', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(nearlyValidConfig, (input) => {
        const { fast, zod } = checkAgainstZod(input);
        if (zod.success) accepted++;
        else rejected++;
        // On JSON-like data the fast path defers only where zod rejects.
        if (zod.success && !holdsUndefined(input)) expect(fast).not.toBeUndefined();
      }),
      { seed: 14, numRuns: 4000 },
    );
    // Both sides of the equivalence are exercised, not just one.
    expect(accepted).toBeGreaterThan(400);
    expect(rejected).toBeGreaterThan(1500);
  });

  it('never throws on hostile input, and returns nothing zod would not', () => {
    const hostile = (kind: number, target: Record<string, unknown> | unknown[], key: string): void => {
      switch (kind) {
        case 0:
          Object.defineProperty(target, key, { get: () => { throw new Error('getter'); }, enumerable: true, configurable: true });
          break;
        case 1: {
          const value = (target as Record<string, unknown>)[key];
          Object.defineProperty(target, key, { get: () => value, enumerable: true, configurable: true });
          break;
        }
        case 2:
          Object.defineProperty(target, key, { value: (target as Record<string, unknown>)[key], enumerable: false, configurable: true });
          break;
        case 3:
          Object.defineProperty(target, '__proto__', { value: {}, enumerable: true, configurable: true, writable: true });
          break;
        case 4:
          (target as Record<symbol, unknown>)[Symbol('hidden')] = 1;
          break;
        case 5:
          Object.setPrototypeOf(target, Array.isArray(target) ? class Items extends Array {}.prototype : Object.create(null));
          break;
        case 6:
          if (Array.isArray(target)) target.length += 1; // a hole at the end
          else Object.setPrototypeOf(target, { inherited: 1 });
          break;
        default:
          (target as Record<string, unknown>)[key] = undefined;
      }
    };
    let zodAccepted = 0;
    fc.assert(
      fc.property(validConfig, fc.nat(), fc.nat({ max: 7 }), fc.boolean(), (generated, node, kind, proxy) => {
        const config = structuredClone(generated); // mutated below; fast-check may show the generated value again
        const all = nodes(config);
        const target = all[node % all.length] as Record<string, unknown>;
        const passedThrough = (config as { metrics: { cloudwatch?: unknown }[] }).metrics.flatMap((metric) => nodes(metric.cloudwatch));
        const key = Object.keys(target)[0] ?? 'extra';
        hostile(kind, target, key);
        const input = proxy
          ? new Proxy(config as object, { get: (object, property) => { if (property === 'metrics') throw new Error('trap'); return Reflect.get(object, property); } })
          : config;
        let result: ReturnType<typeof checkAgainstZod> | undefined;
        expect(() => (result = checkAgainstZod(input))).not.toThrow();
        if (result?.zod.success) zodAccepted++;
        // Every hostile shape in an object the schema reads is deferred, even where zod accepts it (a
        // getter, a symbol key, a null prototype). Not deferred: the cloudwatch object, which neither
        // zod nor the fast path looks into, and array shapes zod reads as plain data (a symbol, an own
        // __proto__, a non-enumerable index, or anything on a key that is not an index of an empty array).
        const readAsData =
          passedThrough.includes(target) || (Array.isArray(target) && ([2, 3, 4].includes(kind) || (key === 'extra' && [0, 1, 7].includes(kind))));
        if (proxy || !readAsData) expect(result?.fast).toBeUndefined();
      }),
      { seed: 15, numRuns: 600 },
    );
    // Some hostile inputs zod still accepts (a passing getter, a symbol key): there the fast path defers instead.
    expect(zodAccepted).toBeGreaterThan(20);
  });

  it('defers on hand-made hostile inputs without throwing', () => {
    const valid = { metrics: [{ name: 'a', test: 'rate' }] };
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const inputs: unknown[] = [
      undefined, null, 1, 'x', [], revoked.proxy,
      { metrics: [revoked.proxy] },
      { metrics: [{ name: 'a', test: 'rate', cloudwatch: revoked.proxy }] },
      new Proxy(valid, { getPrototypeOf: () => { throw new Error('trap'); } }),
      new Proxy(valid, { ownKeys: () => { throw new Error('trap'); } }),
      JSON.parse('{"metrics": [], "__proto__": {"metrics": 1}}'),
      JSON.parse('{"metrics": [{"name": "a", "test": "rate", "__proto__": {}}]}'),
      { metrics: [, { name: 'a', test: 'rate' }] },
      Object.assign(Object.create(null) as object, valid),
      Object.create(valid),
    ];
    for (const input of inputs) {
      expect(() => parseValidConfigFast(input)).not.toThrow();
      expect(parseValidConfigFast(input)).toBeUndefined();
    }
  });

  it('defers while Object.prototype is polluted with a key the schema reads', () => {
    const input = { metrics: [{ name: 'a', test: 'rate' }] };
    expect(parseValidConfigFast(input)).not.toBeUndefined();
    Object.defineProperty(Object.prototype, 'direction', { value: 'decrease', configurable: true });
    try {
      expect(parseValidConfigFast(input)).toBeUndefined();
    } finally {
      delete (Object.prototype as Record<string, unknown>)['direction'];
    }
    expect(parseValidConfigFast(input)).not.toBeUndefined();
  });

  it('fills defaults with fresh objects and passes cloudwatch through as zod does (the same object)', () => {
    const cloudwatch = { namespace: 'AWS/ApplicationELB' };
    const input = { metrics: [{ name: 'a', test: 'rate', cloudwatch }, { name: 'b', test: 'trend', minSamples: 3 }] };
    const fast = parseValidConfigFast(input);
    const zod = canaryConfigSchema.parse(input);
    expect(canonical(fast)).toBe(canonical(zod));
    expect(fast?.metrics[0]?.cloudwatch).toBe(cloudwatch);
    expect(zod.metrics[0]?.cloudwatch).toBe(cloudwatch);
    expect(fast?.metrics[0]?.margin).toEqual({ relative: 0.1 });
    expect(fast?.metrics[0]?.margin).not.toBe(fast?.metrics[1]?.margin);
    expect(Object.isFrozen(fast?.metrics[0]?.margin)).toBe(false);
    // minSamples was written, so it keeps its place; the resolved `required` goes last, as zod's transform puts it.
    expect(Object.keys(fast?.metrics[1] ?? {}).slice(-2)).toEqual(['outliers', 'required']);
  });

  describe('takes the fast path on every configuration in the repository that zod accepts', () => {
    const files = [
      ...readdirSync(join(root, 'examples'), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .flatMap((entry) => readdirSync(join(root, 'examples', entry.name)).filter((name) => /^config.*\.json$/.test(name)).map((name) => join(root, 'examples', entry.name, name))),
      ...readdirSync(join(root, 'test', 'fixtures'), { recursive: true, encoding: 'utf8' })
        .filter((name) => /(^|\/)config[^/]*\.json$/.test(name))
        .map((name) => join(root, 'test', 'fixtures', name)),
    ];
    const pages = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];
    const blocks = pages.flatMap((page) =>
      readFileSync(join(root, page), 'utf8')
        .split('```json\n')
        .slice(1)
        .map((block, index) => ({ name: `${page} json block ${index + 1}`, text: block.split('\n```')[0] ?? '' })),
    );
    const configs = [...files.map((file) => ({ name: relative(root, file), text: readFileSync(file, 'utf8') })), ...blocks].flatMap(({ name, text }) => {
      try {
        const input: unknown = JSON.parse(text);
        return zodParse(input).success ? [{ name, input }] : [];
      } catch {
        return [];
      }
    });

    it('finds the examples, the fixtures and the documented configurations', () => {
      expect(configs.filter(({ name }) => name.startsWith('examples/')).length).toBeGreaterThanOrEqual(5);
      expect(configs.filter(({ name }) => name.startsWith('test/')).length).toBeGreaterThanOrEqual(5);
      expect(configs.filter(({ name }) => name.includes('json block')).length).toBeGreaterThanOrEqual(1);
    });

    it.each(configs)('$name', ({ input }) => {
      const fast = parseValidConfigFast(input);
      expect(fast).not.toBeUndefined();
      expect(canonical(fast)).toBe(canonical(zodParse(input).success && (zodParse(input) as { data: unknown }).data));
    });
  });

  it('loads no zod, directly or through any module it imports', async () => {
    const bundle = async (entry: string) =>
      build({ entryPoints: [join(root, entry)], bundle: true, write: false, metafile: true, format: 'esm', platform: 'neutral', logLevel: 'silent' });
    const fast = await bundle('src/config/config-fast-path.ts');
    const inputs = Object.keys(fast.metafile.inputs);
    expect(inputs.some((input) => input.includes('config-fast-path.ts'))).toBe(true);
    expect(inputs.filter((input) => input.includes('node_modules'))).toEqual([]);
    expect(fast.outputFiles[0]?.text).not.toMatch(/zod/i);
    // The check can fail: the schema module, which does import zod, is caught by it.
    const schema = await bundle('src/config/config-schema.ts');
    expect(Object.keys(schema.metafile.inputs).some((input) => input.includes('node_modules/zod/'))).toBe(true);
  });
});

describe('the fast path knows the same keys as the schema', () => {
  type Node = { properties?: Record<string, Node>; items?: Node; oneOf?: Node[]; anyOf?: Node[] };
  const keysOf = (node: Node | undefined): string[] =>
    [...new Set([node, ...(node?.oneOf ?? []), ...(node?.anyOf ?? [])].flatMap((part) => Object.keys(part?.properties ?? {})))].sort();
  const schema = configJsonSchema() as Node;
  const metric = schema.properties?.['metrics']?.items;

  it('in every object of a configuration (a key added to the schema must be added here, or it is never fast)', () => {
    expect([...CONFIG_FAST_PATH_KEYS.config].sort()).toEqual(keysOf(schema));
    expect([...CONFIG_FAST_PATH_KEYS.metric].sort()).toEqual(keysOf(metric));
    expect([...CONFIG_FAST_PATH_KEYS.thresholds].sort()).toEqual(keysOf(schema.properties?.['thresholds']));
    expect([...CONFIG_FAST_PATH_KEYS.sequential].sort()).toEqual(keysOf(schema.properties?.['sequential']));
    expect([...CONFIG_FAST_PATH_KEYS.margin].sort()).toEqual(keysOf(metric?.properties?.['margin']));
    expect([...CONFIG_FAST_PATH_KEYS.outliers].sort()).toEqual(keysOf(metric?.properties?.['outliers']));
    expect([...CONFIG_FAST_PATH_KEYS.query].sort()).toEqual(keysOf(metric?.properties?.['query']));
  });
});
