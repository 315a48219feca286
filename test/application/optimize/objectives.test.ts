import { describe, expect, it } from 'vitest';
import { equityCurveOf } from '../../../src/application/backtest/backtest-result.js';
import { curveStatistics, sharpeRatio, sortinoRatio } from '../../../src/application/backtest/equity-statistics.js';
import { calmarRatio, scoreTrial, type TrialFigures } from '../../../src/application/optimize/objectives.js';

const DAY = 86_400_000;

/** Three UTC days from 100: 110, 99, 121 at the midnights (daily returns +10%, -10%, +22.2%). */
const curve = equityCurveOf([
  { time: DAY, equity: 110 },
  { time: 2 * DAY, equity: 99 },
  { time: 3 * DAY, equity: 121 },
]);

const figures = (over: Partial<TrialFigures> = {}): TrialFigures => ({ trades: 5, pnl: '12.5', maxDrawdownPercent: 10, sharpe: 1.5, sortino: 2, calmar: 3, finalEquity: 112.5, ...over });

describe('objectives on a small equity curve, by hand', () => {
  const { dailyReturns, maxDrawdown } = curveStatistics(0, 100, curve);

  it('daily returns and the drawdown', () => {
    expect(dailyReturns).toHaveLength(3);
    expect(dailyReturns[0]).toBeCloseTo(0.1, 12);
    expect(dailyReturns[1]).toBeCloseTo(-0.1, 12);
    expect(dailyReturns[2]).toBeCloseTo(22 / 99, 12);
    expect(maxDrawdown.amount).toBe(11);
    expect(maxDrawdown.percent).toBeCloseTo(10, 12);
  });

  it('Sharpe: mean / sample deviation x sqrt(365); Sortino: mean / downside deviation (all days) x sqrt(365)', () => {
    // mean 2/27; sample variance ((0.1-m)^2 + (-0.1-m)^2 + (22/99-m)^2) / 2; downside sqrt(0.01 / 3)
    expect(sharpeRatio(dailyReturns)).toBeCloseTo(8.699820940459645, 9);
    expect(sortinoRatio(dailyReturns)).toBeCloseTo(24.51169201151749, 9);
  });

  it('Calmar: compounded annual return / max drawdown fraction', () => {
    // 100 -> 110 over 73 days with a 5% drawdown: (1.1^(365/73) - 1) / 0.05 = (1.61051 - 1) / 0.05
    expect(calmarRatio(100, 110, 73 * DAY, 5)).toBeCloseTo(12.2102, 9);
    expect(calmarRatio(100, 121, 3 * DAY, maxDrawdown.percent)! / 118091885054.47784).toBeCloseTo(1, 9);
    expect(calmarRatio(100, 110, 73 * DAY, 0)).toBeNull();
    expect(calmarRatio(100, 110, 0, 5)).toBeNull();
  });
});

describe('scoreTrial', () => {
  it('profit is the realised PnL; the ratios are their value', () => {
    expect(scoreTrial({ name: 'profit', minTrades: 1 }, figures())).toEqual({ value: 12.5 });
    expect(scoreTrial({ name: 'sharpe', minTrades: 1 }, figures())).toEqual({ value: 1.5 });
    expect(scoreTrial({ name: 'sortino', minTrades: 1 }, figures())).toEqual({ value: 2 });
    expect(scoreTrial({ name: 'calmar', minTrades: 1 }, figures())).toEqual({ value: 3 });
  });

  it('a trial below minTrades scores -Infinity and says why', () => {
    expect(scoreTrial({ name: 'profit', minTrades: 6 }, figures())).toEqual({ value: Number.NEGATIVE_INFINITY, reason: '5 trades, fewer than minTrades 6' });
    expect(scoreTrial({ name: 'profit', minTrades: 5 }, figures()).value).toBe(12.5);
  });

  it('a trial above the drawdown limit scores -Infinity and says why', () => {
    expect(scoreTrial({ name: 'profit', minTrades: 0, maxDrawdownPercent: 9.5 }, figures())).toEqual({ value: Number.NEGATIVE_INFINITY, reason: 'max drawdown 10.00% above the limit 9.5%' });
    expect(scoreTrial({ name: 'profit', minTrades: 0, maxDrawdownPercent: 10 }, figures()).value).toBe(12.5);
  });

  it('an undefined ratio scores -Infinity with the reason', () => {
    expect(scoreTrial({ name: 'sharpe', minTrades: 0 }, figures({ sharpe: null }))).toEqual({ value: Number.NEGATIVE_INFINITY, reason: 'no Sharpe ratio (fewer than 2 days or equity never varied)' });
    expect(scoreTrial({ name: 'calmar', minTrades: 0 }, figures({ calmar: null })).reason).toBe('no Calmar ratio (no drawdown or no time span)');
  });
});
