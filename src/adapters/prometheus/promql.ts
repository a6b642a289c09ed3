/**
 * PromQL-aware template expansion. A value substituted into a template is escaped for the place
 * it lands in, so it can never change the query's structure:
 *
 * - inside a `"…"` or `'…'` string: backslashes, the quote, newlines and control characters are
 *   escaped;
 * - inside a string that is the right-hand side of a regex matcher (`=~`, `!~`): regex
 *   metacharacters are quoted first, so the value matches itself literally;
 * - inside a `` `…` `` raw string: a backtick cannot be escaped, so a value holding one is refused;
 * - outside strings: only a single token (identifier, number, duration: letters, digits, `_`, `:`,
 *   `.`) is accepted;
 * - inside a `#` comment: anything but a line break.
 */
import { SourceError } from '../../sources/source-error.js';
import { lookUpVariable, parseTemplate, type TemplateVariables } from '../../sources/template.js';

type Context = 'code' | 'double' | 'single' | 'backtick' | 'comment';

interface LexerState {
  context: Context;
  /** Inside a string, right after a backslash. */
  escaping: boolean;
  /** The current string is a regex matcher's pattern. */
  regex: boolean;
  /** The last two non-blank characters seen outside strings and comments. */
  recent: string;
}

const TOKEN = /^[A-Za-z0-9_:.]+$/;
const REGEX_META = /[\\.+*?()|[\]{}^$]/g;

/**
 * Escapes a value for use inside a PromQL string literal (the quotes themselves are not added).
 *
 * @example
 * escapePromQLString('say "hi"\\n') // => 'say \\"hi\\"\\\\n'
 */
export function escapePromQLString(value: string, quote: '"' | "'" = '"'): string {
  let escaped = '';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (char === '\\') escaped += '\\\\';
    else if (char === quote) escaped += `\\${quote}`;
    else if (char === '\n') escaped += '\\n';
    else if (char === '\r') escaped += '\\r';
    else if (char === '\t') escaped += '\\t';
    else if (code < 0x20 || code === 0x7f) escaped += `\\x${code.toString(16).padStart(2, '0')}`;
    else escaped += char;
  }
  return escaped;
}

/**
 * Quotes regex metacharacters (RE2, as Go's `regexp.QuoteMeta`), so the value matches only itself.
 *
 * @example
 * quoteRegexMeta('v1.2+build') // => 'v1\\.2\\+build'
 */
export function quoteRegexMeta(value: string): string {
  return value.replace(REGEX_META, (char) => `\\${char}`);
}

function advance(state: LexerState, text: string): void {
  for (const char of text) {
    switch (state.context) {
      case 'code':
        if (char === '"' || char === "'" || char === '`') {
          state.regex = state.recent === '=~' || state.recent === '!~';
          state.context = char === '"' ? 'double' : char === "'" ? 'single' : 'backtick';
          state.escaping = false;
        } else if (char === '#') {
          state.context = 'comment';
        } else if (!/\s/.test(char)) {
          state.recent = (state.recent + char).slice(-2);
        }
        break;
      case 'double':
      case 'single': {
        const quote = state.context === 'double' ? '"' : "'";
        if (state.escaping) state.escaping = false;
        else if (char === '\\') state.escaping = true;
        else if (char === quote) {
          state.context = 'code';
          state.recent = quote;
        }
        break;
      }
      case 'backtick':
        if (char === '`') {
          state.context = 'code';
          state.recent = '`';
        }
        break;
      case 'comment':
        if (char === '\n') state.context = 'code';
        break;
    }
  }
}

function escapeFor(state: LexerState, value: string, name: string, offset: number): string {
  const fail = (why: string): never => {
    throw new SourceError('INVALID_TEMPLATE', `query template: the value of \${${name}} (at offset ${offset}) ${why}; value: ${JSON.stringify(value)}`);
  };
  const pattern = state.regex ? quoteRegexMeta(value) : value;
  switch (state.context) {
    case 'double':
    case 'single':
      if (state.escaping) fail('would follow a backslash in the template, which would change how it is read: remove the backslash');
      return escapePromQLString(pattern, state.context === 'double' ? '"' : "'");
    case 'backtick':
      if (pattern.includes('`')) fail('contains a backtick, which a `raw string` cannot hold: use "…" quotes in the template');
      return pattern;
    case 'comment':
      if (/[\r\n]/.test(value)) fail('contains a line break, which would end the # comment it is in');
      return value;
    case 'code':
      if (!TOKEN.test(value)) {
        fail('is outside quotes, so it must be a single name, number or duration (letters, digits, _ : .): put the placeholder inside "…" for a label value');
      }
      return value;
  }
}

/**
 * Expands a PromQL template: each `${name}` is replaced by its variable, escaped for where it is
 * (see the module comment).
 *
 * @throws SourceError `INVALID_TEMPLATE` for an unknown variable or a value that cannot be placed safely.
 * @example
 * renderPromQL('up{version="${scope}"}', { scope: 'a"b' }) // => 'up{version="a\\"b"}'
 * renderPromQL('up{pod=~"${scope}-.+"}', { scope: 'v1.2' }) // => 'up{pod=~"v1\\\\.2-.+"}'
 */
export function renderPromQL(template: string, variables: TemplateVariables): string {
  const state: LexerState = { context: 'code', escaping: false, regex: false, recent: '' };
  let query = '';
  for (const segment of parseTemplate(template)) {
    if (segment.kind === 'text') {
      advance(state, segment.text);
      query += segment.text;
    } else {
      query += escapeFor(state, lookUpVariable(segment.name, variables), segment.name, segment.offset);
    }
  }
  return query;
}
