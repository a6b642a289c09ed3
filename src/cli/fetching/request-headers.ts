/**
 * Extra HTTP headers for Prometheus-compatible sources (`--header`, `--header-file`): a tenant for
 * Mimir, Cortex or Thanos (`X-Scope-OrgID`), a gateway's API key. Each is `NAME: VALUE`. Headers
 * that look like credentials are refused on the command line (visible in `ps`, kept in the shell
 * history) and accepted from a file; their values are never printed.
 */

/** Headers canary-judge sets itself, or that would break the request. */
const RESERVED_HEADERS: Readonly<Record<string, string>> = {
  authorization: 'use --bearer-token-file or --basic-auth-file (or their environment variables) for credentials',
  host: 'it is taken from --prometheus-url',
  'content-type': 'canary-judge sets it for the form it posts',
  'content-length': 'canary-judge sets it for the form it posts',
  'transfer-encoding': 'canary-judge sets it for the form it posts',
  connection: 'the HTTP client manages connections',
  'accept-encoding': 'the HTTP client negotiates encodings',
};

/** Header names whose values are secrets: refused as flags (the same rule the Prometheus adapter redacts by). */
const SECRET_NAME = /authorization|cookie|token|key|secret|pass/i;

/** An RFC 9110 token: the characters a header name may hold. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * True when a header's name says its value is a secret.
 *
 * @example
 * isSecretHeader('X-Api-Key') // => true
 * @example
 * isSecretHeader('X-Scope-OrgID') // => false
 */
export function isSecretHeader(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * Parses one `NAME: VALUE` header. Returns the name and value, or a message saying what is wrong
 * (never quoting the value, which may be a secret).
 *
 * @example
 * parseHeader('X-Scope-OrgID: tenant-1') // => { name: 'X-Scope-OrgID', value: 'tenant-1' }
 * @example
 * parseHeader('Host: example.com') // => { problem: 'the Host header cannot be set: it is taken from --prometheus-url' }
 */
export function parseHeader(text: string): { name: string; value: string } | { problem: string } {
  const colon = text.indexOf(':');
  if (colon === -1) return { problem: 'expected "NAME: VALUE" (a colon after the name)' };
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  if (!HEADER_NAME.test(name)) {
    return { problem: `"${name.slice(0, 60)}" is not a header name (letters, digits and !#$%&'*+.^_\`|~- only)` };
  }
  const reserved = RESERVED_HEADERS[name.toLowerCase()];
  if (reserved !== undefined) return { problem: `the ${name} header cannot be set: ${reserved}` };
  if (value === '') return { problem: `the ${name} header has no value` };
  // Visible ASCII, spaces and tabs only: no line breaks (header injection) and no control characters.
  if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) return { problem: `the value of ${name} holds a line break or a control character` };
  return { name, value };
}

/**
 * Adds headers to `into`, refusing a name given twice (in any case).
 *
 * @example
 * mergeHeaders({}, [{ name: 'A', value: '1' }]) // => { A: '1' }
 */
export function mergeHeaders(into: Record<string, string>, headers: readonly { name: string; value: string }[]): Record<string, string> {
  for (const { name, value } of headers) {
    const existing = Object.keys(into).find((key) => key.toLowerCase() === name.toLowerCase());
    if (existing !== undefined) throw new RangeError(`the ${name} header is given twice`);
    Object.defineProperty(into, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return into;
}

/**
 * Parses a header file: one `NAME: VALUE` per line; blank lines and lines starting with `#` are
 * skipped. Returns the headers, or the problems with their line numbers.
 *
 * @example
 * parseHeaderFile('# tenant\nX-Scope-OrgID: a\n\nX-Api-Key: k').headers?.length // => 2
 */
export function parseHeaderFile(text: string): { headers: { name: string; value: string }[]; problems: string[] } {
  const headers: { name: string; value: string }[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const parsed = parseHeader(trimmed);
    if ('problem' in parsed) problems.push(`line ${index + 1}: ${parsed.problem}`);
    else headers.push(parsed);
  });
  return { headers, problems };
}
