import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { macd, rsi } from '../../../src/indicators/index.js';
import { buildChartData } from '../../../src/interfaces/reports/chart-data.js';
import { chartedIndicators, indicatorPanes, NO_INDICATORS } from '../../../src/interfaces/reports/indicator-panes.js';
import { at, HOUR, scenario } from '../../application/backtest/backtest-fixtures.js';

const DEFAULTS = { rsiPeriod: 14, macdFast: 12, macdSlow: 26, macdSignal: 9 };

/** Hourly candles with closes that rise and fall, so RSI and MACD move. */
function candles(count: number, from = 0): Candle[] {
  return Array.from({ length: count }, (_, i) => {
    const close = 100 + 10 * Math.sin((from + i) / 5) + (from + i) / 10;
    return { openTime: at(from + i), open: close, high: close + 1, low: close - 1, close, volume: 1 };
  });
}

const nulled = (values: Float64Array): (number | null)[] => Array.from(values, (v) => (Number.isNaN(v) ? null : v));

describe('which indicators the report charts', () => {
  it('the default strategy: its RSI and MACD with the config periods', () => {
    expect(chartedIndicators({ ...DEFAULTS, rsiPeriod: 7, macdFast: 5 })).toEqual({ rsi: [7], macd: [[5, 26, 9]] });
  });

  it('a rule: the RSI and MACD sets it reads, each once, with the rule defaults; none when it reads neither', () => {
    expect(chartedIndicators({ ...DEFAULTS, rule: 'rsi(7) < 30 and crossover(macd(5,10,3), signal(5,10,3)) or rsi < 20' })).toEqual({ rsi: [7, 14], macd: [[5, 10, 3]] });
    expect(chartedIndicators({ ...DEFAULTS, rsiPeriod: 9, rule: 'not (histogram > 0)' })).toEqual({ rsi: [], macd: [[12, 26, 9]] });
    expect(chartedIndicators({ ...DEFAULTS, rule: 'sma(5) > ema(10) and close > 3' })).toEqual(NO_INDICATORS);
  });
});

describe('indicator panes', () => {
  const list = candles(60);
  const closes = list.map((c) => c.close);

  it('one value per bar, the batch indicators (TA-Lib exact), null before each has a value', () => {
    const panes = indicatorPanes(list, [], { rsi: [14], macd: [[12, 26, 9]] }, HOUR);
    expect(panes.rsi).toEqual([{ period: 14, values: nulled(rsi(closes, 14)) }]);
    const m = macd(closes, 12, 26, 9);
    expect(panes.macd).toEqual([{ periods: [12, 26, 9], line: nulled(m.macd), signal: nulled(m.signal), histogram: nulled(m.histogram) }]);
    expect(panes.rsi[0]!.values).toHaveLength(60);
    expect(panes.rsi[0]!.values.filter((v) => v === null)).toHaveLength(14);
    expect(panes.macd[0]!.histogram.filter((v) => v === null)).toHaveLength(33);
    expect(panes.rsi[0]!.values.every((v) => v === null || (v > 0 && v < 100))).toBe(true);
  });

  it('starts from the warm-up the strategy read, so the first charted values are its own', () => {
    const warmup = candles(30, -30);
    const panes = indicatorPanes(list, warmup, { rsi: [14], macd: [] }, HOUR);
    const all = rsi([...warmup, ...list].map((c) => c.close), 14);
    expect(panes.rsi[0]!.values).toEqual(nulled(all.subarray(30)));
    expect(panes.rsi[0]!.values[0]).not.toBeNull();
  });

  it('on merged bars, the value at the last candle of each bar', () => {
    const panes = indicatorPanes(list, [], { rsi: [3], macd: [] }, 4 * HOUR);
    const full = rsi(closes, 3);
    expect(panes.rsi[0]!.values).toHaveLength(15);
    expect(panes.rsi[0]!.values.slice(1)).toEqual(Array.from({ length: 14 }, (_, b) => full[4 * b + 7]));
  });

  it('goes into the chart data beside each pair\'s bars, as long as them', () => {
    const chart = buildChartData(scenario(), { 'BTC/USDT': list, 'ETH/USDT': candles(72) }, 20_000, { charted: { rsi: [14], macd: [[12, 26, 9]] } });
    for (const pair of chart.pairs) {
      expect(pair.indicators.rsi[0]!.values).toHaveLength(pair.bars.length);
      expect(pair.indicators.macd[0]!.signal).toHaveLength(pair.bars.length);
    }
    expect(chart.pairs[0]!.indicators.rsi[0]!.values).toEqual(nulled(rsi(closes, 14)));
    expect(buildChartData(scenario(), { 'BTC/USDT': list }).pairs[0]!.indicators).toEqual({ rsi: [], macd: [] });
  });
});
