/**
 * The CloudWatch metric source: GetMetricData with `ScanBy: TimestampAscending`, every page
 * (`NextToken`), queries batched into as few calls as CloudWatch's limits allow (500 queries and
 * 100,800 data points per call). Queries that `collect` issues together (up to its `concurrency`)
 * are coalesced into shared calls. Periods CloudWatch omits are simply absent from the series, which
 * `collect` keeps as `null` gaps. Throttling and transient errors are retried by the SDK's retry
 * strategy; errors name the query and the AWS error code and never contain credentials.
 */
import type { GetMetricDataCommandOutput, MetricDataQuery, MetricStat } from '@aws-sdk/client-cloudwatch';
import { loadCloudWatchSdk } from './sdk.js';
import type { MetricSource, QueryRangeOptions, RangeQuery, RangeResult, RangeSeries } from '../../sources/metric-source.js';
import { SourceError, quoteQuery, type SourceErrorCode } from '../../sources/source-error.js';
import type { TemplateVariables } from '../../sources/template.js';
import { GET_METRIC_DATA_MAX_DATAPOINTS, planCalls, type PlannedCall } from './batch.js';
import { redactCloudWatch, resolveCloudWatchOptions, type CloudWatchSourceOptions, type ResolvedCloudWatchOptions } from './options.js';
import { checkCloudWatchRange } from './period.js';
import { describeCloudWatchQuery, isExpressionQuery, parseCloudWatchQuery, renderCloudWatchQuery, type CloudWatchMetricStat, type CloudWatchQuery } from './query.js';
import { raceAbort } from '../../sources/race-abort.js';

/**
 * Most points per series `collect` asks for: one GetMetricData call covers 100,800 data points
 * (larger windows are fetched in time chunks anyway; this keeps a single series within one call).
 */
export const CLOUDWATCH_MAX_POINTS = GET_METRIC_DATA_MAX_DATAPOINTS - 1;

/** Calls of one batch in flight at once. */
const CALL_CONCURRENCY = 4;
/** A guard against a server that never stops paging. */
const MAX_PAGES_PER_CALL = 10_000;

/** A metric source backed by Amazon CloudWatch's GetMetricData. */
export interface CloudWatchSource extends MetricSource {
  readonly maxPoints: number;
  /** The clock the source checks retention with (the `now` option). */
  now(): number;
  /**
   * Runs several queries over one range in as few GetMetricData calls as the limits allow, and
   * returns their results in order. Rejects with the first failure (after every call settled).
   */
  queryMany(queries: readonly string[], range: RangeQuery, options?: QueryRangeOptions): Promise<RangeResult[]>;
}

/**
 * Creates a CloudWatch source for `collect`.
 *
 * @throws InvalidOptionError for bad options (messages never contain a credential).
 * @example
 * const source = createCloudWatchSource({ region: 'us-east-1' });
 * const data = await collect(cloudWatchCollectConfig(config), source, { start, end, step: 60, baseline: { scope: 'v1' }, canary: { scope: 'v2' } });
 */
export function createCloudWatchSource(options: CloudWatchSourceOptions): CloudWatchSource {
  const resolved = resolveCloudWatchOptions(options);
  const pending = new Map<string, Member[]>();
  let scheduled = false;

  const flushPending = () => {
    scheduled = false;
    const groups = [...pending.values()];
    pending.clear();
    for (const members of groups) void runBatch(resolved, members);
  };

  const enqueue = (text: string, range: RangeQuery, signal: AbortSignal | undefined): Promise<RangeResult> => {
    const member = prepareMember(resolved, text, range, signal);
    if (member.settled) return member.promise;
    const key = `${range.startMs}/${range.endMs}/${range.stepMs}`;
    const list = pending.get(key);
    if (list === undefined) pending.set(key, [member]);
    else list.push(member);
    if (!scheduled) {
      scheduled = true;
      // Everything `collect` starts in this turn of the event loop shares the calls.
      setTimeout(flushPending, 0);
    }
    return member.promise;
  };

  return {
    description: resolved.description,
    maxPoints: CLOUDWATCH_MAX_POINTS,
    now: (): number => resolved.now(),
    renderQuery: (template: string, variables: TemplateVariables): string => renderCloudWatchQuery(template, variables),
    queryRange: (query: string, range: RangeQuery, callOptions: QueryRangeOptions = {}): Promise<RangeResult> =>
      enqueue(query, range, callOptions.signal),
    queryMany: async (queries: readonly string[], range: RangeQuery, callOptions: QueryRangeOptions = {}): Promise<RangeResult[]> => {
      const members = queries.map((text) => prepareMember(resolved, text, range, callOptions.signal));
      const live = members.filter((member) => !member.settled);
      if (live.length > 0) void runBatch(resolved, live);
      const settled = await Promise.allSettled(members.map((member) => member.promise));
      const failure = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (failure !== undefined) throw failure.reason;
      return settled.map((outcome) => (outcome as PromiseFulfilledResult<RangeResult>).value);
    },
  };
}

/** One query waiting for (or in) a batch. */
interface Member {
  readonly text: string;
  readonly query: CloudWatchQuery;
  readonly range: RangeQuery;
  readonly signal: AbortSignal | undefined;
  readonly promise: Promise<RangeResult>;
  settled: boolean;
  resolve(result: RangeResult): void;
  reject(error: unknown): void;
}

/** Parses and checks a query (no I/O); a member that fails here is settled already. */
function prepareMember(options: ResolvedCloudWatchOptions, text: string, range: RangeQuery, signal: AbortSignal | undefined): Member {
  let resolve!: (result: RangeResult) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<RangeResult>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  // The caller may never await a member that failed early (collect stops at the first failure).
  promise.catch(() => undefined);
  const member: Member = {
    text,
    query: undefined as unknown as CloudWatchQuery,
    range,
    signal,
    promise,
    settled: false,
    resolve: (result) => {
      if (member.settled) return;
      member.settled = true;
      resolve(result);
    },
    reject: (error) => {
      if (member.settled) return;
      member.settled = true;
      reject(error);
    },
  };
  try {
    const query = parseCloudWatchQuery(text);
    (member as { query: CloudWatchQuery }).query = query;
    checkCloudWatchRange(range, options.now());
    if (query.period !== undefined && query.period * 1000 !== range.stepMs) {
      throw new SourceError(
        'INVALID_TEMPLATE',
        `CloudWatch query has period ${query.period}s but the step is ${range.stepMs / 1000}s (CloudWatch returns one point per period, so they must be equal): run with step ${query.period} or drop period; query: ${quoteQuery(text)}`,
        { query: text },
      );
    }
    if (signal?.aborted) {
      throw new SourceError('ABORTED', `query was aborted before it was sent: ${options.request}; query: ${quoteQuery(text)}`, {
        query: text,
        request: options.request,
        attempts: 0,
        cause: signal.reason,
      });
    }
  } catch (error) {
    member.reject(error);
  }
  return member;
}

/** Why a batch's controller was aborted. */
const TIMED_OUT = Symbol('timed out');
const ALL_ABORTED = Symbol('every caller aborted');

/** Where a result of a call goes. */
interface Route {
  readonly member: number;
}

/** What was gathered for one member: series by label, and warnings. */
interface Gathered {
  readonly series: Map<string, { timestamps: number[]; values: number[] }>;
  readonly warnings: string[];
}

/** Runs one batch (queries over one range) and settles each member. Never rejects. */
async function runBatch(options: ResolvedCloudWatchOptions, members: readonly Member[]): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(TIMED_OUT), options.timeoutMs);
  const cleanups: (() => void)[] = [];
  for (const member of members) {
    if (member.signal === undefined) continue;
    const onAbort = () => {
      member.reject(
        new SourceError('ABORTED', `query was aborted: ${options.request}; query: ${quoteQuery(member.text)}`, {
          query: member.text,
          request: options.request,
          cause: member.signal?.reason,
        }),
      );
      if (members.every((one) => one.settled)) controller.abort(ALL_ABORTED);
    };
    member.signal.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => member.signal?.removeEventListener('abort', onAbort));
  }

  try {
    const range = (members[0] as Member).range;
    const points = Math.floor((range.endMs - range.startMs) / range.stepMs) + 1;
    const calls = planCalls(
      members.map((member) => ({ entries: entryCount(member.query), alone: usesMetricsFunction(member.query) })),
      points,
    );
    const gathered: Gathered[] = members.map(() => ({ series: new Map(), warnings: [] }));
    const failed = new Set<number>();

    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const call = calls[next++] as PlannedCall;
        const live = call.items.filter((index) => !failed.has(index) && !(members[index] as Member).settled);
        if (live.length === 0) continue;
        try {
          await runCall(options, members, { ...call, items: live }, gathered, controller.signal);
        } catch (error) {
          for (const index of live) {
            failed.add(index);
            const member = members[index] as Member;
            member.reject(toSourceError(options, error, member, controller.signal));
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CALL_CONCURRENCY, calls.length) }, worker));

    members.forEach((member, index) => {
      if (member.settled) return;
      const own = gathered[index] as Gathered;
      const series: RangeSeries[] = [];
      for (const [label, data] of own.series) {
        if (data.timestamps.length === 0) continue;
        series.push({ labels: { label }, ...sortByTime(data) });
      }
      member.resolve({ series, warnings: [...new Set(own.warnings)] });
    });
  } catch (error) {
    // Planning failed (a query larger than a call): every member gets the error.
    for (const member of members) member.reject(toSourceError(options, error, member, controller.signal));
  } finally {
    clearTimeout(timer);
    for (const cleanup of cleanups) cleanup();
  }
}

/** One GetMetricData call with every page, its results added to `gathered`. */
async function runCall(
  options: ResolvedCloudWatchOptions,
  members: readonly Member[],
  call: PlannedCall,
  gathered: Gathered[],
  signal: AbortSignal,
): Promise<void> {
  const range = (members[call.items[0] as number] as Member).range;
  const queries: MetricDataQuery[] = [];
  const routes = new Map<string, Route>();
  for (const index of call.items) {
    const member = members[index] as Member;
    const alone = call.items.length === 1;
    const { entries, mainId } = toMetricDataQueries(member.query, range.stepMs / 1000, alone ? null : `q${index}`);
    queries.push(...entries);
    routes.set(mainId, { member: index });
  }
  const startTime = new Date(range.startMs + call.fromPoint * range.stepMs);
  const endTime = new Date(range.startMs + call.toPoint * range.stepMs);

  const { GetMetricDataCommand } = await raceAbort(loadCloudWatchSdk(), signal);
  const client = await raceAbort(options.client(), signal);
  let nextToken: string | undefined;
  for (let page = 1; ; page++) {
    if (signal.aborted) throw signal.reason;
    const output: GetMetricDataCommandOutput = await raceAbort(
      // Promise.resolve: a stand-in client (a test double) may answer without a promise.
      Promise.resolve(client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: startTime,
          EndTime: endTime,
          ScanBy: 'TimestampAscending',
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
        { abortSignal: signal },
      )),
      signal,
    );
    const callWarnings = (output.Messages ?? []).map((message) => `${message.Code ?? 'Message'}: ${message.Value ?? ''}`);
    for (const index of call.items) (gathered[index] as Gathered).warnings.push(...callWarnings);
    for (const result of output.MetricDataResults ?? []) {
      const route = result.Id === undefined ? undefined : routes.get(result.Id);
      if (route === undefined) continue;
      const own = gathered[route.member] as Gathered;
      if (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError') {
        throw new ResultStatusError(result.StatusCode, (result.Messages ?? []).map((message) => `${message.Code ?? ''} ${message.Value ?? ''}`.trim()).join('; '));
      }
      for (const message of result.Messages ?? []) own.warnings.push(`${message.Code ?? 'Message'}: ${message.Value ?? ''}`);
      const label = result.Label ?? result.Id ?? '';
      let data = own.series.get(label);
      if (data === undefined) {
        data = { timestamps: [], values: [] };
        own.series.set(label, data);
      }
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      if (timestamps.length !== values.length) {
        throw new MalformedAnswer(`result ${result.Id} has ${timestamps.length} timestamps but ${values.length} values`);
      }
      timestamps.forEach((time, position) => {
        (data as { timestamps: number[] }).timestamps.push(new Date(time).getTime());
        (data as { values: number[] }).values.push(values[position] as number);
      });
      if (result.StatusCode === 'PartialData' && (output.NextToken === undefined || output.NextToken === '')) {
        own.warnings.push('CloudWatch returned partial data (StatusCode PartialData) without a next page');
      }
    }
    nextToken = output.NextToken === undefined || output.NextToken === '' ? undefined : output.NextToken;
    if (nextToken === undefined) return;
    if (page >= MAX_PAGES_PER_CALL) throw new MalformedAnswer(`GetMetricData kept returning NextToken after ${MAX_PAGES_PER_CALL} pages`);
  }
}

/** A result CloudWatch marked Forbidden or InternalError. */
class ResultStatusError extends Error {
  constructor(
    readonly statusCode: 'Forbidden' | 'InternalError',
    readonly detail: string,
  ) {
    super(`result status ${statusCode}${detail === '' ? '' : ` (${detail})`}`);
  }
}

/** An answer that does not have the documented shape. */
class MalformedAnswer extends Error {}

/**
 * Builds the MetricDataQuery entries of one query: a MetricStat (id `prefix`), or an expression (id
 * `prefix`) with its inputs as hidden entries whose ids are prefixed `prefix_` (and renamed in the
 * expression). Without a prefix (a call of its own), the ids are kept as written.
 */
function toMetricDataQueries(query: CloudWatchQuery, period: number, prefix: string | null): { entries: MetricDataQuery[]; mainId: string } {
  if (!isExpressionQuery(query)) {
    const mainId = prefix ?? 'q0';
    return { entries: [{ Id: mainId, MetricStat: toMetricStat(query, period), ReturnData: true }], mainId };
  }
  const ids = Object.keys(query.metrics ?? {});
  let mainId = prefix ?? 'result';
  for (let suffix = 1; prefix === null && ids.includes(mainId); suffix++) mainId = `result_${suffix}`;
  const rename = (id: string) => (prefix === null ? id : `${prefix}_${id}`);
  const entries: MetricDataQuery[] = [
    { Id: mainId, Expression: prefix === null ? query.expression : renameIds(query.expression, new Set(ids), rename), Period: period, ReturnData: true },
  ];
  for (const id of ids) {
    entries.push({ Id: rename(id), MetricStat: toMetricStat((query.metrics as Record<string, CloudWatchMetricStat>)[id] as CloudWatchMetricStat, period), ReturnData: false });
  }
  return { entries, mainId };
}

function toMetricStat(metric: CloudWatchMetricStat, period: number): MetricStat {
  return {
    Metric: {
      Namespace: metric.namespace,
      MetricName: metric.metricName,
      Dimensions: Object.entries(metric.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
    },
    Period: period,
    Stat: metric.statistic,
    ...(metric.unit === undefined ? {} : { Unit: metric.unit }),
  };
}

/**
 * Renames metric ids in an expression, leaving string literals ('…' and "…") and other words
 * (functions are upper case, ids start lower case) alone.
 *
 * @example
 * renameIds("100*e/t + SEARCH('e', 'Sum', 60)", new Set(['e', 't']), (id) => `q1_${id}`) // => "100*q1_e/q1_t + SEARCH('e', 'Sum', 60)"
 */
export function renameIds(expression: string, ids: ReadonlySet<string>, rename: (id: string) => string): string {
  let out = '';
  let index = 0;
  while (index < expression.length) {
    const char = expression[index] as string;
    if (char === "'" || char === '"') {
      const close = expression.indexOf(char, index + 1);
      const end = close < 0 ? expression.length : close + 1;
      out += expression.slice(index, end);
      index = end;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expression.slice(index));
    if (word !== null) {
      out += ids.has(word[0]) ? rename(word[0]) : word[0];
      index += word[0].length;
      continue;
    }
    out += char;
    index++;
  }
  return out;
}

function entryCount(query: CloudWatchQuery): number {
  return isExpressionQuery(query) ? 1 + Object.keys(query.metrics ?? {}).length : 1;
}

function usesMetricsFunction(query: CloudWatchQuery): boolean {
  return isExpressionQuery(query) && /\bMETRICS\s*\(/.test(query.expression);
}

function sortByTime(data: { timestamps: number[]; values: number[] }): { timestampsMs: number[]; values: number[] } {
  const order = data.timestamps.map((_, index) => index);
  const sorted = order.every((position) => position === 0 || (data.timestamps[position - 1] as number) < (data.timestamps[position] as number));
  if (!sorted) order.sort((a, b) => (data.timestamps[a] as number) - (data.timestamps[b] as number));
  const timestampsMs: number[] = [];
  const values: number[] = [];
  for (const position of order) {
    const time = data.timestamps[position] as number;
    if (timestampsMs.length > 0 && timestampsMs[timestampsMs.length - 1] === time) continue; // a repeated point across pages
    timestampsMs.push(time);
    values.push(data.values[position] as number);
  }
  return { timestampsMs, values };
}

/** AWS error codes that mean "slow down" (the SDK retries them; they count as unavailable). */
const THROTTLING_CODES = new Set(['Throttling', 'ThrottlingException', 'ThrottledException', 'RequestThrottled', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException']);

/**
 * Turns whatever a call threw into a `SourceError` that names the query and the AWS error code. The
 * SDK's error is not kept as `cause` (its raw response could echo a request); its message is
 * redacted into ours.
 */
function toSourceError(options: ResolvedCloudWatchOptions, error: unknown, member: Member, signal: AbortSignal): SourceError {
  if (error instanceof SourceError) return error;
  const where = `${options.request}; query: ${quoteQuery(member.text)} (${describeCloudWatchQuery(member.query)})`;
  const make = (code: SourceErrorCode, message: string, extra: { status?: number; errorType?: string; attempts?: number; unavailable?: boolean; cause?: unknown } = {}) =>
    new SourceError(code, redactCloudWatch(message, options.secrets), { query: member.text, request: options.request, ...extra });

  if (signal.aborted && signal.reason === TIMED_OUT) {
    return make('TIMEOUT', `CloudWatch did not answer within the timeout of ${options.timeoutMs}ms: ${where}`, { unavailable: true });
  }
  if (signal.aborted || (error as { name?: unknown } | null)?.name === 'AbortError') {
    return make('ABORTED', `query was aborted: ${where}`, { cause: member.signal?.reason });
  }
  if (error instanceof ResultStatusError) {
    const forbidden = error.statusCode === 'Forbidden';
    return make('HTTP_STATUS', `CloudWatch answered ${error.statusCode} for this query${error.detail === '' ? '' : ` (${error.detail})`}: ${where}`, {
      ...(forbidden ? { status: 403 } : {}),
      errorType: error.statusCode,
      unavailable: !forbidden,
    });
  }
  if (error instanceof MalformedAnswer) {
    return make('BAD_RESPONSE', `CloudWatch's answer was unreadable (${error.message}): ${where}`);
  }
  if (error instanceof RangeError) {
    return make('INVALID_TEMPLATE', `${error.message}: ${where}`);
  }

  const details = error as { name?: unknown; message?: unknown; code?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: unknown; attempts?: unknown } } | null;
  const name = typeof details?.name === 'string' ? details.name : 'Error';
  const awsCode = typeof details?.Code === 'string' ? details.Code : name;
  const rawMessage = typeof details?.message === 'string' ? details.message : String(error);
  const message = oneLine(rawMessage);
  const status = typeof details?.$metadata?.httpStatusCode === 'number' ? details.$metadata.httpStatusCode : undefined;
  const attempts = typeof details?.$metadata?.attempts === 'number' ? details.$metadata.attempts : undefined;
  const tries = attempts === undefined ? '' : ` after ${attempts === 1 ? '1 attempt' : `${attempts} attempts`}`;

  if (name === 'CredentialsProviderError' || /credential/i.test(name)) {
    return make('NETWORK', `could not sign the request: no usable AWS credentials (${name}: ${message}); set credentials or AWS_PROFILE / AWS_ACCESS_KEY_ID: ${where}`, {
      errorType: name,
    });
  }
  if (status !== undefined) {
    const throttled = THROTTLING_CODES.has(awsCode) || status === 429;
    return make('HTTP_STATUS', `CloudWatch answered ${awsCode} (HTTP ${status})${tries}: ${message}: ${where}`, {
      status,
      errorType: awsCode,
      ...(attempts === undefined ? {} : { attempts }),
      unavailable: throttled || status >= 500,
    });
  }
  const systemCode = typeof details?.code === 'string' ? details.code : undefined;
  return make('NETWORK', `could not reach CloudWatch (${systemCode ?? name}: ${message})${tries}: ${where}`, {
    errorType: systemCode ?? name,
    ...(attempts === undefined ? {} : { attempts }),
    unavailable: true,
    // A plain copy, so no SDK object (and nothing it holds) travels with the error.
    cause: new Error(redactCloudWatch(`${systemCode ?? name}: ${message}`, options.secrets)),
  });
}


function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
