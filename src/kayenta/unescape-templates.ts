/**
 * Kayenta escapes `${` as `$\{` in a canary config before storing it in a pipeline, so the config a
 * RemoteJudge receives carries escaped templates. This undoes the escaping.
 */
import type { KayentaCanaryConfig } from './request-schema.js';

const ESCAPED_TEMPLATE = /\$\\\{/g;

/**
 * Replaces `$\{` with `${` in the config's `templates` and in every string of each metric's `query`
 * (e.g. `customInlineTemplate`). Everything else is returned as is; the input is not modified.
 *
 * @example
 * unescapeKayentaTemplates({ metrics: [], templates: { t: 'ns="$\\{location}"' } }).templates // => { t: 'ns="${location}"' }
 */
export function unescapeKayentaTemplates<T extends Pick<KayentaCanaryConfig, 'metrics' | 'templates'>>(config: T): T {
  const templates =
    config.templates === null || config.templates === undefined
      ? config.templates
      : Object.fromEntries(Object.entries(config.templates).map(([name, text]) => [name, unescape(text)]));
  const metrics = config.metrics.map((metric) =>
    metric.query === null || metric.query === undefined
      ? metric
      : {
          ...metric,
          query: Object.fromEntries(
            Object.entries(metric.query).map(([key, value]) => [key, typeof value === 'string' ? unescape(value) : value]),
          ) as typeof metric.query,
        },
  );
  return { ...config, templates, metrics };
}

function unescape(text: string): string {
  return text.replace(ESCAPED_TEMPLATE, '${');
}
