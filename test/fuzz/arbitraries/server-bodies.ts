/**
 * Server cases: a POST to one of the judging routes with a mutated valid body (a native
 * `{ config, data }`, a Kayenta RemoteJudge request, an analysis request in native or Flagger
 * shape), mangled as text, under a random content-type, sometimes cut short on the wire (the
 * declared length longer than what is sent) or with a hostile query string.
 */
import fc from 'fast-check';
import { documentMutations, type DocumentMutation } from './document-mutation.js';
import { textMangle, type TextMangle } from './hostile-json.js';

export const SERVER_ROUTES = ['kayenta', 'native', 'flagger-native', 'analysis-native', 'analysis-flagger'] as const;
export type ServerRoute = (typeof SERVER_ROUTES)[number];

export interface ServerBodyCase {
  readonly route: ServerRoute;
  readonly mutations: readonly DocumentMutation[];
  readonly mangle: TextMangle;
  readonly contentType: string | undefined;
  /** Send only part of the body while declaring its full length, then close the socket. */
  readonly truncateOnWire: boolean;
  readonly query: string;
  readonly analysisName: string;
  readonly method: 'POST' | 'PUT' | 'GET';
}

export const serverBodyCase: fc.Arbitrary<ServerBodyCase> = fc.record({
  route: fc.constantFrom(...SERVER_ROUTES),
  mutations: documentMutations(3),
  mangle: textMangle,
  contentType: fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom(undefined, 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'APPLICATION/JSON', '', 'application/problem+json', ';;;') },
  ),
  truncateOnWire: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  query: fc.oneof(
    { weight: 8, arbitrary: fc.constant('') },
    { weight: 2, arbitrary: fc.constantFrom('?failStatus=412', '?failStatus=200', '?failStatus=999', '?failStatus=abc', '?failStatus=', '?failStatus=412&failStatus=500', '?%zz', '?__proto__=1') },
  ),
  analysisName: fc.oneof({ weight: 9, arbitrary: fc.constant('latency') }, { weight: 1, arbitrary: fc.constantFrom('missing', '__proto__', 'constructor', '..%2F..%2Fetc', '%00', 'LATENCY', 'latency%20') }),
  method: fc.oneof({ weight: 19, arbitrary: fc.constant('POST' as const) }, { weight: 1, arbitrary: fc.constantFrom('PUT' as const, 'GET' as const) }),
});
