import { describe, expect, it } from 'vitest';
import { computeBacktestMetrics } from '../../../src/application/backtest/backtest-metrics.js';
import { formatDuration, metricsRows, metricsToJson, pairRows } from '../../../src/interfaces/reports/metrics-view.js';
import { makeResult, scenario } from '../../application/backtest/backtest-fixtures.js';

describe('metrics view', () => {
  const metrics = computeBacktestMetrics(scenario());

  it('lists every figure as a labelled line', () => {
    expect(Object.fromEntries(metricsRows(metrics))).toEqual({
      'period (UTC)': '2024-01-01 00:00 to 2024-01-04 00:00',
      'deals opened': '5',
      'trades (closed deals)': '3',
      'wins / losses': '2 / 1',
      'win rate': '66.67%',
      'cancelled deals': '1',
      'deals still working': '1 (0 under water at the last close)',
      'fees paid': '0.666 USDT',
      'profit factor': '3.95',
      'max drawdown': '51.00000000 USDT (5.00%), 2024-01-01 12:00 to 2024-01-02 06:00',
      'Sharpe (daily, annualised)': '10.61',
      'Sortino (daily, annualised)': '66.57',
      'average deal duration': '5h 40m',
      exposure: '47.22%',
      'starting equity': '1000 USDT',
      '+ realised PnL (3 closed deals)': '+15.344 USDT (+1.53%)',
      '+ unrealised PnL (1 working deal at the last close)': '+14.656 USDT (+1.47%)',
      '= final equity': '1030 USDT (+3.00%)',
      'final balances': 'USDT 1005.334, ETH 1',
    });
    expect(pairRows(metrics)).toEqual([
      ['BTC/USDT', '2', '2', '1', '1', '0', '0', '14.385', '1.44', '0', '0.615'],
      ['ETH/USDT', '3', '1', '1', '0', '1', '1', '0.959', '0.10', '14.656', '0.051'],
    ]);
  });

  it('shows missing ratios as "-", a profit factor without a closed deal as such, and no drawdown as 0', () => {
    const rows = Object.fromEntries(metricsRows(computeBacktestMetrics(makeResult([], []))));
    expect(rows).toMatchObject({ 'win rate': '-', 'profit factor': 'no closed deal', 'max drawdown': '0', 'Sharpe (daily, annualised)': '-', 'average deal duration': '-' });
  });

  it('gives JSON with exact decimals as text, ISO times and fractions', () => {
    const json = JSON.parse(JSON.stringify(metricsToJson(metrics)));
    expect(json).toMatchObject({
      quote: 'USDT', start: '2024-01-01T00:00:00.000Z', end: '2024-01-04T00:00:00.000Z', deals: 5, trades: 3, pnl: '15.344', fees: '0.666', grossProfit: '20.539', grossLoss: '5.195',
      maxDrawdown: { amount: 51, percent: 5, peak: '2024-01-01T12:00:00.000Z', trough: '2024-01-02T06:00:00.000Z' }, startingEquity: '1000', finalEquity: 1030,
      finalBalances: { USDT: { free: '1005.334', used: '0', total: '1005.334' } },
      profitFactorNote: null,
      reconciliation: {
        startingEquity: '1000', realisedPnl: '15.344', unrealisedPnl: '14.656', dust: '0', feesInOtherAssets: '0', heldAtStart: '0', unexplained: '0', finalEquity: '1030',
        closedDeals: 3, workingDeals: 1, underWater: 0, lastCloses: { 'BTC/USDT': '96', 'ETH/USDT': '24.666' },
      },
    });
    expect(json.pairs[1]).toEqual({ symbol: 'ETH/USDT', deals: 3, trades: 1, wins: 1, losses: 0, cancelled: 1, working: 1, pnl: '0.959', pnlPercent: 0.0959, fees: '0.051', unrealisedPnl: '14.656' });
    expect(json.winRate).toBeCloseTo(2 / 3, 12);
  });

  it('formats durations', () => {
    expect([0, 59_000, 60_000, 3_600_000, 90_061_000].map(formatDuration)).toEqual(['0m', '1m', '1m', '1h', '1d 1h 1m']);
  });
});
