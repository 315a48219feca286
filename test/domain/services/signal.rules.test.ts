import { describe, expect, it } from 'vitest';
import { macd, rsi } from '../../../src/indicators/index.js';
import { DEFAULT_SIGNAL_PARAMS, SignalService, type SignalParams } from '../../../src/domain/services/signal.service.js';
import { RsiMacdStrategy, type Strategy } from '../../../src/domain/services/strategy.js';
import type { Candle } from '../../../src/domain/shared/candle.js';

/** A deterministic zig-zag with a drift: RSI and MACD cross many times within a few hundred closes. */
function closes(count: number): number[] {
  return Array.from({ length: count }, (_, i) => 100 + 10 * Math.sin(i / 7) + 3 * Math.sin(i / 2.3) + i * 0.01);
}

const candle = (close: number, i: number): Candle => ({ openTime: i * 60_000, open: close, high: close, low: close, close, volume: 1 });

describe('SignalService rule: MACD histogram cross with an RSI filter', () => {
  const service = new SignalService();

  it('defaults to RSI(14), MACD(12,26,9), BULLISH below RSI 50 and BEARISH above it', () => {
    expect(DEFAULT_SIGNAL_PARAMS).toEqual({ rsiPeriod: 14, macdFast: 12, macdSlow: 26, macdSignal: 9, rsiBuyBelow: 50, rsiSellAbove: 50 });
    expect(Object.isFrozen(DEFAULT_SIGNAL_PARAMS)).toBe(true);
    expect(service.params).toBe(DEFAULT_SIGNAL_PARAMS);
  });

  it('is BULLISH when the histogram crosses from <= 0 to > 0 with RSI below rsiBuyBelow', () => {
    expect(service.decide(40, 0.5, -0.5)).toBe('BULLISH');
    expect(service.decide(49.999, 0.001, 0)).toBe('BULLISH'); // from exactly 0 counts as a cross
  });

  it('is not BULLISH without a cross: histogram already above 0, or still at or below 0', () => {
    expect(service.decide(40, 0.5, 0.001)).toBe('NEUTRAL'); // previous > 0: no cross
    expect(service.decide(40, 0, -0.5)).toBe('NEUTRAL'); // histogram reaches 0 but not above
    expect(service.decide(40, -0.1, -0.5)).toBe('NEUTRAL');
  });

  it('is not BULLISH when RSI is at or above rsiBuyBelow (strictly below is required)', () => {
    expect(service.decide(50, 0.5, -0.5)).toBe('NEUTRAL');
    expect(service.decide(50.001, 0.5, -0.5)).toBe('NEUTRAL');
  });

  it('is BEARISH when the histogram crosses from >= 0 to < 0 with RSI above rsiSellAbove', () => {
    expect(service.decide(60, -0.5, 0.5)).toBe('BEARISH');
    expect(service.decide(50.001, -0.001, 0)).toBe('BEARISH'); // from exactly 0 counts as a cross
  });

  it('is not BEARISH without a downward cross: histogram already below 0, at 0, or rising', () => {
    expect(service.decide(60, -0.5, -0.001)).toBe('NEUTRAL'); // previous < 0: no cross
    expect(service.decide(60, 0, 0.5)).toBe('NEUTRAL'); // histogram reaches 0 but not below
    expect(service.decide(60, 0.5, 0.1)).toBe('NEUTRAL'); // no cross at all, RSI high: not BEARISH
    expect(service.decide(60, 0.5, -0.1)).toBe('NEUTRAL'); // upward cross, RSI too high for BULLISH: not BEARISH either
  });

  it('is not BEARISH when RSI is at or below rsiSellAbove (strictly above is required)', () => {
    expect(service.decide(50, -0.5, 0.5)).toBe('NEUTRAL');
    expect(service.decide(49.999, -0.5, 0.5)).toBe('NEUTRAL');
  });

  it('is NEUTRAL while any indicator is still warming up (NaN), whatever the others say', () => {
    expect(service.decide(NaN, 0.5, -0.5)).toBe('NEUTRAL');
    expect(service.decide(40, NaN, -0.5)).toBe('NEUTRAL');
    expect(service.decide(40, 0.5, NaN)).toBe('NEUTRAL');
    expect(service.decide(NaN, -0.5, 0.5)).toBe('NEUTRAL');
    expect(service.decide(60, NaN, 0.5)).toBe('NEUTRAL');
    expect(service.decide(60, -0.5, NaN)).toBe('NEUTRAL');
  });

  it('uses the configured RSI thresholds, not the defaults', () => {
    const custom = new SignalService({ ...DEFAULT_SIGNAL_PARAMS, rsiBuyBelow: 30, rsiSellAbove: 70 });
    expect(custom.decide(35, 0.5, -0.5)).toBe('NEUTRAL');
    expect(custom.decide(29, 0.5, -0.5)).toBe('BULLISH');
    expect(custom.decide(65, -0.5, 0.5)).toBe('NEUTRAL');
    expect(custom.decide(71, -0.5, 0.5)).toBe('BEARISH');
  });

  it('generateSignal decides on the values calculateIndicators gives', () => {
    expect(service.generateSignal({ rsi: 40, histogram: 0.5, previousHistogram: -0.5 })).toBe('BULLISH');
    expect(service.generateSignal({ rsi: 60, histogram: -0.5, previousHistogram: 0.5 })).toBe('BEARISH');
  });

  it('calculateIndicators of no candles is all NaN', () => {
    expect(service.calculateIndicators([])).toEqual({ rsi: NaN, histogram: NaN, previousHistogram: NaN });
  });
});

describe('SignalService indicators follow the configured periods', () => {
  const params: SignalParams = { rsiPeriod: 7, macdFast: 5, macdSlow: 13, macdSignal: 4, rsiBuyBelow: 55, rsiSellAbove: 45 };
  const values = closes(300);
  const batchRsi = rsi(values, params.rsiPeriod);
  const { histogram } = macd(values, params.macdFast, params.macdSlow, params.macdSignal);

  it('the tracker gives the batch RSI and MACD histogram of the same periods, with the previous histogram', () => {
    const tracker = new SignalService(params).tracker();
    values.forEach((close, i) => {
      const v = tracker.update(close);
      expect(v.rsi).toBe(batchRsi[i]);
      expect(v.histogram).toBe(histogram[i]);
      expect(v.previousHistogram).toBe(i === 0 ? NaN : histogram[i - 1]);
    });
  });

  it('calculateIndicators equals the last tracker values', () => {
    const v = new SignalService(params).calculateIndicators(values.map(candle));
    expect(v).toEqual({ rsi: batchRsi[299], histogram: histogram[299], previousHistogram: histogram[298] });
  });

  it('the strategy signals exactly where decide() on the batch values does, BULLISH and BEARISH both seen', () => {
    const service = new SignalService(params);
    const pair = new RsiMacdStrategy(service).forPair();
    const seen = new Set<string>();
    values.forEach((close, i) => {
      const expected = service.decide(batchRsi[i]!, histogram[i]!, i === 0 ? NaN : histogram[i - 1]!);
      expect(pair.onCandle(candle(close, i))).toBe(expected);
      seen.add(expected);
    });
    expect(seen).toEqual(new Set(['BULLISH', 'BEARISH', 'NEUTRAL']));
  });

  it('each pair strategy has its own state, and the strategy is named rsi-macd', () => {
    const strategy: Strategy = new RsiMacdStrategy(new SignalService(params));
    expect(strategy.name).toBe('rsi-macd');
    const a = strategy.forPair('A/B');
    const b = strategy.forPair('C/D');
    const fedA = values.map((close, i) => a.onCandle(candle(close, i)));
    const fedB = values.map((close, i) => b.onCandle(candle(close, i)));
    expect(fedB).toEqual(fedA);
  });

  it('the default strategy uses the default signal service', () => {
    expect(new RsiMacdStrategy().signals.params).toBe(DEFAULT_SIGNAL_PARAMS);
  });
});
