/**
 * A readable report of a Kayenta `CanaryJudgeResult` (what `judgeKayenta` returns): the summary
 * classification and score first, then one row per metric with Kayenta's label, the means of both
 * sides and their ratio, then the group scores and every classification reason.
 */
import type { KayentaCanaryJudgeResult, KayentaJsonNumber } from '../kayenta/index.js';
import { formatNumber, printable } from './format.js';

/** Options of `renderKayentaText`. */
export interface KayentaTextReportOptions {
  /**
   * Colour the classification with ANSI escapes.
   * @default false
   */
  readonly color?: boolean;
}

function kayentaNumber(value: KayentaJsonNumber | undefined): string {
  if (value === undefined) return 'n/a';
  return typeof value === 'number' ? formatNumber(value, 4) : value;
}

function paint(label: string, colour: boolean): string {
  if (!colour) return label;
  const code = label === 'Pass' ? 32 : label === 'Marginal' || label === 'Nodata' ? 33 : 31;
  return `\u001b[${code}m${label}\u001b[39m`;
}

/**
 * Renders a Kayenta CanaryJudgeResult as plain text.
 *
 * @example
 * const result = judgeKayenta({
 *   canaryConfig: { metrics: [{ name: 'cpu', groups: ['system'] }], classifier: { groupWeights: { system: 100 } } },
 *   scoreThresholds: { pass: 95, marginal: 75 },
 *   metricSetPairList: [{ name: 'cpu', values: { control: [1, 2, 3], experiment: [1, 2, 3] } }],
 * });
 * renderKayentaText(result).split('\n')[0] // => 'Pass  score 100 (NetflixACAJudge-v1.0)'
 */
export function renderKayentaText(result: KayentaCanaryJudgeResult, options: KayentaTextReportOptions = {}): string {
  const colour = options.color === true;
  const lines: string[] = [];
  lines.push(`${paint(result.score.classification, colour)}  score ${formatNumber(result.score.score, 6)} (${printable(result.judgeName)})`);
  if (result.score.classificationReason !== '') lines.push(printable(result.score.classificationReason));
  lines.push('');
  const header = ['metric', 'classification', 'canary mean', 'baseline mean', 'ratio', 'groups', 'flags'];
  const rows = result.results.map((metric) => [
    printable(metric.name),
    metric.classification,
    kayentaNumber(metric.experimentMetadata.stats.mean),
    kayentaNumber(metric.controlMetadata.stats.mean),
    kayentaNumber(metric.resultMetadata?.ratio),
    printable(metric.groups.join(', ')),
    [metric.critical ? 'critical' : '', metric.muted ? 'muted' : ''].filter((flag) => flag !== '').join(' '),
  ]);
  const widths = header.map((title, column) => Math.max([...title].length, ...rows.map((row) => [...(row[column] ?? '')].length)));
  const format = (cells: readonly string[], isHeader: boolean) =>
    cells
      .map((cell, column) => {
        const padded = cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - [...cell].length));
        return column === 1 && !isHeader ? paint(cell, colour) + padded.slice(cell.length) : padded;
      })
      .join('  ')
      .trimEnd();
  if (rows.length > 0) {
    lines.push(format(header, true), ...rows.map((row) => format(row, false)), '');
  }
  if (result.groupScores.length > 0) {
    lines.push(`groups: ${result.groupScores.map((group) => `${printable(group.name)} ${formatNumber(group.score, 6)}`).join(', ')}`);
  }
  const reasons = result.results.filter((metric) => metric.classificationReason !== undefined && metric.classificationReason !== '');
  if (reasons.length > 0) {
    lines.push('', ...reasons.map((metric) => `• ${printable(metric.name)}: ${printable(metric.classificationReason ?? '')}`));
  }
  return `${lines.join('\n')}\n`;
}
