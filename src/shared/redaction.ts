/**
 * The one redactor: every text that leaves canary-judge (errors, warnings, notes, logs, reports,
 * HTTP bodies) passes through `Redactor.text`, which removes the secrets it was given (tokens,
 * passwords, header values) in every spelling a server or a serialiser may give them (as is,
 * URL-encoded, JSON-escaped), plus things that are credentials whatever their value: the user
 * info of a URL, credential parameters of a query string, the value of an `Authorization` header.
 * Pure: no I/O, runs in browsers too.
 */

/** What a secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Secrets shorter than this are not searched for (a 2-character "secret" would blank every text). */
export const MIN_SECRET_LENGTH = 3;

/** Query-string and form parameters whose value is a credential (matched case-insensitively). */
const CREDENTIAL_PARAMETERS =
  'access_token|refresh_token|id_token|token|api_key|apikey|api-key|key|password|passwd|pwd|pass|secret|client_secret|auth|authorization|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token';

/** Shapes that are credentials whatever their value. Each keeps the part before the value (group 1). */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  // URL user info: scheme://user:password@host (the user name goes too: it may be a token).
  /([a-z][a-z0-9+.-]*:\/\/)[^/\s@"'<>?#]+(?=@)/gi,
  // Credential parameters of a query string or a form body: ?token=…, &password=…
  new RegExp(`([?&;](?:${CREDENTIAL_PARAMETERS})=)[^&;#\\s"'<>]+`, 'gi'),
  // The value of an Authorization header, as a proxy may echo it (`Authorization: Bearer abc`, `"authorization":"Basic …"`).
  /(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?(?:(?:Bearer|Basic|Digest|Token)\s+)?)(?!(?:Bearer|Basic|Digest|Token)\b)[^\s"',;<>]{3,}/gi,
  // An AWS access key id.
  /()\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g,
];

/** Every spelling of a secret a text may hold: as is, URL-encoded (both forms), JSON-escaped, HTML-escaped. */
function spellings(secret: string): string[] {
  const forms = new Set<string>([secret]);
  try {
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
  } catch {
    // A lone surrogate cannot be URL-encoded; the raw form is still searched for.
  }
  forms.add(JSON.stringify(secret).slice(1, -1));
  forms.add(secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/**
 * Removes secrets from texts. Give it every secret the program holds (`add`); then pass every
 * outgoing text through `text`, and errors through `error`.
 *
 * @example
 * const redactor = new Redactor(['s3cr3t-token']);
 * redactor.text('proxy echoed: authorization=Bearer s3cr3t-token') // => 'proxy echoed: authorization=Bearer [REDACTED]'
 */
export class Redactor {
  /** Longest first, so a secret that contains another is removed whole. */
  #forms: string[] = [];

  constructor(secrets: Iterable<string | undefined | null> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Adds a secret (ignored when empty or shorter than `MIN_SECRET_LENGTH`). Returns the redactor. */
  add(secret: string | undefined | null): this {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return this;
    const forms = new Set(this.#forms);
    for (const form of spellings(secret)) forms.add(form);
    this.#forms = [...forms].sort((a, b) => b.length - a.length);
    return this;
  }

  /** The secrets known (every spelling), longest first. */
  get secrets(): readonly string[] {
    return this.#forms;
  }

  /**
   * The text with every known secret and every credential-shaped part replaced by `[REDACTED]`.
   *
   * @example
   * new Redactor().text('GET https://bob:hunter22@prom.example.com/api?token=abc&x=1')
   * // => 'GET https://[REDACTED]@prom.example.com/api?token=[REDACTED]&x=1'
   */
  text(text: string): string {
    let clean = text;
    for (const form of this.#forms) if (clean.includes(form)) clean = clean.split(form).join(REDACTED);
    for (const pattern of CREDENTIAL_PATTERNS) {
      clean = clean.replace(pattern, (_match: string, prefix: string) => `${prefix}${REDACTED}`);
    }
    return clean;
  }

  /**
   * A copy of an error safe to show or log: its message, and those of its `cause` chain, redacted;
   * its stack redacted too. Anything that is not an `Error` becomes its redacted text.
   *
   * @example
   * new Redactor(['hunter22']).error(new Error('login hunter22 refused')).message // => 'login [REDACTED] refused'
   */
  error(error: unknown, depth = 0): unknown {
    if (!(error instanceof Error)) return typeof error === 'string' ? this.text(error) : error;
    const cause = depth < 8 && 'cause' in error ? this.error(error.cause, depth + 1) : undefined;
    const copy = new Error(this.text(safeString(() => error.message)), cause === undefined ? undefined : { cause });
    copy.name = this.text(safeString(() => error.name));
    const stack = safeString(() => error.stack ?? '');
    copy.stack = stack === '' ? `${copy.name}: ${copy.message}` : this.text(stack);
    // Keep the plain data fields (code, status, …) so callers can still branch on them.
    for (const key of Object.keys(error)) {
      if (key === 'cause' || key === 'stack' || key === 'message' || key === 'name') continue;
      const value = safeValue(() => (error as unknown as Record<string, unknown>)[key]);
      (copy as unknown as Record<string, unknown>)[key] = typeof value === 'string' ? this.text(value) : value;
    }
    return copy;
  }
}

function safeString(read: () => unknown): string {
  try {
    const value = read();
    return typeof value === 'string' ? value : String(value);
  } catch {
    return '(unreadable)';
  }
}

function safeValue(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * Removes every secret in `secrets` (and every credential-shaped part) from a text.
 *
 * @example
 * redactSecrets('token abc123 rejected', ['abc123']) // => 'token [REDACTED] rejected'
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  return new Redactor(secrets).text(text);
}
