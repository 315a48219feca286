import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { CandleReplayFeed } from '../../../src/infrastructure/market-data/candle-replay.market-feed.js';
import { candle, paperHarness, ScriptedStrategy } from '../../support/paper-harness.js';

const BTC = { symbol: 'BTC/USDT', dealQuota: '100', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 180 };

describe('LoopWatch: what a watcher of the loop (the API) is told', () => {
  it('each pair`s warm-up history once, then its start, then each tick`s arrival', async () => {
    const series = { 'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 101 }), candle(2, { c: 102 }), candle(3, { c: 103 }), candle(4, { c: 104 })] };
    const h = paperHarness({
      pairs: [{ props: BTC }],
      balances: { USDT: '1000' },
      strategy: new ScriptedStrategy({}),
      feed: (clock) => new CandleReplayFeed({ series, timeframe: '1m', clock, warmup: 3 }),
    });
    const told: string[] = [];
    let history: readonly Candle[] = [];
    await h.loop.run(undefined, undefined, {
      warmedUp: (symbol, candles) => {
        told.push(`history ${symbol}`);
        history = candles;
      },
      started: () => void told.push('started'),
      arrived: (tick) => void told.push(`tick ${tick[0]?.candle.close}`),
    });
    expect(told).toEqual(['history BTC/USDT', 'started', 'tick 103', 'tick 104']);
    expect(history.map((c) => c.close)).toEqual([100, 101, 102]);
  });
});
