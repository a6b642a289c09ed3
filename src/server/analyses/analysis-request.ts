/**
 * What a caller may say about one analysis, read from any of the three shapes the route accepts:
 * the native body, Flagger's webhook payload, or query parameters (the report link). Every value is
 * a label value: it fills a placeholder the template already has, escaped by the source; a request
 * can never name a query, a URL or a header.
 *
 * Native body:
 * `{ "baseline": { "scope": "v41", ...vars } | "v41", "canary": …, "variables": { … }, "start" | "lookback", "end"? }`
 *
 * Flagger (`pkg/controller/webhook.go`): `{ name, namespace, phase, checksum, metadata: { … } }`;
 * `metadata.baseline` / `metadata.canary` are the scopes, `metadata.start|end|lookback` the window,
 * every other entry a variable; `name` and `namespace` are offered as variables too (used only if
 * the template has them).
 *
 * A sequential template (config `sequential`) needs `start`, when the canary started, and refuses
 * `lookback`: each call judges all data since the start, so every answer is anytime-valid.
 */
import type { ValidationIssue } from '../../judge/index.js';
import { parseStep, parseTime } from '../../sources/time.js';
import { expandTemplate } from '../../sources/template.js';
import { BUILT_IN_VARIABLES, type AnalysisTemplate } from './analysis-template.js';

/** Longest accepted variable value or scope. */
export const MAX_VALUE_LENGTH = 1024;
/** Longest accepted window. */
export const MAX_WINDOW_MS = 31 * 86_400_000;

/** A request ready to collect: each side's variables (with `scope`), the shared ones, and the window. */
export interface AnalysisRequest {
  readonly baseline: Readonly<Record<string, string>> & { readonly scope: string };
  readonly canary: Readonly<Record<string, string>> & { readonly scope: string };
  readonly variables: Readonly<Record<string, string>>;
  readonly startMs: number;
  readonly endMs: number;
  /** `native`, `flagger` or `query`: which shape the request came in. */
  readonly shape: 'native' | 'flagger' | 'query';
}

/** The request, or every problem with it (and the variable names the template expects). */
export type ReadAnalysisRequest =
  | { readonly ok: true; readonly request: AnalysisRequest }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[]; readonly expected: readonly string[] };

const NATIVE_KEYS = ['baseline', 'canary', 'variables', 'start', 'end', 'lookback'] as const;
const FLAGGER_KEYS = ['name', 'namespace', 'phase', 'checksum', 'metadata'] as const;
const WINDOW_KEYS = ['start', 'end', 'lookback'] as const;

interface Raw {
  baseline: Record<string, unknown>;
  canary: Record<string, unknown>;
  shared: Record<string, unknown>;
  /** Variables a request may give although the template does not use them (Flagger's name, namespace). */
  offered: Record<string, string>;
  window: { start?: unknown; end?: unknown; lookback?: unknown };
  /** Where each part sits in the request, for the JSON paths of problems. */
  paths: { baseline: string; canary: string; shared: string; window: string };
}

/** True for Flagger's webhook payload (it has `phase`, `checksum`, or `name` with `namespace`, and none of the native keys). */
export function isFlaggerPayload(body: object): boolean {
  if (NATIVE_KEYS.some((key) => key in body)) return false;
  return 'phase' in body || 'checksum' in body || ('name' in body && 'namespace' in body);
}

/**
 * Reads a POST body (native or Flagger) against a template. `nowMs` is the end when none is given.
 *
 * @example
 * const [template] = (await loadAnalysisTemplates('/etc/canary-judge/analyses')).templates;
 * readAnalysisRequest(template, { baseline: 'v41', canary: 'v42', lookback: '10m' }, Date.parse('2024-01-01T01:00:00Z')).ok // => true
 */
export function readAnalysisRequest(template: AnalysisTemplate, body: unknown, nowMs: number): ReadAnalysisRequest {
  const expected = template.variables;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, expected, issues: [{ path: '(root)', message: 'expected an object { "baseline", "canary", "variables"?, "start" | "lookback", "end"? } or a Flagger webhook payload' }] };
  }
  const issues: ValidationIssue[] = [];
  let raw: Raw;
  if (isFlaggerPayload(body)) {
    const record = body as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!(FLAGGER_KEYS as readonly string[]).includes(key)) issues.push({ path: key, message: `Unknown key "${key}" in a Flagger webhook payload: expected ${FLAGGER_KEYS.join(', ')}` });
    }
    const metadata = record['metadata'] ?? {};
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      return { ok: false, expected, issues: [...issues, { path: 'metadata', message: 'expected an object of strings' }] };
    }
    const { baseline, canary, start, end, lookback, ...shared } = metadata as Record<string, unknown>;
    const offered: Record<string, string> = {};
    for (const key of ['name', 'namespace'] as const) {
      const value = record[key];
      if (value === undefined) continue;
      if (typeof value !== 'string') issues.push({ path: key, message: 'expected a string' });
      else define(offered, key, value);
    }
    raw = {
      baseline: baseline === undefined ? {} : { scope: baseline },
      canary: canary === undefined ? {} : { scope: canary },
      shared,
      offered,
      window: { start, end, lookback },
      paths: { baseline: 'metadata.baseline', canary: 'metadata.canary', shared: 'metadata', window: 'metadata.' },
    };
    // metadata.baseline is the scope itself; point problems with it at that key.
    raw.paths.baseline = 'metadata.baseline';
  } else {
    const record = body as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!(NATIVE_KEYS as readonly string[]).includes(key)) issues.push({ path: key, message: `Unknown key "${key}": expected ${NATIVE_KEYS.join(', ')}` });
    }
    const side = (key: 'baseline' | 'canary'): Record<string, unknown> => {
      const value = record[key];
      if (value === undefined) return {};
      if (typeof value === 'string') return { scope: value };
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
      issues.push({ path: key, message: `expected the ${key}'s scope as a string, or an object { "scope": "…", ...variables }` });
      return {};
    };
    const shared = record['variables'] ?? {};
    if (typeof shared !== 'object' || shared === null || Array.isArray(shared)) issues.push({ path: 'variables', message: 'expected an object of strings' });
    raw = {
      baseline: side('baseline'),
      canary: side('canary'),
      shared: typeof shared === 'object' && shared !== null && !Array.isArray(shared) ? (shared as Record<string, unknown>) : {},
      offered: {},
      window: { start: record['start'], end: record['end'], lookback: record['lookback'] },
      paths: { baseline: 'baseline', canary: 'canary', shared: 'variables', window: '' },
    };
  }
  return finish(template, raw, issues, nowMs, isFlaggerPayload(body) ? 'flagger' : 'native');
}

/**
 * Reads query parameters (the report route): `baseline`, `canary` (scopes), `start` | `lookback`,
 * `end`, `baseline.NAME` / `canary.NAME` (a side's own variables), any other `NAME` a shared variable.
 *
 * @example
 * const [template] = (await loadAnalysisTemplates('/etc/canary-judge/analyses')).templates;
 * readAnalysisQuery(template, new URLSearchParams('baseline=v41&canary=v42&lookback=10m'), Date.now()).ok // => true
 */
export function readAnalysisQuery(template: AnalysisTemplate, query: URLSearchParams, nowMs: number): ReadAnalysisRequest {
  const issues: ValidationIssue[] = [];
  const raw: Raw = {
    baseline: {},
    canary: {},
    shared: {},
    offered: {},
    window: {},
    paths: { baseline: 'baseline', canary: 'canary', shared: '', window: '' },
  };
  const seen = new Set<string>();
  for (const [key, value] of query) {
    if (seen.has(key)) {
      issues.push({ path: key, message: 'is given twice' });
      continue;
    }
    seen.add(key);
    if (key === 'baseline' || key === 'canary') define(raw[key], 'scope', value);
    else if ((WINDOW_KEYS as readonly string[]).includes(key)) raw.window[key as 'start' | 'end' | 'lookback'] = value;
    else if (key.startsWith('baseline.')) define(raw.baseline, key.slice('baseline.'.length), value);
    else if (key.startsWith('canary.')) define(raw.canary, key.slice('canary.'.length), value);
    else define(raw.shared, key, value);
  }
  raw.paths = { baseline: 'baseline', canary: 'canary', shared: '', window: '' };
  return finish(template, raw, issues, nowMs, 'query');
}

function finish(template: AnalysisTemplate, raw: Raw, issues: ValidationIssue[], nowMs: number, shape: AnalysisRequest['shape']): ReadAnalysisRequest {
  const expected = template.variables;
  const allowed = new Set(expected);
  const join = (path: string, key: string) => (path === '' ? key : path.endsWith('.') ? `${path}${key}` : `${path}.${key}`);
  const unknown = new Set<string>();

  const checkValues = (values: Record<string, unknown>, path: string, isSide: boolean): Record<string, string> => {
    const checked: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) {
      const where = isSide && name === 'scope' && path.startsWith('metadata.') ? path : join(path, name);
      if (isSide && name === 'scope') {
        // checked below with the other scope rules
      } else if (BUILT_IN_VARIABLES.includes(name)) {
        issues.push({ path: where, message: `\${${name}} is built in${name === 'scope' ? ': give each side\'s scope as baseline / canary' : ''}; a request cannot set it` });
        continue;
      } else if (!allowed.has(name)) {
        unknown.add(name);
        issues.push({ path: where, message: `unknown variable "${name}": the template uses ${expected.length === 0 ? 'no variables' : expected.join(', ')}` });
        continue;
      }
      const problem = checkValue(value);
      if (problem !== undefined) {
        issues.push({ path: where, message: problem });
        continue;
      }
      define(checked, name, value as string);
    }
    return checked;
  };

  const shared = checkValues(raw.shared, raw.paths.shared, false);
  const offered: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.offered)) {
    if (!allowed.has(name)) continue;
    const problem = checkValue(value);
    if (problem !== undefined) issues.push({ path: name, message: problem });
    else define(offered, name, value);
  }
  const sides = {} as Record<'baseline' | 'canary', Record<string, string> & { scope: string }>;
  for (const side of ['baseline', 'canary'] as const) {
    const own = checkValues(raw[side], raw.paths[side], true);
    const merged: Record<string, string> = { ...offered, ...shared, ...own };
    let scope = own['scope'];
    const scopePath = raw.paths[side].startsWith('metadata.') ? raw.paths[side] : join(raw.paths[side], 'scope');
    if (scope === undefined && template.scopes !== undefined) {
      try {
        scope = expandTemplate(template.scopes[side], merged);
      } catch {
        // a missing variable of the default scope is reported with the other missing ones
      }
    }
    if (scope === undefined) {
      if (raw[side]['scope'] === undefined) {
        issues.push({ path: scopePath, message: `Required: the ${side}'s scope (the value of \${scope} in its queries, e.g. a version label)${template.scopes === undefined ? '' : '; the template\'s default could not be filled in'}` });
      }
      scope = '';
    } else if (scope === '') {
      issues.push({ path: scopePath, message: 'expected a non-empty scope' });
    } else if (scope.length > MAX_VALUE_LENGTH) {
      issues.push({ path: scopePath, message: `is longer than ${MAX_VALUE_LENGTH} characters` });
    }
    sides[side] = { ...merged, scope };
  }
  const missing = expected.filter((name) => sides.baseline[name] === undefined || sides.canary[name] === undefined);
  for (const name of missing) {
    const which = sides.baseline[name] === undefined && sides.canary[name] === undefined ? 'both sides' : sides.baseline[name] === undefined ? 'the baseline' : 'the canary';
    issues.push({ path: join(raw.paths.shared, name), message: `missing variable "${name}" (for ${which}): the template uses ${expected.join(', ')}` });
  }

  const window = readWindow(template, raw.window, raw.paths.window, nowMs, issues);
  if (issues.length > 0 || window === undefined) return { ok: false, issues, expected };
  const request: AnalysisRequest = { baseline: sides.baseline, canary: sides.canary, variables: { ...offered, ...shared }, startMs: window.startMs, endMs: window.endMs, shape };
  return { ok: true, request };
}

function checkValue(value: unknown): string | undefined {
  if (typeof value !== 'string') return `expected a string (a label value), received ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`;
  if (value.length > MAX_VALUE_LENGTH) return `is longer than ${MAX_VALUE_LENGTH} characters`;
  return undefined;
}

function readWindow(
  template: AnalysisTemplate,
  window: { start?: unknown; end?: unknown; lookback?: unknown },
  prefix: string,
  nowMs: number,
  issues: ValidationIssue[],
): { startMs: number; endMs: number } | undefined {
  const before = issues.length;
  const path = (key: string) => `${prefix}${key}`;
  const time = (value: unknown, key: string): number | undefined => {
    if (value === undefined) return undefined;
    if ((typeof value === 'string' && value.length <= 40) || (typeof value === 'number' && Number.isFinite(value))) {
      try {
        return parseTime(value as string | number, key);
      } catch {
        // reported below
      }
    }
    issues.push({ path: path(key), message: 'expected an RFC 3339 time ("2024-01-01T10:00:00Z") or unix seconds' });
    return undefined;
  };
  const endMs = time(window.end, 'end') ?? Math.floor(nowMs / 1000) * 1000;
  let startMs = time(window.start, 'start');
  if (template.config.sequential !== undefined) {
    // Anytime-valid only over all the data since the canary started: the window's start is fixed.
    if (window.lookback !== undefined) {
      issues.push({
        path: path('lookback'),
        message: `this analysis is sequential: it judges all data since the canary started, so give "start" (when the canary started), not a lookback; a window that slides with every call would lose the confidence sequences' guarantee`,
      });
    } else if (window.start === undefined) {
      issues.push({ path: path('start'), message: 'Required: when the canary started (RFC 3339 or unix seconds); this analysis is sequential and judges all data since then' });
    }
  } else if (window.start !== undefined && window.lookback !== undefined) {
    issues.push({ path: path('lookback'), message: 'give start or lookback, not both' });
  } else if (window.lookback !== undefined) {
    const lookback = window.lookback;
    // The pattern admits digits without end ("9999…m" overflows to Infinity): parseStep refuses those.
    const lookbackMs = typeof lookback === 'string' && /^(\d+(ms|[smhdw]))+$/.test(lookback) ? durationMs(lookback) : undefined;
    if (lookbackMs !== undefined) startMs = endMs - lookbackMs;
    else issues.push({ path: path('lookback'), message: `expected a duration such as "10m" or "1h30m", received ${JSON.stringify(lookback)?.slice(0, 60)}` });
  } else if (window.start === undefined) {
    if (template.lookbackMs !== undefined) startMs = endMs - template.lookbackMs;
    else issues.push({ path: path('start'), message: 'Required: the window\'s start, or a lookback such as "10m" (this template has no default lookback)' });
  }
  if (issues.length > before || startMs === undefined) return undefined;
  if (endMs <= startMs) {
    issues.push({ path: path('end'), message: `must be after the start (${new Date(startMs).toISOString()})` });
    return undefined;
  }
  if (endMs - startMs > MAX_WINDOW_MS) {
    issues.push({ path: path(window.lookback === undefined ? 'start' : 'lookback'), message: `the window is longer than ${MAX_WINDOW_MS / 86_400_000} days` });
    return undefined;
  }
  return { startMs, endMs };
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A duration in milliseconds, or undefined when parseStep refuses it (not finite, under 1 ms). */
function durationMs(text: string): number | undefined {
  try {
    return parseStep(text, 'lookback');
  } catch {
    return undefined;
  }
}
