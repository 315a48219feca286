import type { EquityCurve } from './backtest-result.js';

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

export interface CurveStatistics {
  readonly maxDrawdown: Drawdown;
  /** See dailyReturns. */
  readonly dailyReturns: number[];
}

/**
 * The drawdown and the daily returns of the curve that starts at (`startTime`, `startEquity`)
 * and goes on with `curve`, in one pass over its columns; it allocates one number per day.
 *
 * Maximum drawdown is chosen by amount (as freqtrade does); the percent is of that peak; a
 * fall from the start counts. Daily returns: each UTC day's close is the equity at the last
 * tick closing at or before the following midnight (days without ticks carry the previous
 * close), and the first day's return is measured from `startEquity`.
 */
export function curveStatistics(startTime: number, startEquity: number, curve: EquityCurve): CurveStatistics {
  const { times, equities, length } = curve;
  // the start is the first peak (as a point before the curve, against a peak of -Infinity)
  let peak = startEquity;
  let peakTime = startTime;
  let worst = 0;
  let worstPeak = 0;
  let worstPeakTime: number | null = null;
  let troughTime: number | null = null;
  const returns: number[] = [];
  let previousClose = startEquity;
  let close = startEquity;
  let day = length > 0 ? Math.ceil(times[0]! / DAY_MS) : Number.NaN;
  for (let i = 0; i < length; i += 1) {
    const time = times[i]!;
    const equity = equities[i]!;
    if (equity > peak) {
      peak = equity;
      peakTime = time;
    } else if (peak - equity > worst) {
      worst = peak - equity;
      worstPeak = peak;
      worstPeakTime = peakTime;
      troughTime = time;
    }
    const pointDay = Math.ceil(time / DAY_MS);
    for (; day < pointDay; day += 1) {
      returns.push(close / previousClose - 1);
      previousClose = close;
    }
    close = equity;
  }
  if (length > 0) returns.push(close / previousClose - 1);
  const maxDrawdown: Drawdown = worstPeakTime === null ? { amount: 0, percent: 0, peakTime: null, troughTime: null } : { amount: worst, percent: worstPeak > 0 ? (worst / worstPeak) * 100 : 0, peakTime: worstPeakTime, troughTime };
  return { maxDrawdown, dailyReturns: returns };
}

/** Maximum drawdown of a curve whose first point is its start (see curveStatistics). */
export function maxDrawdown(curve: EquityCurve): Drawdown {
  if (curve.length === 0) return { amount: 0, percent: 0, peakTime: null, troughTime: null };
  const rest = { length: curve.length - 1, times: curve.times.subarray(1), equities: curve.equities.subarray(1) };
  return curveStatistics(curve.times[0]!, curve.equities[0]!, rest).maxDrawdown;
}

/** Daily returns of the curve from `startEquity` (see curveStatistics). */
export function dailyReturns(startEquity: number, curve: EquityCurve): number[] {
  return curveStatistics(Number.NaN, startEquity, curve).dailyReturns;
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
