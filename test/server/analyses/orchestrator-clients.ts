/**
 * The requests Argo Rollouts and Flagger send, rebuilt byte for byte from their source, and the way
 * each reads the answer. Upstream files (read at the commits named):
 *
 * - argoproj/argo-rollouts @ 9f8d111d8f8e3e88b6d7f8bbdf62fd3cd863ef9d
 *   - metricproviders/webmetric/webmetric.go: `Run` builds the request with `http.NewRequest(method,
 *     url, body)`, sets each of `metric.Provider.Web.Headers` with `Header.Set`, adds
 *     `Content-Type: application/json` only for `jsonBody` (a `body` string gets no Content-Type
 *     unless the headers give one); any status outside 200–299 is a measurement *Error*
 *     ("received non 2xx response code"); otherwise the body is parsed as JSON and `jsonPath` picks
 *     the value (`getValue` takes the first result).
 *   - utils/evaluate/evaluate.go: `EvaluateResult`: failure condition true → Failed; success true →
 *     Successful; neither → Inconclusive.
 *   - pkg/apis/rollouts/v1alpha1/analysis_types.go: `WebMetric` (method, url, headers, body,
 *     jsonBody, jsonPath, timeoutSeconds default 10).
 * - fluxcd/flagger @ 15bd6ad555e6c935da55f0ab95977be74c149bd6
 *   - pkg/controller/webhook.go: `CallWebhook` posts `CanaryWebhookPayload{Name, Namespace, Phase,
 *     Checksum, Metadata}` marshalled by `json.Marshal` with `Content-Type: application/json`
 *     (`callWebhook`); `r.StatusCode > 202` is a failed webhook, whose message is the body.
 *   - pkg/apis/flagger/v1beta1/canary.go: `CanaryWebhookPayload` JSON names name, namespace, phase,
 *     checksum, metadata (omitempty, map[string]string).
 *
 * Go's client adds `User-Agent: Go-http-client/1.1`, `Accept-Encoding: gzip` and `Content-Length`;
 * these requests carry exactly those headers (node's `http.request`, not `fetch`, which adds its own).
 */
import { request as httpRequest } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** Sends a request with exactly the given headers plus Go's defaults. */
export function goRequest(url: string, method: string, headers: Readonly<Record<string, string>>, body?: string, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = httpRequest(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method, timeout: timeoutMs, headers: {} },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.removeHeader('connection');
    request.setHeader('User-Agent', 'Go-http-client/1.1');
    for (const [name, value] of Object.entries(headers)) request.setHeader(name, value);
    if (body !== undefined) request.setHeader('Content-Length', Buffer.byteLength(body));
    request.setHeader('Accept-Encoding', 'gzip');
    request.on('timeout', () => request.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

/** An Argo Rollouts `web` metric, as in an AnalysisTemplate (after Argo substituted `{{args.*}}`). */
export interface ArgoWebMetric {
  readonly url: string;
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly headers?: readonly { readonly key: string; readonly value: string }[];
  readonly body?: string;
  readonly jsonBody?: unknown;
  readonly jsonPath: string;
  readonly successCondition?: string;
  readonly failureCondition?: string;
}

export type ArgoPhase = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

/**
 * One measurement as Argo's web provider takes it: send, then Error on a non-2xx status, else the
 * `jsonPath` value judged by the conditions. Only the forms used in docs/orchestrators.md are
 * understood: jsonPath `{$.a.b}` and conditions `result == "x"` joined by `||`.
 */
export async function argoMeasure(metric: ArgoWebMetric): Promise<{ phase: ArgoPhase; value: unknown; response: RawResponse }> {
  const headers: Record<string, string> = {};
  for (const header of metric.headers ?? []) headers[header.key] = header.value;
  let body: string | undefined;
  if (metric.body !== undefined) body = metric.body;
  else if (metric.jsonBody !== undefined) {
    body = JSON.stringify(metric.jsonBody);
    headers['Content-Type'] = 'application/json';
  }
  const response = await goRequest(metric.url, metric.method ?? 'GET', headers, body);
  if (response.status < 200 || response.status >= 300) return { phase: 'Error', value: undefined, response };
  const path = /^\{\$((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}$/.exec(metric.jsonPath);
  if (path === null) throw new Error(`jsonPath form not supported by this test client: ${metric.jsonPath}`);
  let value: unknown = JSON.parse(response.text);
  for (const key of (path[1] as string).split('.').filter((part) => part !== '')) value = (value as Record<string, unknown> | undefined)?.[key];
  if (value === undefined) return { phase: 'Error', value, response };
  const holds = (condition: string | undefined): boolean =>
    condition !== undefined &&
    condition.split('||').some((part) => {
      const match = /^\s*result\s*==\s*"([^"]*)"\s*$/.exec(part);
      if (match === null) throw new Error(`condition form not supported by this test client: ${condition}`);
      return value === match[1];
    });
  let success = holds(metric.successCondition);
  let failure = holds(metric.failureCondition);
  if (metric.successCondition !== undefined && metric.failureCondition === undefined) failure = !success;
  if (metric.successCondition === undefined && metric.failureCondition !== undefined) success = !failure;
  const phase: ArgoPhase = failure ? 'Failed' : success ? 'Successful' : 'Inconclusive';
  return { phase, value, response };
}

/** Flagger's `CanaryWebhookPayload`, in Go's field order. */
export interface FlaggerPayload {
  readonly name: string;
  readonly namespace: string;
  readonly phase: string;
  readonly checksum: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Calls a webhook as Flagger's `callWebhook` does; `passed` is Flagger's reading (status ≤ 202). */
export async function flaggerCall(url: string, payload: FlaggerPayload): Promise<{ passed: boolean; response: RawResponse }> {
  const ordered = { name: payload.name, namespace: payload.namespace, phase: payload.phase, checksum: payload.checksum, ...(payload.metadata === undefined ? {} : { metadata: payload.metadata }) };
  const response = await goRequest(url, 'POST', { 'Content-Type': 'application/json' }, JSON.stringify(ordered));
  return { passed: response.status <= 202, response };
}
