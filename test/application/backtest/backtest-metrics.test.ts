import { describe, expect, it } from 'vitest';
import { computeBacktestMetrics } from '../../../src/application/backtest/backtest-metrics.js';
import { equityCurveOf } from '../../../src/application/backtest/backtest-result.js';
import { dailyReturns, maxDrawdown } from '../../../src/application/backtest/equity-statistics.js';
import { at, HOUR, makeDeal, makeResult, scenario, T0 } from './backtest-fixtures.js';

const DAY = 24 * HOUR;
const points = (...list: [number, number][]) => list.map(([h, equity]) => ({ time: at(h), equity }));
const curve = (...list: [number, number][]) => equityCurveOf(points(...list));

describe('backtest metrics: the hand-worked scenario', () => {
  const m = computeBacktestMetrics(scenario());

  it('counts deals, trades, wins and losses; win rate', () => {
    expect(m).toMatchObject({ deals: 5, trades: 3, wins: 2, losses: 1, cancelled: 1, working: 1 });
    expect(m.winRate).toBeCloseTo(2 / 3, 12);
  });

  it('sums PnL and fees exactly, in total and per pair, with % of the starting equity', () => {
    expect(m.pnl.toString()).toBe('15.344');
    expect(m.pnlPercent).toBeCloseTo(1.5344, 12);
    expect(m.fees.toString()).toBe('0.666');
    expect(m.perPair.map((p) => [p.symbol, p.deals, p.trades, p.wins, p.losses, p.cancelled, p.working, p.pnl.toString(), p.fees.toString()])).toEqual([
      ['BTC/USDT', 2, 2, 1, 1, 0, 0, '14.385', '0.615'],
      ['ETH/USDT', 3, 1, 1, 0, 1, 1, '0.959', '0.051'],
    ]);
    expect(m.perPair[0]!.pnlPercent).toBeCloseTo(1.4385, 12);
    expect(m.perPair[1]!.pnlPercent).toBeCloseTo(0.0959, 12);
  });

  it('profit factor = gross profit / gross loss of closed deals', () => {
    expect(m.grossProfit.toString()).toBe('20.539');
    expect(m.grossLoss.toString()).toBe('5.195');
    expect(m.profitFactor).toBeCloseTo(20.539 / 5.195, 12);
  });

  it('max drawdown 1020 (h12) -> 969 (h30): 51, 5%', () => {
    expect(m.maxDrawdown).toEqual({ amount: 51, percent: 5, peakTime: at(12), troughTime: at(30) });
  });

  it('daily Sharpe and Sortino from the closes 1005, 1000, 1030 after 1000', () => {
    expect(dailyReturns(1000, scenario().equity)).toEqual([1005 / 1000 - 1, 1000 / 1005 - 1, 1030 / 1000 - 1]);
    expect(m.sharpe).toBeCloseTo(10.61241017298656, 10);
    expect(m.sortino).toBeCloseTo(66.56762758027875, 10);
  });

  it('average duration of closed deals (5 h, 6 h, 6 h) and exposure ([2,9] + [25,30] + [50,72] of 72 h)', () => {
    expect(m.averageDealDurationMs).toBe((17 / 3) * HOUR);
    expect(m.exposure).toBeCloseTo(34 / 72, 12);
  });

  it('final equity, its return, and the final balances as given', () => {
    expect(m).toMatchObject({ finalEquity: 1030, equityReturnPercent: 3, quote: 'USDT', startTime: T0, endTime: at(72) });
    expect(m.finalBalances.USDT?.total.toString()).toBe('1005.334');
  });
});

describe('backtest metrics: edge cases', () => {
  it('no deals and a flat curve: no ratios, no drawdown, no exposure', () => {
    const m = computeBacktestMetrics(makeResult([], points([24, 1000], [48, 1000], [72, 1000])));
    expect(m).toMatchObject({ deals: 0, trades: 0, winRate: null, profitFactor: null, sharpe: null, sortino: null, averageDealDurationMs: null, exposure: 0, finalEquity: 1000 });
    expect(m.maxDrawdown).toEqual({ amount: 0, percent: 0, peakTime: null, troughTime: null });
    expect(m.pnl.toString()).toBe('0');
  });

  it('an empty equity curve keeps the starting equity', () => {
    const m = computeBacktestMetrics(makeResult([], [], { endTime: T0 }));
    expect(m).toMatchObject({ finalEquity: 1000, equityReturnPercent: 0, exposure: 0, sharpe: null });
  });

  it('only winners: profit factor is null, Sortino null without a losing day', () => {
    const win = makeDeal('w', 'BTC/USDT', 0, { price: '100', amount: '1', fee: '0', at: 1 }, { sell: { price: '101', amount: '1', fee: '0', at: 2 } });
    const m = computeBacktestMetrics(makeResult([win], points([24, 1001], [48, 1003], [72, 1004])));
    expect(m).toMatchObject({ trades: 1, wins: 1, losses: 0, winRate: 1, profitFactor: null, sortino: null });
    expect(m.sharpe).toBeGreaterThan(0);
  });

  it('a break-even deal counts as a loss but adds nothing to the gross loss', () => {
    const flat = makeDeal('f', 'BTC/USDT', 0, { price: '100', amount: '1', fee: '0', at: 1 }, { sell: { price: '100', amount: '1', fee: '0', at: 2 } });
    expect(computeBacktestMetrics(makeResult([flat], []))).toMatchObject({ wins: 0, losses: 1, profitFactor: null });
  });

  it('a fall from the start counts as a drawdown', () => {
    expect(maxDrawdown(equityCurveOf([{ time: T0, equity: 1000 }, ...points([1, 900], [2, 950])]))).toEqual({ amount: 100, percent: 10, peakTime: T0, troughTime: at(1) });
  });

  it('the drawdown is the largest amount; its percent is of that peak', () => {
    const start = [{ time: T0, equity: 100 }, ...points([1, 50], [2, 1000], [3, 900], [4, 950])];
    expect(maxDrawdown(equityCurveOf(start))).toEqual({ amount: 100, percent: 10, peakTime: at(2), troughTime: at(3) });
  });

  it('daily closes carry over days without ticks; a tick at midnight closes the day before', () => {
    expect(dailyReturns(100, curve([1, 110], [24, 120], [24 * 3 + 5, 60]))).toEqual([120 / 100 - 1, 0, 0, -0.5]);
    expect(dailyReturns(100, equityCurveOf([{ time: T0 + DAY + 1, equity: 50 }]))).toEqual([-0.5]);
    expect(dailyReturns(100, equityCurveOf([]))).toEqual([]);
  });

  it('exposure counts overlapping positions once and clips to the backtest span', () => {
    const a = makeDeal('a', 'BTC/USDT', 0, { price: '1', amount: '1', fee: '0', at: 0 }, { sellResting: '2' });
    const b = makeDeal('b', 'ETH/USDT', 0, { price: '1', amount: '1', fee: '0', at: 10 }, { sell: { price: '2', amount: '1', fee: '0', at: 20 } });
    expect(computeBacktestMetrics(makeResult([a, b], [], { startTime: at(-10), endTime: at(30) })).exposure).toBeCloseTo(30 / 40, 12);
  });
});
