/**
 * A fast path for valid configurations: one plain pass over the configuration that accepts only what
 * `canaryConfigSchema` accepts and returns the value zod would: fresh objects with their keys in the
 * order zod writes them, every default filled in, `required` and `minSamples` resolved, `sequential`
 * durations in seconds, the `cloudwatch` object passed through as the same object (zod does not copy
 * it). It imports no zod, so a CLI run with a valid configuration never loads the schema library.
 *
 * It never reports a problem and never throws: on anything it does not accept it returns `undefined`
 * and the caller runs zod, which decides and words every problem. It defers to zod on
 * - every invalid configuration;
 * - valid input that is not plain JSON-like data (zod accepts some of it): an object whose prototype
 *   is not Object.prototype (a null prototype, a class instance), an array whose prototype is not
 *   Array.prototype, an array with a hole or a getter, an own `__proto__` key, a symbol key, a getter
 *   or non-enumerable property, a key whose value is `undefined` (zod reads it as absent; JSON has
 *   none), and any configuration read while Object.prototype has an enumerable key or one of the
 *   config's key names (zod would read such inherited values). The `cloudwatch` object is not looked
 *   into, by zod or here;
 * - a Proxy that throws (caught). A Proxy that answers differently on each read cannot be told
 *   apart from plain data: it is read once, as JSON data would be.
 * test/config/config-fast-path.test.ts checks, on random valid, nearly valid and hostile
 * configurations, that a value returned here is the one zod returns and that zod accepts every
 * configuration this accepts.
 */
import {
  AUTOCORRELATION_POLICIES,
  DEFAULT_MARGIN,
  DEFAULT_MIN_SAMPLES,
  DEFAULT_MIN_TOTAL_FOR_RATE,
  DIRECTIONS,
  METRIC_TESTS,
  MULTIPLE_COMPARISON_METHODS,
  NAN_POLICIES,
  PAIRING_POLICIES,
  VERDICT_RULES,
} from './config-constants.js';
import type { CanaryConfig } from './config-schema.js';
import { parseDurationSeconds } from './duration.js';

type PlainRecord = Record<string, unknown>;

const CONFIG_KEYS = [
  '$schema',
  'thresholds',
  'confidenceLevel',
  'multipleComparisons',
  'inconclusiveCredit',
  'verdictRule',
  'seed',
  'resamples',
  'autocorrelation',
  'sequential',
  'pairing',
  'metrics',
] as const;
const METRIC_KEYS = [
  'name',
  'test',
  'percentile',
  'direction',
  'margin',
  'weight',
  'group',
  'critical',
  'required',
  'muted',
  'minSamples',
  'warmupPoints',
  'nan',
  'outliers',
  'pairing',
  'query',
  'cloudwatch',
] as const;
const THRESHOLD_KEYS = ['pass', 'marginal'] as const;
const MARGIN_KEYS = ['relative', 'absolute'] as const;
const OUTLIER_KEYS = ['strategy', 'factor'] as const;
const SEQUENTIAL_KEYS = ['minDuration', 'maxDuration'] as const;
const QUERY_KEYS = ['events', 'total', 'histogram'] as const;
/**
 * The keys the fast path accepts in each object of a configuration, which must be the schema's own
 * (test/config/config-fast-path.test.ts compares them with the JSON Schema of `canaryConfigSchema`).
 *
 * @example
 * CONFIG_FAST_PATH_KEYS.thresholds // => ['pass', 'marginal']
 */
export const CONFIG_FAST_PATH_KEYS = Object.freeze({
  config: CONFIG_KEYS,
  metric: METRIC_KEYS,
  thresholds: THRESHOLD_KEYS,
  margin: MARGIN_KEYS,
  outliers: OUTLIER_KEYS,
  sequential: SEQUENTIAL_KEYS,
  query: QUERY_KEYS,
});

/** Every key name the schema reads: none may be inherited from Object.prototype. */
const ALL_KEYS: readonly string[] = [
  ...new Set<string>([...CONFIG_KEYS, ...METRIC_KEYS, ...THRESHOLD_KEYS, ...MARGIN_KEYS, ...OUTLIER_KEYS, ...SEQUENTIAL_KEYS, ...QUERY_KEYS]),
];

/** Thrown inside the pass to leave it; caught at the top, where it becomes `undefined`. */
const DEFER = Symbol('defer');

function defer(): never {
  throw DEFER;
}

/**
 * `value` when it is a plain object as JSON.parse makes it (Object.prototype, only enumerable own
 * data properties with string keys other than `__proto__`, none `undefined`) whose keys are all in
 * `allowed`; defers otherwise.
 */
function record(value: unknown, allowed: readonly string[]): PlainRecord {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) defer();
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string' || key === '__proto__' || !allowed.includes(key)) defer();
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined || !('value' in descriptor) || !descriptor.enumerable || descriptor.value === undefined) defer();
  }
  return value as PlainRecord;
}

/** The items of a dense plain array (Array.prototype, no holes, no getters), copied; defers otherwise. */
function items(value: unknown): unknown[] {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) defer();
  const copy: unknown[] = [];
  for (let index = 0; index < value.length; index++) {
    const descriptor = Object.getOwnPropertyDescriptor(value, index);
    if (descriptor === undefined || !('value' in descriptor)) defer();
    copy.push(descriptor.value);
  }
  return copy;
}

const has = (value: PlainRecord, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/** A number as `z.number()` takes it (finite), within the given checks; defers otherwise. */
function number(value: unknown, accepts: (value: number) => boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !accepts(value)) defer();
  return value;
}

/** An integer as `z.number().int()` takes it (a safe integer), within the given checks. */
function integer(value: unknown, accepts: (value: number) => boolean): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || !accepts(value)) defer();
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) defer();
  return value as T;
}

function boolean(value: unknown): boolean {
  if (typeof value !== 'boolean') defer();
  return value;
}

function nonEmptyString(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) defer();
  return value;
}

function thresholds(value: unknown): { pass: number; marginal: number } {
  const input = record(value, THRESHOLD_KEYS);
  const inRange = (score: number) => score >= 0 && score <= 100;
  const pass = has(input, 'pass') ? number(input['pass'], inRange) : 95;
  const marginal = has(input, 'marginal') ? number(input['marginal'], inRange) : 75;
  if ((pass <= 1 && marginal <= 1) || marginal > pass) defer();
  return { pass, marginal };
}

function margin(value: unknown): { relative?: number; absolute?: number } {
  const input = record(value, MARGIN_KEYS);
  const parsed: { relative?: number; absolute?: number } = {};
  const nonNegative = (amount: number) => amount >= 0;
  if (has(input, 'relative')) parsed.relative = number(input['relative'], nonNegative);
  if (has(input, 'absolute')) parsed.absolute = number(input['absolute'], nonNegative);
  if (parsed.relative === undefined && parsed.absolute === undefined) defer();
  return parsed;
}

function outliers(value: unknown): { strategy: 'keep' } | { strategy: 'iqr'; factor: number } {
  const input = record(value, OUTLIER_KEYS);
  const strategy = input['strategy'];
  if (strategy === 'keep' && !has(input, 'factor')) return { strategy };
  if (strategy !== 'iqr') defer();
  return { strategy, factor: has(input, 'factor') ? number(input['factor'], (factor) => factor > 0) : 1.5 };
}

type Query = string | { events: string; total: string } | { histogram: string };

/** A query as metricQuerySchema's union takes it: a string, `{ events, total }` or `{ histogram }`, copied. */
function query(value: unknown): Query {
  if (typeof value === 'string') return nonEmptyString(value);
  const input = record(value, QUERY_KEYS);
  if (has(input, 'histogram')) {
    if (has(input, 'events') || has(input, 'total')) defer();
    return { histogram: nonEmptyString(input['histogram']) };
  }
  if (!has(input, 'events') || !has(input, 'total')) defer();
  return { events: nonEmptyString(input['events']), total: nonEmptyString(input['total']) };
}

/** Any object that is not an array, passed through as the same object (zod's `z.custom` check). */
function sourceOwned(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) defer();
  return value as Record<string, unknown>;
}

type Metric = CanaryConfig['metrics'][number];

function metric(value: unknown): Metric {
  const input = record(value, METRIC_KEYS);
  const parsed: PlainRecord = {};
  if (!has(input, 'name') || !has(input, 'test')) defer();
  parsed['name'] = nonEmptyString(input['name']);
  const test = oneOf(input['test'], METRIC_TESTS);
  parsed['test'] = test;
  if (has(input, 'percentile')) {
    if (test !== 'percentile') defer();
    parsed['percentile'] = number(input['percentile'], (percentile) => percentile > 0 && percentile < 100);
  } else if (test === 'percentile') {
    defer();
  }
  parsed['direction'] = has(input, 'direction') ? oneOf(input['direction'], DIRECTIONS) : 'increase';
  parsed['margin'] = has(input, 'margin') ? margin(input['margin']) : { ...DEFAULT_MARGIN };
  parsed['weight'] = has(input, 'weight') ? number(input['weight'], (weight) => weight > 0 && weight <= 1_000_000) : 1;
  if (has(input, 'group')) parsed['group'] = nonEmptyString(input['group']);
  const critical = has(input, 'critical') ? boolean(input['critical']) : false;
  parsed['critical'] = critical;
  if (has(input, 'required')) parsed['required'] = boolean(input['required']);
  parsed['muted'] = has(input, 'muted') ? boolean(input['muted']) : false;
  if (has(input, 'minSamples')) parsed['minSamples'] = integer(input['minSamples'], (count) => count >= 1);
  parsed['warmupPoints'] = has(input, 'warmupPoints') ? integer(input['warmupPoints'], (count) => count >= 0) : 0;
  parsed['nan'] = has(input, 'nan') ? oneOf(input['nan'], NAN_POLICIES) : 'remove';
  const outlierHandling = has(input, 'outliers') ? outliers(input['outliers']) : { strategy: 'keep' as const };
  if (test === 'rate' && outlierHandling.strategy === 'iqr') defer();
  parsed['outliers'] = outlierHandling;
  if (has(input, 'pairing')) {
    const pairing = oneOf(input['pairing'], PAIRING_POLICIES);
    if (test === 'percentile' && pairing === 'time') defer();
    parsed['pairing'] = pairing;
  }
  if (has(input, 'query')) {
    const parsedQuery = query(input['query']);
    const isHistogram = typeof parsedQuery === 'object' && 'histogram' in parsedQuery;
    const isPair = typeof parsedQuery === 'object' && !isHistogram;
    if (isHistogram && test !== 'percentile' && test !== 'mann-whitney') defer();
    if (test === 'rate' ? !isPair : isPair) defer();
    parsed['query'] = parsedQuery;
  }
  if (has(input, 'cloudwatch')) parsed['cloudwatch'] = sourceOwned(input['cloudwatch']);
  // As the schema's transform spreads the metric: an existing key keeps its place, a new one goes last.
  parsed['required'] = (parsed['required'] as boolean | undefined) ?? critical;
  parsed['minSamples'] = (parsed['minSamples'] as number | undefined) ?? (test === 'rate' ? DEFAULT_MIN_TOTAL_FOR_RATE : DEFAULT_MIN_SAMPLES);
  return parsed as Metric;
}

/** A duration as durationSchema takes it (a finite number or a string), in seconds. */
function duration(value: unknown): number {
  if ((typeof value !== 'number' || !Number.isFinite(value)) && typeof value !== 'string') defer();
  const seconds = parseDurationSeconds(value);
  if (seconds === null) defer();
  return seconds;
}

function sequential(value: unknown): { minDuration: number; maxDuration: number } {
  const input = record(value, SEQUENTIAL_KEYS);
  if (!has(input, 'maxDuration')) defer();
  const minDuration = has(input, 'minDuration') ? duration(input['minDuration']) : 0;
  const maxDuration = duration(input['maxDuration']);
  if (maxDuration <= 0 || minDuration > maxDuration) defer();
  return { minDuration, maxDuration };
}

function config(value: unknown): CanaryConfig {
  const input = record(value, CONFIG_KEYS);
  if (!has(input, 'metrics')) defer();
  const parsed: PlainRecord = {};
  if (has(input, '$schema')) {
    if (typeof input['$schema'] !== 'string') defer();
    parsed['$schema'] = input['$schema'];
  }
  parsed['thresholds'] = has(input, 'thresholds') ? thresholds(input['thresholds']) : { pass: 95, marginal: 75 };
  parsed['confidenceLevel'] = has(input, 'confidenceLevel') ? number(input['confidenceLevel'], (level) => level > 0 && level < 1) : 0.95;
  parsed['multipleComparisons'] = has(input, 'multipleComparisons') ? oneOf(input['multipleComparisons'], MULTIPLE_COMPARISON_METHODS) : 'holm';
  parsed['inconclusiveCredit'] = has(input, 'inconclusiveCredit') ? number(input['inconclusiveCredit'], (credit) => credit >= 0 && credit <= 1) : 0.5;
  parsed['verdictRule'] = has(input, 'verdictRule') ? oneOf(input['verdictRule'], VERDICT_RULES) : 'evidence';
  if (has(input, 'seed')) {
    const seed = input['seed'];
    parsed['seed'] = typeof seed === 'string' ? seed : integer(seed, (whole) => whole >= 0);
  } else {
    parsed['seed'] = 0;
  }
  parsed['resamples'] = has(input, 'resamples') ? integer(input['resamples'], (count) => count >= 100 && count <= 1_000_000) : 2000;
  parsed['autocorrelation'] = has(input, 'autocorrelation') ? oneOf(input['autocorrelation'], AUTOCORRELATION_POLICIES) : 'adjust';
  if (has(input, 'sequential')) parsed['sequential'] = sequential(input['sequential']);
  parsed['pairing'] = has(input, 'pairing') ? oneOf(input['pairing'], PAIRING_POLICIES) : 'auto';
  const metrics = items(input['metrics']).map(metric);
  const names = new Set<string>();
  for (const { name } of metrics) {
    if (names.has(name)) defer();
    names.add(name);
  }
  parsed['metrics'] = metrics;
  return parsed as CanaryConfig;
}

/** Whether Object.prototype is as the engine made it, as far as zod's reads of these keys can tell. */
function isPristineObjectPrototype(): boolean {
  for (const _key in Object.prototype) return false;
  return !ALL_KEYS.some((key) => key in Object.prototype);
}

/**
 * The parsed configuration when `input` is a valid, plain configuration; `undefined` when it is not
 * (or might not be), and only zod can say what is wrong. Never throws.
 *
 * @example
 * parseValidConfigFast({ metrics: [{ name: 'errors', test: 'rate' }] })?.metrics[0]?.minSamples // => 100
 */
export function parseValidConfigFast(input: unknown): CanaryConfig | undefined {
  try {
    if (!isPristineObjectPrototype()) return undefined;
    return config(input);
  } catch {
    // DEFER, or whatever a hostile object threw: zod decides either way.
    return undefined;
  }
}
