import { describe, expect, it } from 'vitest';
import { candle, ScriptedStrategy } from '../../support/paper-harness.js';
import { BTC, tradingHarness } from './exit-harness.js';

/** BTC/USDT crashes 35% from 100 to 65 over minutes 2-7, then steadies; ETH/USDT only slips 3%. */
const BTC_CANDLES = [
  candle(0, { c: 100 }),
  candle(1, { o: 100.5, h: 100.8, l: 99.8, c: 100.2 }),
  candle(2, { o: 100.2, h: 100.4, l: 97, c: 97.5 }),
  candle(3, { o: 97.5, h: 97.6, l: 92, c: 93 }),
  candle(4, { o: 93, h: 93.2, l: 88, c: 89 }), // 89 <= 100.4 x 0.9 within 3 minutes: panic
  candle(5, { o: 88, h: 88.5, l: 80, c: 81 }),
  candle(6, { o: 81, h: 81.5, l: 70, c: 72 }),
  candle(7, { o: 72, h: 72.5, l: 64, c: 65 }),
  ...[8, 9, 10, 11, 12, 13, 14].map((m) => candle(m, { o: 65.5, h: 66, l: 65, c: 65.8 })),
];
const ETH_CANDLES = [
  candle(0, { c: 50 }),
  candle(1, { o: 50.2, h: 50.4, l: 49.9, c: 50.1 }),
  ...[2, 3, 4].map((m) => candle(m, { o: 50 - (m - 2) * 0.5, c: 49.5 - (m - 2) * 0.5 })),
  ...[5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((m) => candle(m, { o: 48.4, h: 48.6, l: 48.2, c: 48.5 })),
];
const minutes = (...m: number[]): number[] => m.map((x) => x * 60_000);
const PANIC = { drop: '0.1', windowMinutes: 3, cooldownMinutes: 5 };

describe('panic sell on a replayed crash (-35%)', () => {
  it('closes every deal on the affected pairs within one candle and opens none during the cool-down', async () => {
    const h = tradingHarness(
      { 'BTC/USDT': { ...BTC, exits: { panicSell: PANIC } }, 'ETH/USDT': { ...BTC, exits: { panicSell: { ...PANIC, reference: 'BTC/USDT' } } } },
      { 'BTC/USDT': BTC_CANDLES, 'ETH/USDT': ETH_CANDLES },
      new ScriptedStrategy({ 'BTC/USDT': minutes(0, 5, 9, 12, 13), 'ETH/USDT': minutes(0, 5, 9, 12, 13) }),
    );
    const seen: Record<number, string[]> = {};
    for await (const minute of h.ticks()) {
      seen[minute / 60_000] = (await h.deals()).map((d) => `${d.symbol} ${d.status}`);
    }
    expect(seen[3]).toEqual(['BTC/USDT open', 'ETH/USDT open']);
    expect(seen[4]).toEqual(['BTC/USDT closing', 'ETH/USDT closing']);
    expect(seen[5]).toEqual(['BTC/USDT closed', 'ETH/USDT closed']);
    const deals = await h.deals();
    const [btc, eth] = deals;
    expect([btc?.reason, eth?.reason]).toEqual(['panic_sell', 'panic_sell']);
    // market sells at minute 5's open: BTC 1 @ 88 (fee 0.176), ETH 2 @ 48.4 (fee 0.1936)
    expect(btc?.sellOrders.at(-1)?.fills.map((f) => [f.price.toString(), f.amount.toString(), f.fee.toString(), f.timestamp])).toEqual([['88', '1', '0.176', 300_000]]);
    expect(eth?.sellOrders.at(-1)?.fills.map((f) => [f.price.toString(), f.amount.toString(), f.fee.toString()])).toEqual([['48.4', '2', '0.1936']]);
    expect([btc?.pnl?.toString(), eth?.pnl?.toString()]).toEqual(['-12.276', '-3.4936']);
    // the crash goes on firing through minute 8 (cool-down until 14:00); the signals at 5, 9 and 12 open nothing, 13 does
    expect(deals.slice(2).map((d) => [d.symbol, d.createdAt])).toEqual([['BTC/USDT', 840_000], ['ETH/USDT', 840_000]]);
  });

  it('pauses new deals on a crash even with no deal open', async () => {
    const h = tradingHarness({ 'BTC/USDT': { ...BTC, exits: { panicSell: PANIC } } }, { 'BTC/USDT': BTC_CANDLES }, new ScriptedStrategy({ 'BTC/USDT': minutes(5, 13) }));
    for await (const minute of h.ticks()) if (minute === 300_000) expect(h.loop.pauses.isPaused('BTC/USDT', h.clock.now())).toBe(true);
    expect((await h.deals()).map((d) => d.createdAt)).toEqual([840_000]);
  });
});
