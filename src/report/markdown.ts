/**
 * The Markdown report, for a pull-request comment or a chat message: the same content as the text
 * report, as a heading, a table and a collapsible list of per-metric explanations. Text from the
 * config or data is escaped so a metric name cannot inject HTML, links or table cells.
 */
import type { Judgement, Verdict } from '../judge/index.js';
import {
  OUTCOME_ORDER,
  formatEstimate,
  intervalWithLevel,
  comparisonLabel,
  formatLevel,
  formatMargin,
  formatNumber,
  formatOutcome,
  formatScore,
  formatWeight,
  printable,
  verdictLabel,
  formatHistogram,
} from './format.js';
import { describeNoticeCounts, noticeLine, reportNotices } from './notices.js';

/** Options of `renderMarkdown`. */
export interface MarkdownReportOptions {
  /**
   * Heading level of the title line (1–6).
   * @default 3
   */
  readonly headingLevel?: number;
  /**
   * Add the per-metric explanations and warnings in a collapsible `<details>` block.
   * @default true
   */
  readonly details?: boolean;
}

const VERDICT_MARK: Record<Verdict, string> = { pass: '✅', marginal: '⚠️', fail: '❌' };

/**
 * Escapes text for Markdown (GitHub flavour) where it is used inline (a table cell, a list item
 * after its marker, a quote): HTML-significant characters become entities; the characters that
 * start emphasis, code, links, strike-through or a new cell get a backslash; line breaks become
 * spaces. Punctuation that only matters at the start of a line is left alone, so numbers such as
 * -4.46% stay readable in the raw text.
 *
 * @example
 * escapeMarkdown('p99 | <b>*x*</b>') // => 'p99 \\| &lt;b&gt;\\*x\\*&lt;/b&gt;'
 */
export function escapeMarkdown(text: string): string {
  return printable(text.replace(/\r\n|\r|\n/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (character) => `\\${character}`);
}

/**
 * Renders a Judgement as Markdown.
 *
 * @example
 * renderMarkdown(judge({ metrics: [] }, { metrics: {} })).split('\n')[0] // => '### ❌ Canary FAIL: score 0.0/100'
 */
export function renderMarkdown(judgement: Judgement, options: MarkdownReportOptions = {}): string {
  const headingLevel = Math.min(6, Math.max(1, Math.trunc(options.headingLevel ?? 3)));
  const details = options.details ?? true;
  const lines: string[] = [];
  lines.push(
    `${'#'.repeat(headingLevel)} ${VERDICT_MARK[judgement.verdict]} Canary ${verdictLabel(judgement.verdict)}: score ${formatScore(judgement.score)}/100`,
  );
  lines.push('');
  const counts = OUTCOME_ORDER.flatMap((outcome) => {
    const count = judgement.summary.outcomes[outcome] ?? 0;
    return count > 0 ? [`${count} ${outcome}`] : [];
  });
  lines.push(
    `Pass at ${formatNumber(judgement.thresholds.pass, 6)} or above, marginal at ${formatNumber(judgement.thresholds.marginal, 6)} or above` +
      (counts.length > 0 ? ` · ${counts.join(', ')}` : ''),
  );
  lines.push('');
  lines.push(`> ${escapeMarkdown(judgement.explanation)}`);
  lines.push('');

  if (judgement.metrics.length > 0) {
    lines.push('| Metric | Outcome | Estimate | Interval (level) | Margin | Compared | Weight |');
    lines.push('| --- | --- | --: | --: | --: | --- | --- |');
    for (const metric of judgement.metrics) {
      const outcome = metric.outcome === 'pass' || metric.muted ? formatOutcome(metric) : `**${formatOutcome(metric)}**`;
      const cells = [
        escapeMarkdown(metric.name),
        outcome,
        escapeMarkdown(formatEstimate(metric)),
        escapeMarkdown(intervalWithLevel(metric)),
        escapeMarkdown(formatMargin(metric)),
        escapeMarkdown(comparisonLabel(metric)),
        escapeMarkdown(formatWeight(metric)),
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  if (judgement.groups.length > 0) {
    const groups = judgement.groups.map((group) => `${escapeMarkdown(group.name)} ${group.score === null ? 'not scored' : formatScore(group.score)}`);
    lines.push(`Groups: ${groups.join(' · ')}`, '');
  }
  const notices = reportNotices(judgement);
  const noticeCounts = describeNoticeCounts(notices);
  if (noticeCounts !== null) {
    lines.push(`**Check:** ${escapeMarkdown(noticeCounts)}`, '');
    for (const notice of notices) lines.push(`- ${escapeMarkdown(noticeLine(notice))}`);
    lines.push('');
  }

  if (details) {
    const items: string[] = [];
    for (const metric of judgement.metrics) {
      items.push(`- ${escapeMarkdown(metric.explanation)}`);
      if (metric.reason !== null && !metric.explanation.includes(metric.reason)) items.push(`  - ${escapeMarkdown(metric.reason)}`);
      const buckets = formatHistogram(metric);
      if (buckets !== null) items.push(`  - ${escapeMarkdown(buckets)}`);
    }
    if (items.length > 0) {
      lines.push('<details><summary>Per-metric details</summary>', '', ...items, '', '</details>', '');
    }
  }
  lines.push(
    `<sub>canary-judge · fail intervals at ${formatLevel(judgement.summary.intervalLevel)} (${escapeMarkdown(judgement.summary.multipleComparisons)} across ${judgement.summary.comparisons}), pass intervals at ${formatLevel(judgement.summary.passLevel)} · seed ${escapeMarkdown(String(judgement.summary.seed))}</sub>`,
  );
  return `${lines.join('\n')}\n`;
}
