import type { StudyResult, TrialRecord } from '../../application/optimize/study.js';
import { escapeHtml } from './html-report.js';
import { scoreText, studyParams } from './study-tables.js';

/** One drawn trial: where it goes and its tooltip. */
interface Point {
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

interface Scatter {
  readonly id: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly points: readonly Point[];
  /** x is an index into these (a choice's values) instead of a number. */
  readonly categories?: readonly string[];
  /** A line through these, drawn under the points (the best so far). */
  readonly line?: readonly { readonly x: number; readonly y: number }[];
}

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { left: 72, right: 16, top: 12, bottom: 40 } as const;

const tickText = (n: number): string => String(Number(n.toPrecision(4)));

/** A linear map of [lo, hi] (lo < hi) onto [from, to]. */
function scale(lo: number, hi: number, from: number, to: number): (v: number) => number {
  return (v) => from + ((v - lo) / (hi - lo)) * (to - from);
}

const round = (n: number): string => n.toFixed(1);

/** The values' range widened by 4 % on each side, so no point sits on an axis; [0, 1] for none. */
function padded(values: readonly number[]): [number, number] {
  if (values.length === 0) return [0, 1];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi === lo ? Math.max(Math.abs(lo) * 0.04, 0.5) : (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

/** 5 ticks evenly from the lowest value to the highest (one when they are equal). */
function evenTicks(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? [lo] : Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4);
}

/** The values themselves when there are at most 8 distinct (a parameter's steps), else 5 evenly (whole numbers for whole values). */
function valueTicks(values: readonly number[]): number[] {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  if (distinct.length <= 8) return distinct;
  const even = evenTicks(distinct);
  return distinct.every(Number.isInteger) ? [...new Set(even.map(Math.round))] : even;
}

/** An inline SVG scatter chart (no script, no network): axes with ticks, a point per trial, an optional line. */
export function scatterSvg(chart: Scatter): string {
  const xs = [...chart.points.map((p) => p.x), ...(chart.line ?? []).map((p) => p.x)];
  const ys = [...chart.points.map((p) => p.y), ...(chart.line ?? []).map((p) => p.y)];
  const [xLo, xHi] = chart.categories ? [-0.5, chart.categories.length - 0.5] : padded(xs);
  const [yLo, yHi] = padded(ys);
  const x = scale(xLo, xHi, MARGIN.left, WIDTH - MARGIN.right);
  const y = scale(yLo, yHi, HEIGHT - MARGIN.bottom, MARGIN.top);
  const bottom = HEIGHT - MARGIN.bottom;
  const xTicks = chart.categories
    ? chart.categories.map((c, i) => [x(i), c] as const)
    : valueTicks(xs).map((v) => [x(v), tickText(v)] as const);
  const yTicks = evenTicks(ys).map((v) => [y(v), tickText(v)] as const);
  const parts = [
    `<svg id="${escapeHtml(chart.id)}" class="study-chart" data-points="${chart.points.length}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" xmlns="http://www.w3.org/2000/svg" role="img">`,
    `<line class="axis" x1="${MARGIN.left}" y1="${bottom}" x2="${WIDTH - MARGIN.right}" y2="${bottom}"/>`,
    `<line class="axis" x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}"/>`,
    ...xTicks.map(([at, text]) => `<text class="tick" x="${round(at)}" y="${bottom + 16}" text-anchor="middle">${escapeHtml(text)}</text>`),
    ...yTicks.map(([at, text]) => `<text class="tick" x="${MARGIN.left - 6}" y="${round(at + 4)}" text-anchor="end">${escapeHtml(text)}</text>`),
    `<text class="title" x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 4}" text-anchor="middle">${escapeHtml(chart.xTitle)}</text>`,
    `<text class="title" x="12" y="${(MARGIN.top + bottom) / 2}" text-anchor="middle" transform="rotate(-90 12 ${(MARGIN.top + bottom) / 2})">${escapeHtml(chart.yTitle)}</text>`,
  ];
  if (chart.line !== undefined && chart.line.length > 0) {
    parts.push(`<polyline class="best-line" data-points="${chart.line.length}" points="${chart.line.map((p) => `${round(x(p.x))},${round(y(p.y))}`).join(' ')}"/>`);
  }
  for (const p of chart.points) {
    parts.push(`<circle class="point" cx="${round(x(p.x))}" cy="${round(y(p.y))}" r="3.5" data-x="${p.x}" data-y="${p.y}"><title>${escapeHtml(p.label)}</title></circle>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}

const scored = (study: StudyResult): TrialRecord[] => study.trials.filter((t) => Number.isFinite(t.score));

/** The objective of every scored trial by trial number, and the best score so far after each trial. */
export function objectiveChart(study: StudyResult): string {
  const points = scored(study).map((t) => ({ x: t.index, y: t.score, label: `trial ${t.index}: ${scoreText(t.score)}` }));
  const line: { x: number; y: number }[] = [];
  let best = Number.NEGATIVE_INFINITY;
  for (const t of study.trials) {
    if (Number.isFinite(t.score) && t.score > best) best = t.score;
    if (Number.isFinite(best)) line.push({ x: t.index, y: best });
  }
  return scatterSvg({ id: 'objective-chart', xTitle: 'trial', yTitle: study.objective.name, points, line });
}

/** Per parameter, its value against the objective, for the scored trials; a parameter with a value that is no number is drawn by category. */
export function parameterCharts(study: StudyResult): { path: string; svg: string }[] {
  const trials = scored(study);
  return studyParams(study).map((path, i) => {
    const values = trials.map((t) => t.values[path]!);
    const numeric = values.every((v) => typeof v !== 'boolean' && v !== '' && Number.isFinite(Number(v)));
    const categories = numeric ? undefined : [...new Set(study.trials.map((t) => String(t.values[path])))];
    const points = trials.map((t, k) => ({
      x: categories === undefined ? Number(values[k]) : categories.indexOf(String(values[k])),
      y: t.score,
      label: `trial ${t.index}: ${path} ${String(values[k])}, ${scoreText(t.score)}`,
    }));
    return { path, svg: scatterSvg({ id: `param-chart-${i}`, xTitle: path, yTitle: study.objective.name, points, ...(categories !== undefined && { categories }) }) };
  });
}
