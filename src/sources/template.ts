/**
 * Query templates: text with `${name}` placeholders. This module only parses and substitutes; what a
 * value must be escaped to is the source's business (PromQL string escaping lives in the Prometheus
 * adapter), so it takes the escaping as a function.
 *
 * Syntax: `${name}` with `name` matching `[A-Za-z_][A-Za-z0-9_]*`; `$${` stands for a literal `${`;
 * any other `$` is kept as is (so Grafana-style `$__interval` passes through untouched).
 */
import { SourceError } from './source-error.js';

/** A piece of a parsed template. `offset` is where it starts in the template. */
export type TemplateSegment =
  | { readonly kind: 'text'; readonly text: string; readonly offset: number }
  | { readonly kind: 'variable'; readonly name: string; readonly offset: number };

/** Variables available to a template, by name. */
export type TemplateVariables = Readonly<Record<string, string>>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Splits a template into text and `${name}` placeholders.
 *
 * @throws SourceError `INVALID_TEMPLATE` for an unclosed `${` or a name that is not an identifier.
 * @example
 * parseTemplate('up{job="${job}"}').map((s) => s.kind) // => ['text', 'variable', 'text']
 */
export function parseTemplate(template: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let text = '';
  let textOffset = 0;
  let index = 0;
  while (index < template.length) {
    if (template.startsWith('$${', index)) {
      text += '${';
      index += 3;
      continue;
    }
    if (!template.startsWith('${', index)) {
      text += template[index];
      index++;
      continue;
    }
    const close = template.indexOf('}', index + 2);
    if (close < 0) {
      throw new SourceError('INVALID_TEMPLATE', `query template has an unclosed "\${" at offset ${index}: ${JSON.stringify(template)}`);
    }
    const name = template.slice(index + 2, close);
    if (!NAME.test(name)) {
      throw new SourceError(
        'INVALID_TEMPLATE',
        `query template has a bad placeholder \${${name}} at offset ${index}: names are letters, digits and _ (write $\${ for a literal "\${")`,
      );
    }
    if (text !== '') segments.push({ kind: 'text', text, offset: textOffset });
    segments.push({ kind: 'variable', name, offset: index });
    text = '';
    index = close + 1;
    textOffset = index;
  }
  if (text !== '') segments.push({ kind: 'text', text, offset: textOffset });
  return segments;
}

/**
 * The names of the placeholders of a template, in order of first use.
 *
 * @example
 * templateVariables('a{x="${scope}",y="${scope}",z="${region}"}') // => ['scope', 'region']
 */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  for (const segment of parseTemplate(template)) {
    if (segment.kind === 'variable' && !names.includes(segment.name)) names.push(segment.name);
  }
  return names;
}

/**
 * Looks a placeholder's value up, failing with the list of defined names.
 *
 * @throws SourceError `INVALID_TEMPLATE` when the variable is not defined.
 */
export function lookUpVariable(name: string, variables: TemplateVariables): string {
  if (Object.prototype.hasOwnProperty.call(variables, name)) {
    const value = variables[name];
    if (typeof value === 'string') return value;
  }
  const defined = Object.keys(variables)
    .filter((key) => typeof variables[key] === 'string')
    .sort();
  throw new SourceError(
    'INVALID_TEMPLATE',
    `query template uses \${${name}}, which is not defined; defined: ${defined.length === 0 ? 'none' : defined.join(', ')}`,
  );
}

/**
 * Expands a template with no escaping context: each value goes through `escape` (identity by
 * default). Sources whose query language has quoting rules use `parseTemplate` and track the
 * context themselves (see the Prometheus adapter's `renderPromQL`).
 *
 * @example
 * expandTemplate('${a}-${b}', { a: 'x', b: 'y' }) // => 'x-y'
 */
export function expandTemplate(
  template: string,
  variables: TemplateVariables,
  escape: (value: string, name: string) => string = (value) => value,
): string {
  return parseTemplate(template)
    .map((segment) => (segment.kind === 'text' ? segment.text : escape(lookUpVariable(segment.name, variables), segment.name)))
    .join('');
}
