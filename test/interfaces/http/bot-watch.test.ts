import { describe, expect, it } from 'vitest';
import { BotWatch } from '../../../src/interfaces/http/bot-watch.js';

const candle = (minute: number) => ({ openTime: minute * 60_000, open: minute, high: minute, low: minute, close: minute, volume: 1 });

describe('BotWatch: the candles the API charts', () => {
  it('start with the history the pair warmed up on (its last candleCapacity), then each tick`s candle', () => {
    const watch = new BotWatch(() => 0, 3);
    watch.loopWatch.warmedUp?.('BTC/USDT', [candle(0), candle(1), candle(2), candle(3)]);
    expect(watch.candles('BTC/USDT').map((c) => c.close)).toEqual([1, 2, 3]);
    watch.loopWatch.arrived?.([{ symbol: 'BTC/USDT', timeframe: '1m', candle: candle(4) }]);
    expect(watch.candles('BTC/USDT').map((c) => c.close)).toEqual([2, 3, 4]);
    expect(watch.candles('ETH/USDT')).toEqual([]);
  });
});
