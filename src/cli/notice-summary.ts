/**
 * The short summary of a Judgement's notices (metrics without a result, warnings, data-quality
 * findings) that `judge` and `run` print on standard error, so a pipeline log shows them whatever
 * the report's format and wherever it was written. Standard output stays the report alone.
 */
import type { Judgement } from '../judge/index.js';
import { describeMoreData } from '../judge/more-data.js';
import { printable } from '../report/format.js';
import { describeNoticeCounts, reportNotices, type Notice } from '../report/notices.js';
import type { CommandContext } from './parse.js';

/** At most this many notices are listed; the rest are counted. */
export const MAX_LISTED_NOTICES = 10;

function stderrLine(notice: Notice): string {
  const label = notice.kind === 'data-quality' ? 'data quality: ' : '';
  const text = `${label}${notice.text}`;
  return printable(notice.metric === null ? text : `${notice.metric}: ${text}`);
}

/**
 * The summary's lines (without the `canary-judge:` prefix), or none when there is nothing to say:
 * for a marginal verdict the metrics more data would decide, then the notices, at most 10 listed.
 *
 * @example
 * noticeSummaryLines(judge({ metrics: [{ name: 'cpu', test: 'mann-whitney' }] }, { metrics: {} }))[0] // => 'FAIL, check: 1 metric without a result (see the report):'
 */
export function noticeSummaryLines(judgement: Judgement): string[] {
  const lines: string[] = [];
  const waiting = judgement.summary.waitingOn;
  if (judgement.verdict === 'marginal' && waiting.length > 0) {
    const named = waiting.map((entry) => `${entry.metric} (${entry.moreData === null ? 'no size can be estimated' : describeMoreData(entry.moreData)})`);
    lines.push(printable(`MARGINAL: more data would decide: ${named.join(', ')}`));
  }
  const notices = reportNotices(judgement);
  const counts = describeNoticeCounts(notices);
  if (counts === null) return lines;
  lines.push(`${judgement.verdict.toUpperCase()}, check: ${counts} (see the report):`);
  for (const notice of notices.slice(0, MAX_LISTED_NOTICES)) lines.push(`  - ${stderrLine(notice)}`);
  if (notices.length > MAX_LISTED_NOTICES) lines.push(`  … and ${notices.length - MAX_LISTED_NOTICES} more in the report`);
  return lines;
}

/** Prints the summary on standard error (nothing with --quiet, or when there is nothing to say). */
export function printNoticeSummary(context: CommandContext, judgement: Judgement): void {
  for (const line of noticeSummaryLines(judgement)) {
    if (line.startsWith(' ')) context.note(line);
    else context.warn(line);
  }
}
