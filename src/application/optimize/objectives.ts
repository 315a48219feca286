import type { BacktestMetrics } from '../backtest/backtest-metrics.js';

import type { Objective, ObjectiveName, TrialFigures } from '../../domain/ports/studies.port.js';

export type { Objective, ObjectiveName, TrialFigures } from '../../domain/ports/studies.port.js';

export const OBJECTIVES = ['profit', 'sharpe', 'sortino', 'calmar'] as const satisfies readonly ObjectiveName[];

const YEAR_MS = 365 * 86_400_000;

/**
 * Calmar ratio: annualised return / maximum drawdown, both fractions. The annualised return is
 * compounded over the span: (final / start)^(365 days / span) - 1. Null when there is no
 * drawdown, no span or no starting equity.
 */
export function calmarRatio(startEquity: number, finalEquity: number, spanMs: number, maxDrawdownPercent: number): number | null {
  if (!(spanMs > 0) || !(startEquity > 0) || !(maxDrawdownPercent > 0) || finalEquity < 0) return null;
  const annualReturn = (finalEquity / startEquity) ** (YEAR_MS / spanMs) - 1;
  return annualReturn / (maxDrawdownPercent / 100);
}

export function trialFigures(metrics: BacktestMetrics): TrialFigures {
  const start = metrics.startingEquity.toNumber();
  return {
    trades: metrics.trades,
    pnl: metrics.pnl.toString(),
    maxDrawdownPercent: metrics.maxDrawdown.percent,
    sharpe: metrics.sharpe,
    sortino: metrics.sortino,
    calmar: calmarRatio(start, metrics.finalEquity, metrics.endTime - metrics.startTime, metrics.maxDrawdown.percent),
    finalEquity: metrics.finalEquity,
  };
}

/** A trial's score: the objective's value, or -Infinity and why. Higher is better. */
export interface Score {
  readonly value: number;
  readonly reason?: string;
}

const UNDEFINED_BECAUSE: Record<Exclude<ObjectiveName, 'profit'>, string> = {
  sharpe: 'no Sharpe ratio (fewer than 2 days or equity never varied)',
  sortino: 'no Sortino ratio (fewer than 2 days or no losing day)',
  calmar: 'no Calmar ratio (no drawdown or no time span)',
};

export function scoreTrial(objective: Objective, figures: TrialFigures): Score {
  if (figures.trades < objective.minTrades) return { value: Number.NEGATIVE_INFINITY, reason: `${figures.trades} trades, fewer than minTrades ${objective.minTrades}` };
  const limit = objective.maxDrawdownPercent;
  if (limit !== undefined && figures.maxDrawdownPercent > limit) {
    return { value: Number.NEGATIVE_INFINITY, reason: `max drawdown ${figures.maxDrawdownPercent.toFixed(2)}% above the limit ${limit}%` };
  }
  if (objective.name === 'profit') return { value: Number(figures.pnl) };
  const value = figures[objective.name];
  return value === null ? { value: Number.NEGATIVE_INFINITY, reason: UNDEFINED_BECAUSE[objective.name] } : { value };
}
