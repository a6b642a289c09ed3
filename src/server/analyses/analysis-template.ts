/**
 * Analysis templates: a canary configuration whose metrics carry query templates, plus where to
 * fetch them (`source`), an optional default window (`lookback`) and optional default scopes. The
 * server loads one per `DIR/NAME.json` and validates all of them before it listens.
 *
 * ```json
 * {
 *   "source": { "prometheus": "http://prometheus:9090", "step": "30s", "timeout": "8s" },
 *   "lookback": "10m",
 *   "scopes": { "baseline": "${name}-primary", "canary": "${name}" },
 *   "metrics": [{ "name": "p99", "test": "mann-whitney", "query": "…{deployment=\"${scope}\"}" }]
 * }
 * ```
 *
 * A template with `"sequential": { "minDuration", "maxDuration" }` (statistics.md §11) judges all data
 * since each request's `start` (when the canary started), so it has no default `lookback`.
 *
 * Pure: parsing and checking only; reading the directory is `load-analysis-templates.ts`.
 */
import { cloudWatchConfigIssues } from '../../adapters/cloudwatch/config-issues.js';
import { withMetricIssues } from '../../config/with-metric-issues.js';
import { safeParseConfig, type CanaryConfig, type ValidationIssue } from '../../judge/index.js';
import { parseStep } from '../../sources/time.js';
import { parseTemplate } from '../../sources/template.js';
import { renderPromQL } from '../../adapters/prometheus/promql.js';

/** Where a template's metrics are fetched from. */
export type AnalysisSourceSpec =
  | { readonly kind: 'prometheus'; readonly url: string; readonly stepMs: number | undefined; readonly timeoutMs: number; readonly retries: number }
  | {
      readonly kind: 'cloudwatch';
      readonly region: string;
      readonly endpoint: string | undefined;
      readonly stepMs: number | undefined;
      readonly timeoutMs: number;
      readonly retries: number;
    };

/** A validated analysis template. */
export interface AnalysisTemplate {
  /** The file's base name without `.json`: the `NAME` of `/v1/analyses/NAME/judge`. */
  readonly name: string;
  readonly description: string | undefined;
  readonly config: CanaryConfig;
  readonly source: AnalysisSourceSpec;
  /** Window used when a request names neither `start` nor `lookback`, in ms. */
  readonly lookbackMs: number | undefined;
  /** Default scope templates per side (may use variables), used when a request gives no scope. */
  readonly scopes: { readonly baseline: string; readonly canary: string } | undefined;
  /** Every variable a request must define (placeholders of the queries and scopes, minus the built-in ones), sorted. */
  readonly variables: readonly string[];
}

/** Placeholders filled in by the server itself, never by a request (`period`: CloudWatch only). */
export const BUILT_IN_VARIABLES: readonly string[] = Object.freeze(['scope', 'step', 'period']);

/** Names a template file may have (`NAME.json`): safe in a URL path segment. */
export const ANALYSIS_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Keys of a template besides the canary configuration's own. */
const TEMPLATE_KEYS = ['source', 'lookback', 'scopes', 'description'] as const;

/** Default time limit of one query (retries included): under the 10 s Argo Rollouts and Flagger wait by default. */
export const DEFAULT_ANALYSIS_TIMEOUT_MS = 8_000;
/** Default retries of a query after the first attempt. */
export const DEFAULT_ANALYSIS_RETRIES = 2;

type Parsed = { readonly ok: true; readonly template: AnalysisTemplate } | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/**
 * Validates one template (the parsed JSON of `NAME.json`) and lists every problem with its JSON path.
 *
 * @example
 * parseAnalysisTemplate('latency', {
 *   source: { prometheus: 'http://prometheus:9090' },
 *   metrics: [{ name: 'p99', test: 'mann-whitney', query: 'p99{version="${scope}",app="${app}"}' }],
 * }).ok // => true
 */
export function parseAnalysisTemplate(name: string, input: unknown): Parsed {
  const issues: ValidationIssue[] = [];
  if (!ANALYSIS_NAME.test(name)) {
    issues.push({ path: '(file name)', message: `"${name}" is not a usable analysis name: letters, digits, ".", "_" and "-" only, starting with a letter or digit (it becomes part of the URL)` });
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [...issues, { path: '(root)', message: 'expected an object: a canary configuration plus "source"' }] };
  }
  const record = input as Record<string, unknown>;
  const configInput: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!(TEMPLATE_KEYS as readonly string[]).includes(key)) Object.defineProperty(configInput, key, { value, enumerable: true, writable: true, configurable: true });
  }
  const source = parseSource(record['source'], issues);
  const lookbackMs = parseDuration(record['lookback'], 'lookback', issues);
  const description = record['description'];
  if (description !== undefined && typeof description !== 'string') issues.push({ path: 'description', message: 'expected a string' });
  const scopes = parseScopes(record['scopes'], issues);

  // The core leaves the shape of the `cloudwatch` queries to the CloudWatch adapter's check.
  const parsedConfig = withMetricIssues(safeParseConfig(configInput), cloudWatchConfigIssues(configInput));
  if (!parsedConfig.ok) {
    issues.push(...parsedConfig.issues);
    return { ok: false, issues };
  }
  const config = parsedConfig.value;
  if (config.sequential !== undefined && lookbackMs !== undefined) {
    issues.push({
      path: 'lookback',
      message:
        'a template with "sequential" judges all data since the canary started (each request gives its "start"), so it takes no default lookback: a window that slides with every call would lose the confidence sequences\' guarantee',
    });
  }
  const used = new Set<string>();
  if (source !== undefined) collectQueryVariables(config, source.kind, used, issues);
  for (const side of ['baseline', 'canary'] as const) {
    if (scopes === undefined) break;
    addPlaceholders(scopes[side], `scopes.${side}`, used, issues);
    if (placeholders(scopes[side]).includes('scope')) issues.push({ path: `scopes.${side}`, message: 'a scope cannot use ${scope} (it defines it)' });
  }
  if (issues.length > 0 || source === undefined) return { ok: false, issues };
  const builtIn = source.kind === 'cloudwatch' ? BUILT_IN_VARIABLES : BUILT_IN_VARIABLES.filter((variable) => variable !== 'period');
  const variables = [...used].filter((variable) => !builtIn.includes(variable)).sort();
  return {
    ok: true,
    template: {
      name,
      description: typeof description === 'string' ? description : undefined,
      config,
      source,
      lookbackMs,
      scopes,
      variables,
    },
  };
}

function parseSource(input: unknown, issues: ValidationIssue[]): AnalysisSourceSpec | undefined {
  const expected = 'expected { "prometheus": "http://prometheus:9090" } or { "cloudwatch": { "region": "us-east-1" } }, with optional "step", "timeout" and "retries"';
  if (input === undefined) {
    issues.push({ path: 'source', message: `Required: where the metrics are; ${expected}` });
    return undefined;
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    issues.push({ path: 'source', message: expected });
    return undefined;
  }
  const record = input as Record<string, unknown>;
  const before = issues.length;
  for (const key of Object.keys(record)) {
    if (!['prometheus', 'cloudwatch', 'step', 'timeout', 'retries'].includes(key)) {
      issues.push({ path: `source.${key}`, message: `Unknown key "${key}": expected prometheus or cloudwatch, step, timeout, retries (credentials never go in a template: they come from the server's flags)` });
    }
  }
  const stepMs = parseDuration(record['step'], 'source.step', issues);
  const timeoutMs = parseDuration(record['timeout'], 'source.timeout', issues) ?? DEFAULT_ANALYSIS_TIMEOUT_MS;
  let retries = DEFAULT_ANALYSIS_RETRIES;
  if (record['retries'] !== undefined) {
    const value = record['retries'];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) issues.push({ path: 'source.retries', message: 'expected a whole number from 0 to 10' });
    else retries = value;
  }
  const hasPrometheus = record['prometheus'] !== undefined;
  const hasCloudWatch = record['cloudwatch'] !== undefined;
  if (hasPrometheus === hasCloudWatch) {
    issues.push({ path: 'source', message: `${hasPrometheus ? 'give prometheus or cloudwatch, not both' : 'names no source'}: ${expected}` });
    return undefined;
  }
  if (hasPrometheus) {
    const url = checkUrl(record['prometheus'], 'source.prometheus', issues);
    if (url === undefined || issues.length > before) return undefined;
    return { kind: 'prometheus', url, stepMs, timeoutMs, retries };
  }
  const cloudwatch = record['cloudwatch'];
  if (typeof cloudwatch !== 'object' || cloudwatch === null || Array.isArray(cloudwatch)) {
    issues.push({ path: 'source.cloudwatch', message: 'expected { "region": "us-east-1", "endpoint"?: "https://…" }' });
    return undefined;
  }
  const { region, endpoint, ...rest } = cloudwatch as Record<string, unknown>;
  for (const key of Object.keys(rest)) issues.push({ path: `source.cloudwatch.${key}`, message: `Unknown key "${key}": expected region and endpoint (credentials come from the AWS SDK's chain)` });
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) {
    issues.push({ path: 'source.cloudwatch.region', message: 'expected an AWS region such as "us-east-1"' });
  }
  const checkedEndpoint = endpoint === undefined ? undefined : checkUrl(endpoint, 'source.cloudwatch.endpoint', issues);
  if (issues.length > before) return undefined;
  return { kind: 'cloudwatch', region: region as string, endpoint: checkedEndpoint, stepMs, timeoutMs, retries };
}

function checkUrl(input: unknown, path: string, issues: ValidationIssue[]): string | undefined {
  if (typeof input !== 'string') {
    issues.push({ path, message: 'expected an http: or https: URL' });
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    issues.push({ path, message: 'expected an absolute http: or https: URL, e.g. "http://prometheus:9090"' });
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    issues.push({ path, message: `expected an http: or https: URL, not ${url.protocol}` });
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    issues.push({ path, message: 'a template must not hold credentials: give them to the server with --bearer-token-file, --basic-auth-file or --header-file' });
    return undefined;
  }
  return input;
}

function parseDuration(input: unknown, path: string, issues: ValidationIssue[]): number | undefined {
  if (input === undefined) return undefined;
  if (typeof input === 'string' && /^\d+(ms|[smhdw])(\d+(ms|[smhdw]))*$/.test(input)) {
    try {
      return parseStep(input, path);
    } catch {
      // reported below
    }
  }
  issues.push({ path, message: `expected a duration such as "30s", "10m" or "1h30m", received ${JSON.stringify(input)}` });
  return undefined;
}

function parseScopes(input: unknown, issues: ValidationIssue[]): { baseline: string; canary: string } | undefined {
  if (input === undefined) return undefined;
  const expected = 'expected { "baseline": "…", "canary": "…" }: the default scope of each side (variables allowed, e.g. "${name}-primary")';
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    issues.push({ path: 'scopes', message: expected });
    return undefined;
  }
  const { baseline, canary, ...rest } = input as Record<string, unknown>;
  for (const key of Object.keys(rest)) issues.push({ path: `scopes.${key}`, message: `Unknown key "${key}": ${expected}` });
  if (typeof baseline !== 'string' || baseline === '') issues.push({ path: 'scopes.baseline', message: expected });
  if (typeof canary !== 'string' || canary === '') issues.push({ path: 'scopes.canary', message: expected });
  if (typeof baseline !== 'string' || typeof canary !== 'string' || baseline === '' || canary === '') return undefined;
  return { baseline, canary };
}

function placeholders(template: string): string[] {
  try {
    return parseTemplate(template).flatMap((segment) => (segment.kind === 'variable' ? [segment.name] : []));
  } catch {
    return [];
  }
}

function addPlaceholders(template: string, path: string, into: Set<string>, issues: ValidationIssue[]): void {
  try {
    for (const segment of parseTemplate(template)) if (segment.kind === 'variable') into.add(segment.name);
  } catch (error) {
    issues.push({ path, message: (error as Error).message });
  }
}

/** Every metric has a query for the template's source; the placeholders of all of them go into `used`. */
function collectQueryVariables(config: CanaryConfig, kind: AnalysisSourceSpec['kind'], used: Set<string>, issues: ValidationIssue[]): void {
  config.metrics.forEach((metric, index) => {
    const where = `metrics[${index}]`;
    if (kind === 'prometheus') {
      const query = metric.query;
      if (query === undefined) {
        issues.push({ path: `${where}.query`, message: `metric "${metric.name}" has no query: the template's source is Prometheus, so every metric needs a PromQL template${metric.test === 'rate' ? ' pair { "events": …, "total": … }' : ''}` });
        return;
      }
      const parts: [string, string][] =
        typeof query === 'string'
          ? [[query, `${where}.query`]]
          : 'histogram' in query
            ? [[query.histogram, `${where}.query.histogram`]]
            : [[query.events, `${where}.query.events`], [query.total, `${where}.query.total`]];
      for (const [text, path] of parts) {
        const before = issues.length;
        addPlaceholders(text, path, used, issues);
        if (issues.length === before) checkLabelValuesOnly(text, path, issues);
      }
      return;
    }
    const query = metric.cloudwatch;
    if (query === undefined) {
      issues.push({ path: `${where}.cloudwatch`, message: `metric "${metric.name}" has no cloudwatch query: the template's source is CloudWatch` });
      return;
    }
    // CloudWatch queries are rendered from their JSON; their placeholders sit in its strings.
    addPlaceholders(JSON.stringify(query), `${where}.cloudwatch`, used, issues);
    checkCloudWatchPlaceholders(query, `${where}.cloudwatch`, issues);
  });
}

/** A value no placeholder outside a string literal accepts (a space and both quotes). */
const PROBE = 'probe value "\'';

/**
 * Request values are label values: every placeholder a request fills (all but `${step}`) must sit
 * inside a quoted string of the PromQL, where the adapter escapes it. Checked by rendering the
 * template with a value that only a string accepts.
 */
function checkLabelValuesOnly(template: string, path: string, issues: ValidationIssue[]): void {
  const variables: Record<string, string> = {};
  for (const name of placeholders(template)) Object.defineProperty(variables, name, { value: name === 'step' ? '60s' : PROBE, enumerable: true, configurable: true });
  try {
    renderPromQL(template, variables);
  } catch {
    const outside = placeholders(template).filter((name) => name !== 'step').find((name) => {
      try {
        renderPromQL(template, { ...variables, [name]: PROBE, ...Object.fromEntries(placeholders(template).filter((other) => other !== name).map((other) => [other, other === 'step' ? '60s' : 'x'])) });
        return false;
      } catch {
        return true;
      }
    });
    issues.push({
      path,
      message: `\${${outside ?? '…'}} is outside a quoted string: a request's values are label values only, so every placeholder but \${step} must sit inside "…" (e.g. version="\${scope}")`,
    });
  }
}

/** CloudWatch: a request may fill dimension values and expressions, never a namespace, metric or dimension name. */
function checkCloudWatchPlaceholders(query: object, path: string, issues: ValidationIssue[]): void {
  const visit = (node: unknown, where: string, key: string | undefined): void => {
    if (typeof node === 'string') {
      if ((key === 'namespace' || key === 'metricName') && placeholders(node).some((name) => name !== 'period' && name !== 'step')) {
        issues.push({ path: `${where}`, message: `a request cannot choose the ${key}: use placeholders only in dimension values and expressions` });
      }
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [childKey, child] of Object.entries(node)) {
      if (key === 'dimensions' && placeholders(childKey).length > 0) issues.push({ path: `${where}`, message: 'a request cannot choose a dimension name: use placeholders only in dimension values' });
      visit(child, `${where}.${childKey}`, childKey);
    }
  };
  visit(query, path, undefined);
}
