import { describe, expect, it } from 'vitest';
import { BOUGHT, candle, exitHarness, sellsOf } from './exit-harness.js';

describe('realtime ticks between candle closes', () => {
  it('sell at market when a tick trades at the stop, on an exchange without stop orders', async () => {
    const h = exitHarness({ stopLoss: '0.05' }, [...BOUGHT, candle(2, { o: 100, h: 100.4, l: 99.5, c: 100 }), candle(3, { o: 94.5, c: 95 })], { stopOrders: false });
    for await (const time of h.ticks()) {
      if (time !== 120_000) continue;
      expect(await h.loop.onTicker('BTC/USDT', 95.01, 150_000)).toBe(false);
      expect(await h.loop.onTicker('BTC/USDT', 95, 160_000)).toBe(true);
      expect(await h.loop.onTicker('BTC/USDT', 94, 170_000)).toBe(false); // already closing
    }
    const [deal] = await h.deals();
    // x1 placed at the tick, filled at the next candle's open 94.5; 94.5 - 100.1 - 0.189
    expect(sellsOf(deal)).toEqual([
      ['s1', 'limit', '101', null, '1', 'canceled', []],
      ['x1', 'market', null, null, '1', 'closed', [['94.5', '1', '0.189', 180_000]]],
    ]);
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['stop_loss', '-5.789']);
  });

  it('raise the trailing high between closes, and sell when a later tick falls to the stop it set', async () => {
    const h = exitHarness({ trailingStop: { activation: '0.02', distance: '0.01' } }, [...BOUGHT, candle(2, { o: 100, h: 100.4, l: 99.5, c: 100 }), candle(3, { o: 101.5, c: 101.6 })], { markup: '0.05', stopOrders: false });
    for await (const time of h.ticks()) {
      if (time !== 120_000) continue;
      expect(await h.loop.onTicker('BTC/USDT', 103, 165_000)).toBe(true);
      expect((await h.deals())[0]?.highWaterMark?.toString()).toBe('103');
      expect(await h.loop.onTicker('BTC/USDT', 102, 170_000)).toBe(false);
      expect(await h.loop.onTicker('BTC/USDT', 101.97, 175_000)).toBe(true); // 103 x 0.99
    }
    const [deal] = await h.deals();
    expect(sellsOf(deal).at(-1)).toEqual(['x1', 'market', null, null, '1', 'closed', [['101.5', '1', '0.203', 180_000]]]);
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['trailing_stop', '1.197']);
  });
});
