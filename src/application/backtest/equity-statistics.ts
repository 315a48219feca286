import type { EquityPoint } from './backtest-result.js';

const DAY_MS = 86_400_000;

/** The largest fall of the equity curve from a running peak, in the quote currency. */
export interface Drawdown {
  /** Peak minus trough; 0 when the curve never fell. */
  readonly amount: number;
  /** amount / peak x 100. */
  readonly percent: number;
  /** When the peak and the trough were reached (UTC ms); null without a drawdown. */
  readonly peakTime: number | null;
  readonly troughTime: number | null;
}

/**
 * Maximum drawdown, chosen by amount (as freqtrade does); the percent is of that peak.
 * `points` should start with the starting equity, so a fall from the start counts.
 */
export function maxDrawdown(points: readonly EquityPoint[]): Drawdown {
  let worst: Drawdown = { amount: 0, percent: 0, peakTime: null, troughTime: null };
  let peak = Number.NEGATIVE_INFINITY;
  let peakTime = 0;
  for (const { time, equity } of points) {
    if (equity > peak) {
      peak = equity;
      peakTime = time;
    } else if (peak - equity > worst.amount) {
      worst = { amount: peak - equity, percent: peak > 0 ? ((peak - equity) / peak) * 100 : 0, peakTime, troughTime: time };
    }
  }
  return worst;
}

/**
 * Daily returns of the curve: each UTC day's close is the equity at the last tick closing at or
 * before the following midnight (days without ticks carry the previous close), and the first
 * day's return is measured from `startEquity`.
 */
export function dailyReturns(startEquity: number, points: readonly EquityPoint[]): number[] {
  const returns: number[] = [];
  let previousClose = startEquity;
  let day = Number.NaN;
  let close = startEquity;
  for (const { time, equity } of points) {
    const pointDay = Math.ceil(time / DAY_MS);
    if (Number.isNaN(day)) day = pointDay;
    for (; day < pointDay; day += 1) {
      returns.push(close / previousClose - 1);
      previousClose = close;
    }
    close = equity;
  }
  if (!Number.isNaN(day)) returns.push(close / previousClose - 1);
  return returns;
}

const ANNUALISE = Math.sqrt(365);

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Annualised Sharpe ratio of daily returns: mean / sample standard deviation x sqrt(365), risk-free rate 0. */
export function sharpeRatio(returns: readonly number[]): number | null {
  if (returns.length < 2) return null;
  const m = mean(returns);
  const variance = returns.reduce((sum, r) => sum + (r - m) ** 2, 0) / (returns.length - 1);
  return variance > 0 ? (m / Math.sqrt(variance)) * ANNUALISE : null;
}

/**
 * Annualised Sortino ratio of daily returns: mean / downside deviation x sqrt(365), target 0;
 * downside deviation = sqrt(sum(min(r, 0)^2) / n) over all n days. Null without a losing day.
 */
export function sortinoRatio(returns: readonly number[]): number | null {
  if (returns.length < 2) return null;
  const downside = Math.sqrt(returns.reduce((sum, r) => sum + Math.min(r, 0) ** 2, 0) / returns.length);
  return downside > 0 ? (mean(returns) / downside) * ANNUALISE : null;
}

/** Total length of the union of [start, end) intervals, clipped to [from, to). */
export function coveredTime(intervals: readonly (readonly [number, number])[], from: number, to: number): number {
  const sorted = intervals.map(([s, e]) => [Math.max(s, from), Math.min(e, to)] as const).filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const [s, e] of sorted) {
    if (e <= reach) continue;
    covered += e - Math.max(s, reach);
    reach = e;
  }
  return covered;
}
