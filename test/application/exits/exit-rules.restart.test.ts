import { describe, expect, it } from 'vitest';
import { BOUGHT, candle, exitHarness, sellsOf } from './exit-harness.js';

const TRAIL = { trailingStop: { activation: '0.02', distance: '0.01' } };

describe('a restart between the trailing high and the trigger', () => {
  it('restores the high-water mark from the stored deal and sells at the stop it set', async () => {
    const h = exitHarness(TRAIL, [...BOUGHT, candle(2, { o: 100.5, h: 102.5, l: 100.2, c: 102 }), candle(3, { o: 102, h: 103.5, l: 101.9, c: 103 })], { markup: '0.05' });
    await h.loop.run();
    const [stored] = await h.deals();
    expect([stored?.status, stored?.highWaterMark?.toString(), stored?.workingSells.map((o) => o.stopPrice?.toString())]).toEqual(['open', '103.5', ['102.47']]);

    // a new process: a new loop over the same exchange and database; reconciliation restores the deal
    const after = h.restart({ 'BTC/USDT': [candle(4, { o: 103, h: 103.4, l: 102, c: 102.5 })] });
    await after.loop.run();
    const [deal] = await h.deals();
    expect(sellsOf(deal).at(-1)).toEqual(['s3', 'limit', '105', '102.47', '1', 'closed', [['102.47', '1', '0.20494', 240_000]]]);
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['trailing_stop', '2.16506']);
    expect(h.exchange.orders().filter((o) => o.status === 'open')).toEqual([]);
  });

  it('keeps trailing from the stored high after the restart, not from the buy price', async () => {
    const h = exitHarness(TRAIL, [...BOUGHT, candle(2, { o: 100.5, h: 103.5, l: 100.2, c: 103 })], { markup: '0.05' });
    await h.loop.run();
    const after = h.restart({ 'BTC/USDT': [candle(3, { o: 103, h: 104, l: 103, c: 103.8 }), candle(4, { o: 103.6, h: 103.7, l: 102.5, c: 102.8 })] });
    await after.loop.run();
    const [deal] = await h.deals();
    // high 104 after the restart: stop 102.96; the next low 102.5 sells at 102.96
    expect(deal?.sellOrders.map((o) => o.stopPrice?.toString() ?? null)).toEqual([null, '102.47', '102.96']);
    expect(deal?.sellOrders.at(-1)?.fills.map((f) => f.price.toString())).toEqual(['102.96']);
    expect(deal?.highWaterMark?.toString()).toBe('104');
  });
});

describe('an exchange without stop orders', () => {
  it('rests the take profit alone and sells at market after a close beyond the stop', async () => {
    const h = exitHarness({ stopLoss: '0.05' }, [...BOUGHT, candle(2, { o: 100, h: 100.2, l: 94, c: 94.5 }), candle(3, { o: 94.2, c: 94 })], { stopOrders: false });
    await h.loop.run();
    const [deal] = await h.deals();
    expect(sellsOf(deal)).toEqual([
      ['s1', 'limit', '101', null, '1', 'canceled', []],
      ['x1', 'market', null, null, '1', 'closed', [['94.2', '1', '0.1884', 180_000]]],
    ]);
    // 94.2 - 100.1 - 0.1884
    expect([deal?.reason, deal?.pnl?.toString()]).toEqual(['stop_loss', '-6.0884']);
  });
});
