import { describe, expect, it } from 'vitest';
import { macd, rsi } from '../../../src/indicators/index.js';
import { SignalService } from '../../../src/domain/services/signal.service.js';
import { RsiMacdStrategy } from '../../../src/domain/services/strategy.js';
import { loadFreqtradeCandles } from '../../../src/infrastructure/market-data/freqtrade-json.js';
import { marketDataPath } from '../../support/market-data.js';

describe('SignalService', () => {
  it('calculateIndicators on a window equals the batch indicators, and generateSignal agrees with the strategy', async () => {
    const candles = (await loadFreqtradeCandles(marketDataPath('ETH_BTC-5m.json'))).slice(0, 2_000);
    const service = new SignalService();
    const closes = candles.map((c) => c.close);
    const batchRsi = rsi(closes, 14);
    const { histogram } = macd(closes, 12, 26, 9);
    const strategy = new RsiMacdStrategy(service).forPair();
    let bullish = 0;
    for (let end = 1; end <= candles.length; end += 1) {
      const signal = strategy.onCandle(candles[end - 1]!);
      if (end < 40 || (end % 97 !== 0 && signal !== 'BULLISH')) continue;
      const values = service.calculateIndicators(candles.slice(0, end));
      expect(values.rsi).toBe(batchRsi[end - 1]);
      expect(values.histogram).toBe(histogram[end - 1]);
      expect(values.previousHistogram).toBe(histogram[end - 2]);
      expect(service.generateSignal(values)).toBe(signal);
      if (signal === 'BULLISH') bullish += 1;
    }
    expect(bullish).toBeGreaterThan(3);
  });

  it('is NEUTRAL while the indicators warm up', () => {
    const service = new SignalService();
    expect(service.generateSignal(service.calculateIndicators([]))).toBe('NEUTRAL');
  });
});
