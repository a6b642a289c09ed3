/**
 * The HTML section of a watched canary: for each metric, its confidence sequence over the looks —
 * the interval narrowing toward, or crossing, its margin — as an inline SVG.
 */
import type { Judgement } from '../judge/judge.js';
import { esc } from './html-charts.js';

/** One metric at one look. */
export interface SequencePoint {
  /** Seconds the canary had run at this look. */
  readonly elapsed: number;
  readonly estimate: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly outcome: string;
}

/** A metric's confidence sequence over the looks, in the measure it is judged on. */
export interface SequenceTrack {
  readonly name: string;
  readonly measure: 'relative' | 'absolute';
  /** The margins on the harmful sides, in the measure (e.g. +0.1 for a 10% rise). */
  readonly margins: readonly number[];
  readonly points: readonly SequencePoint[];
}

/**
 * Adds one look to the tracks (one per metric, in the judgement's order).
 *
 * @example
 * appendLook([], { metrics: [], sequential: { elapsed: 60 } } as never) // => []
 */
export function appendLook(tracks: readonly SequenceTrack[], judgement: Judgement): SequenceTrack[] {
  const elapsed = judgement.sequential?.elapsed ?? 0;
  return judgement.metrics.map((metric, index) => {
    const measure: 'relative' | 'absolute' = metric.judgedOn === 'absolute' || metric.margin.relative === null ? 'absolute' : 'relative';
    const margin = metric.margin[measure] ?? 0;
    const margins = metric.direction === 'increase' ? [margin] : metric.direction === 'decrease' ? [-margin] : [margin, -margin];
    const interval = metric.interval[measure];
    const point: SequencePoint = {
      elapsed,
      estimate: metric.estimate[measure],
      low: interval?.[0] ?? null,
      high: interval?.[1] ?? null,
      outcome: metric.outcome,
    };
    const previous = tracks[index];
    return { name: metric.name, measure, margins, points: previous?.name === metric.name ? [...previous.points, point] : [point] };
  });
}

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { left: 56, right: 12, top: 12, bottom: 28 };

function label(value: number, measure: 'relative' | 'absolute'): string {
  return measure === 'relative' ? `${Number((value * 100).toPrecision(3))}%` : String(Number(value.toPrecision(3)));
}

/** One track as an SVG: the band between the interval ends, the estimate, the margins. */
export function sequenceSvg(track: SequenceTrack): string {
  const drawn = track.points.filter((point) => point.estimate !== null);
  if (drawn.length === 0) return '<p class="muted">no interval yet at any look</p>';
  const times = track.points.map((point) => point.elapsed);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 1);
  const finite = drawn.flatMap((point) => [point.low, point.high, point.estimate]).filter((value): value is number => value !== null && Number.isFinite(value));
  const all = [...finite, ...track.margins, 0];
  let lowest = Math.min(...all);
  let highest = Math.max(...all);
  const span = highest - lowest || 1;
  lowest -= span * 0.08;
  highest += span * 0.08;
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number | null, fallback: number) => {
    const value = v === null || !Number.isFinite(v) ? fallback : Math.min(highest, Math.max(lowest, v));
    return PAD.top + ((highest - value) / (highest - lowest)) * (HEIGHT - PAD.top - PAD.bottom);
  };
  const upper = drawn.map((point) => `${x(point.elapsed).toFixed(1)},${y(point.high, highest).toFixed(1)}`);
  const lower = [...drawn].reverse().map((point) => `${x(point.elapsed).toFixed(1)},${y(point.low, lowest).toFixed(1)}`);
  const estimate = drawn.map((point) => `${x(point.elapsed).toFixed(1)},${y(point.estimate, 0).toFixed(1)}`).join(' ');
  const margins = track.margins
    .map((margin) => `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(margin, 0).toFixed(1)}" y2="${y(margin, 0).toFixed(1)}" stroke="#c0392b" stroke-dasharray="5 3"/><text x="${WIDTH - PAD.right - 4}" y="${(y(margin, 0) - 3).toFixed(1)}" text-anchor="end" font-size="10" fill="#c0392b">margin ${esc(label(margin, track.measure))}</text>`)
    .join('');
  const zero = `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(0, 0).toFixed(1)}" y2="${y(0, 0).toFixed(1)}" stroke="#999" stroke-width="0.5"/>`;
  const minutes = (t: number) => `${Math.round((t - 0) / 60)}m`;
  const axis =
    `<text x="${PAD.left}" y="${HEIGHT - 8}" font-size="10">${esc(minutes(t0))}</text>` +
    `<text x="${WIDTH - PAD.right}" y="${HEIGHT - 8}" font-size="10" text-anchor="end">${esc(minutes(t1))}</text>` +
    `<text x="${PAD.left - 4}" y="${(PAD.top + 8).toFixed(1)}" font-size="10" text-anchor="end">${esc(label(highest, track.measure))}</text>` +
    `<text x="${PAD.left - 4}" y="${HEIGHT - PAD.bottom}" font-size="10" text-anchor="end">${esc(label(lowest, track.measure))}</text>`;
  const title = `${track.name}: ${track.measure} change, confidence sequence at each look`;
  return (
    `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>` +
    `<polygon points="${[...upper, ...lower].join(' ')}" fill="#3b7dd8" fill-opacity="0.25" stroke="none"/>` +
    zero +
    margins +
    `<polyline points="${estimate}" fill="none" stroke="#1f4e8c" stroke-width="1.5"/>` +
    axis +
    '</svg>'
  );
}

/**
 * The "confidence sequences over time" section of a watched canary's HTML report.
 *
 * @example
 * renderSequenceSection([]).startsWith('<section') // => true
 */
export function renderSequenceSection(tracks: readonly SequenceTrack[]): string {
  const looks = tracks[0]?.points.length ?? 0;
  const parts = [
    '<section class="sequence" id="sequences">',
    `<h2>Confidence sequences over ${looks} look${looks === 1 ? '' : 's'}</h2>`,
    '<p class="muted">Each band is the metric\'s confidence sequence at every look (valid at all looks at once); the line is the estimate, the dashed red line the margin. A band entirely beyond the margin is harm; entirely inside, a pass.</p>',
  ];
  for (const track of tracks) {
    const last = track.points[track.points.length - 1];
    parts.push(`<h3>${esc(track.name)} <span class="muted">(${esc(last?.outcome ?? 'no look')})</span></h3>`, sequenceSvg(track));
  }
  parts.push('</section>');
  return parts.join('\n');
}
