/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script, no network) that reads
 * offline. A verdict banner, the score breakdown, and for each metric its effect interval drawn
 * against the margin, the baseline and canary distributions as overlaid ECDFs, and the series over
 * time when the data has timestamps. Every string that comes from the config or the data is
 * escaped, and a Content-Security-Policy forbids scripts in case anything ever slipped through.
 */
import type { Judgement, MetricResult } from '../judge/index.js';
import {
  OUTCOME_ORDER,
  formatEstimate,
  formatInterval,
  formatLevel,
  formatMargin,
  formatNumber,
  formatOutcome,
  formatPValue,
  formatScore,
  formatWeight,
  verdictLabel,
  formatHistogram,
} from './format.js';
import { describeNoticeCounts, noticeLine, reportNotices } from './notices.js';
import { BASELINE_COLOUR, CANARY_COLOUR } from './svg.js';
import { OUTCOME_COLOUR, VERDICT_COLOUR, differencesChart, ecdfChart, esc, intervalChart, metricData, scoreChart, timeSeriesChart } from './html-charts.js';

/** Options of `renderHtml`. */
export interface HtmlReportOptions {
  /**
   * The data document the Judgement was made from (`{ metrics: { name: { baseline, canary } } }`).
   * With it the page draws each metric's distributions and, when timestamps are present, its
   * series over time; without it only the numbers and the effect intervals are shown.
   */
  readonly data?: unknown;
  /**
   * Title of the page.
   * @default 'Canary judgement'
   */
  readonly title?: string;
  /**
   * A line under the title, e.g. the input files or the deployment; escaped like everything else.
   */
  readonly subtitle?: string;
}

// --- page ---

function badge(outcome: string, colour: string): string {
  return `<span class="badge" style="background:${colour}">${esc(outcome)}</span>`;
}

function summaryTable(metric: MetricResult): string {
  const rows: [string, string, string][] = [];
  const { baseline, canary } = metric.summary;
  rows.push(['values used', `${baseline.count} of ${metric.sizes.baseline.before}`, `${canary.count} of ${metric.sizes.canary.before}`]);
  if (baseline.counts !== null && canary.counts !== null) {
    rows.push(['events / total', `${formatNumber(baseline.counts.events, 6)} / ${formatNumber(baseline.counts.total, 9)}`, `${formatNumber(canary.counts.events, 6)} / ${formatNumber(canary.counts.total, 9)}`]);
    rows.push(['rate', formatRate(baseline.counts.rate), formatRate(canary.counts.rate)]);
  } else {
    rows.push(['mean', formatNumber(baseline.mean, 4), formatNumber(canary.mean, 4)]);
    rows.push(['median', formatNumber(baseline.median, 4), formatNumber(canary.median, 4)]);
    rows.push(['p95', formatNumber(baseline.p95, 4), formatNumber(canary.p95, 4)]);
    rows.push(['p99', formatNumber(baseline.p99, 4), formatNumber(canary.p99, 4)]);
  }
  const body = rows.map(([label, left, right]) => `<tr><th>${esc(label)}</th><td>${esc(left)}</td><td>${esc(right)}</td></tr>`).join('');
  return `<table class="numbers"><thead><tr><th></th><th class="baseline">baseline</th><th class="canary">canary</th></tr></thead><tbody>${body}</tbody></table>`;
}

function formatRate(rate: number | null): string {
  return rate === null ? 'n/a' : `${formatNumber(rate * 100, 3)}%`;
}

/** The comparison mode in words: "paired on 60 time-aligned steps" or "independent samples". */
function describePairing(metric: MetricResult): string {
  const pairing = metric.pairing;
  if (pairing === null) return 'not compared';
  return pairing.mode === 'time' ? `paired on ${pairing.pairs ?? 0} time-aligned steps` : `independent samples (${pairing.reason})`;
}

function metricSection(metric: MetricResult, index: number, data: unknown): string {
  const flags = [metric.critical ? 'critical' : '', metric.required ? 'required' : '', metric.muted ? 'muted (not scored)' : '']
    .filter((flag) => flag !== '')
    .map((flag) => `<span class="flag">${esc(flag)}</span>`)
    .join('');
  const facts: [string, string][] = [
    ['test', metric.method ?? metric.test],
    ['comparison', describePairing(metric)],
    ['estimate', formatEstimate(metric)],
    [`${formatLevel(metric.interval.level)} interval`, formatInterval(metric)],
    ['allowed change', formatMargin(metric)],
    ['p-value (adjusted)', `${formatPValue(metric.pValue)} (${formatPValue(metric.adjustedPValue)})`],
    ['weight', formatWeight(metric)],
    ['points lost', formatScore(metric.pointsLost)],
  ];
  if (metric.group !== null) facts.push(['group', metric.group]);
  const factList = facts.map(([term, value]) => `<dt>${esc(term)}</dt><dd>${esc(value)}</dd>`).join('');
  const parts: string[] = [];
  parts.push(`<section class="metric" id="metric-${index}">`);
  parts.push(`<h3>${esc(metric.name)} ${badge(formatOutcome(metric), OUTCOME_COLOUR[metric.outcome])}${flags}</h3>`);
  parts.push(`<p class="explanation">${esc(metric.explanation)}</p>`);
  if (metric.reason !== null && !metric.explanation.includes(metric.reason)) parts.push(`<p class="muted">${esc(metric.reason)}</p>`);
  const buckets = formatHistogram(metric);
  if (buckets !== null) parts.push(`<p class="buckets">${esc(buckets)}</p>`);
  parts.push(`<div class="facts"><dl>${factList}</dl>${summaryTable(metric)}</div>`);
  parts.push('<h4>Effect against the allowed change</h4>', intervalChart(metric));
  const perStep = differencesChart(metric);
  if (perStep !== null) parts.push('<h4>Per-step differences (paired)</h4>', perStep);
  const raw = metricData(data, metric.name);
  const isRate = metric.test === 'rate';
  if (raw !== null) {
    parts.push(`<h4>Distributions${isRate ? ' of the per-point rate' : ''}</h4>`, ecdfChart(raw.baseline.values, raw.canary.values, isRate));
    const overTime = timeSeriesChart(raw.baseline, raw.canary, isRate);
    if (overTime !== null) parts.push('<h4>Over time</h4>', overTime);
    parts.push('<p class="caption">Charts show the data as given, before warm-up trimming and outlier removal.</p>');
  }
  const notes = [
    ...metric.warnings.map((warning) => `warning: ${warning}`),
    ...metric.dataQuality.map((issue) => `data quality: ${issue.check}: ${issue.message}`),
  ];
  if (notes.length > 0) {
    parts.push(`<ul class="warnings">${notes.map((note) => `<li>${esc(note)}</li>`).join('')}</ul>`);
  }
  parts.push('</section>');
  return parts.join('');
}

const STYLE = `
:root{color-scheme:light;--ink:#1d1d1f;--muted:#666;--line:#d6d6d6}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:#fafafa}
main{max-width:760px;margin:0 auto;padding:0 20px 40px}
.banner{color:#fff;padding:22px 20px 18px}
.banner .inner{max-width:720px;margin:0 auto}
.banner h1{margin:0;font-size:30px;letter-spacing:.04em}
.banner .score{font-size:18px;margin-top:2px}
.banner p{margin:8px 0 0}
.subtitle{opacity:.85;font-size:13px}
h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:17px;margin:0 0 6px;word-break:break-word}
h4{font-size:13px;margin:14px 0 2px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.metric{background:#fff;border:1px solid var(--line);border-radius:6px;padding:14px 16px;margin:14px 0}
.badge{display:inline-block;color:#fff;font-size:12px;padding:1px 8px;border-radius:10px;vertical-align:middle;margin-left:6px}
.flag{display:inline-block;font-size:12px;padding:0 6px;border:1px solid var(--line);border-radius:10px;margin-left:6px;vertical-align:middle;color:var(--muted)}
.muted,.caption{color:var(--muted)}
.caption{font-size:12px;margin:4px 0 0}
table{border-collapse:collapse;font-size:14px}
th,td{padding:3px 10px 3px 0;text-align:left;vertical-align:top}
table.breakdown{width:100%}
table.breakdown td.num,table.breakdown th.num,table.numbers td{text-align:right;font-variant-numeric:tabular-nums}
table.breakdown th.num,table.breakdown td.num{padding:3px 0 3px 14px}
table.breakdown tr+tr td{border-top:1px solid #eee}
.facts{display:flex;flex-wrap:wrap;gap:8px 32px}
dl{display:grid;grid-template-columns:auto auto;gap:1px 12px;margin:4px 0;font-size:14px}
dt{color:var(--muted)}dd{margin:0;font-variant-numeric:tabular-nums}
th.baseline{color:${BASELINE_COLOUR}}th.canary{color:${CANARY_COLOUR}}
svg.chart{display:block;max-width:100%;height:auto;margin:2px 0}
svg .tick,svg .legend text{font-size:11px;fill:#555}
svg .axis{stroke:#888;stroke-width:1}
svg .grid{stroke:#eee;stroke-width:1}
svg .zero{stroke:#888;stroke-width:1}
svg .margin{stroke:#c62828;stroke-width:1.5;stroke-dasharray:4 3}
svg .harm{fill:#c62828;fill-opacity:.08}
svg .threshold{stroke:#333;stroke-width:1.5}
.warnings{color:#8a5300;font-size:14px}
footer{color:var(--muted);font-size:12px;margin-top:28px}
`;

/**
 * Renders a Judgement as a self-contained HTML page. Pass the data it was made from to get the
 * distribution and time-series pictures.
 *
 * @example
 * renderHtml(judge({ metrics: [] }, { metrics: {} })).startsWith('<!doctype html>') // => true
 */
export function renderHtml(judgement: Judgement, options: HtmlReportOptions = {}): string {
  const title = options.title ?? 'Canary judgement';
  const verdictColour = VERDICT_COLOUR[judgement.verdict];
  const counts = OUTCOME_ORDER.flatMap((outcome) => {
    const count = judgement.summary.outcomes[outcome] ?? 0;
    return count > 0 ? [`${count} ${outcome}`] : [];
  });
  const breakdownRows = judgement.metrics
    .map(
      (metric, index) =>
        `<tr><td><a href="#metric-${index}">${esc(metric.name)}</a></td><td>${badge(formatOutcome(metric), OUTCOME_COLOUR[metric.outcome])}</td>` +
        `<td class="num">${esc(formatEstimate(metric))}</td><td class="num">${esc(formatMargin(metric))}</td>` +
        `<td class="num">${esc(formatWeight(metric))}</td><td class="num">${metric.credit === null ? 'not scored' : esc(formatNumber(metric.credit, 3))}</td>` +
        `<td class="num">${metric.pointsLost > 0 ? `-${esc(formatScore(metric.pointsLost))}` : '0'}</td></tr>`,
    )
    .join('');
  const groups =
    judgement.groups.length === 0
      ? ''
      : `<p class="muted">Groups: ${judgement.groups
          .map((group) => `${esc(group.name)} ${group.score === null ? 'not scored' : esc(formatScore(group.score))}`)
          .join(' · ')}</p>`;
  const notices = reportNotices(judgement);
  const noticeCounts = describeNoticeCounts(notices);
  const notes =
    noticeCounts === null
      ? ''
      : `<h2>Check: ${esc(noticeCounts)}</h2><ul class="warnings">${notices.map((notice) => `<li>${esc(noticeLine(notice))}</li>`).join('')}</ul>`;
  const summary = judgement.summary;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${esc(`${title}: ${verdictLabel(judgement.verdict)} (${formatScore(judgement.score)})`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="banner" style="background:${verdictColour}"><div class="inner">
<div class="subtitle">${esc(title)}${options.subtitle === undefined ? '' : ` · ${esc(options.subtitle)}`}</div>
<h1>${esc(verdictLabel(judgement.verdict))}</h1>
<div class="score">score ${esc(formatScore(judgement.score))} / 100 · pass at ${esc(formatNumber(judgement.thresholds.pass, 6))}, marginal at ${esc(formatNumber(judgement.thresholds.marginal, 6))}</div>
<p>${esc(judgement.explanation)}</p>
</div></header>
<main>
${notes}
<h2>Score breakdown</h2>
${scoreChart(judgement)}
<p class="muted">${esc(counts.length === 0 ? 'No metrics.' : counts.join(', '))}; decided by ${esc(summary.decidedBy)}.</p>
<table class="breakdown"><thead><tr><th>metric</th><th>outcome</th><th class="num">estimate</th><th class="num">allowed</th><th class="num">weight</th><th class="num">credit</th><th class="num">points</th></tr></thead><tbody>${breakdownRows}</tbody></table>
${groups}
<h2>Metrics</h2>
${judgement.metrics.map((metric, index) => metricSection(metric, index, options.data)).join('\n')}
<footer>canary-judge · intervals at ${esc(formatLevel(summary.intervalLevel))} (${esc(formatLevel(summary.confidenceLevel))} adjusted with ${esc(summary.multipleComparisons)} for ${summary.comparisons} comparison${summary.comparisons === 1 ? '' : 's'}) · inconclusive credit ${esc(formatNumber(summary.inconclusiveCredit, 3))} · seed ${esc(String(summary.seed))}</footer>
</main>
</body>
</html>
`;
}
