import { describe, expect, it } from 'vitest';
import { driveReplay } from '../../../src/application/backtest/replay-driver.js';
import type { ReplayFeed } from '../../../src/domain/ports/replay.port.js';
import { CandleReplayFeed } from '../../../src/infrastructure/market-data/candle-replay.market-feed.js';
import { MatchingReplayFeed } from '../../../src/infrastructure/market-data/matching.market-feed.js';
import { candle, paperHarness, ScriptedStrategy } from '../../support/paper-harness.js';

const BTC = { symbol: 'BTC/USDT', dealQuota: '100', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 180 };
const ETH = { symbol: 'ETH/USDT', dealQuota: '100', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 180 };
const SERIES = {
  'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 101, l: 100.5 }), candle(2, { c: 100.2, l: 99.9 }), candle(3, { c: 100.5, h: 100.99 }), candle(4, { c: 100.8, h: 101.5 }), candle(5, { c: 100 })],
  'ETH/USDT': [candle(0, { c: 10 }), candle(1, { c: 10 }), candle(2, { c: 10 }), candle(3, { c: 10 }), candle(4, { c: 10 }), candle(5, { c: 10 })],
};

/** A harness whose replay is driven by the driver; `worked` lists, per tick, whether the loop ran its steps. */
function driven(bullishAt: Record<string, number[]>) {
  const h = paperHarness({ pairs: [{ props: BTC }, { props: ETH }], balances: { USDT: '1000' }, strategy: new ScriptedStrategy(bullishAt), series: SERIES });
  const feed: ReplayFeed = new MatchingReplayFeed(new CandleReplayFeed({ series: SERIES, timeframe: '1m', clock: h.clock }), h.exchange);
  return { ...h, feed };
}

describe('replay driver', () => {
  it('runs the steps only on ticks with work: a signal of a pair that may open, a resting buy or sell, nothing on the quiet ones', async () => {
    const h = driven({ 'BTC/USDT': [0] });
    const worked: boolean[] = [];
    await h.loop.start();
    const replay = h.feed.replay(['BTC/USDT', 'ETH/USDT'], '1m');
    for (let next = replay.next(); next.done !== true; next = replay.next()) {
      const reading = h.loop.read(next.value);
      const work = h.loop.hasWork(reading);
      worked.push(work);
      if (work) await h.loop.act(reading);
    }
    // 00:00 BULLISH opens the buy; its deal is then checked while it works (an update on 00:02 fills
    // it and places the sell, 00:04 fills the sell); 00:05 has no deal and no signal
    const [deal] = await h.deals();
    expect(deal?.status).toBe('closed');
    expect(worked[0]).toBe(true);
    expect(worked.at(-1)).toBe(false);
  });

  it('runs no step for a BULLISH signal of a pair at its dealCount', async () => {
    const h = driven({ 'BTC/USDT': [0, 60_000] });
    await h.loop.start();
    const replay = h.feed.replay(['BTC/USDT', 'ETH/USDT'], '1m');
    const first = h.loop.read(replay.next().value!);
    expect(h.loop.hasWork(first)).toBe(true);
    await h.loop.act(first); // the buy at 100 rests (00:01's low is 100.5): BTC is at its dealCount of 1
    const second = h.loop.read(replay.next().value!);
    expect(second.signals.map((s) => s.symbol)).toEqual(['BTC/USDT']);
    expect(h.loop.hasWork(second)).toBe(false);
  });

  it('runs no step for a BULLISH signal of a paused pair, and runs them once the pause is lifted', async () => {
    const h = driven({ 'ETH/USDT': [0, 60_000] });
    await h.loop.start();
    await h.loop.pauses.pause('ETH/USDT', null, 'test');
    const replay = h.feed.replay(['BTC/USDT', 'ETH/USDT'], '1m');
    const first = h.loop.read(replay.next().value!);
    expect(first.signals.map((s) => s.symbol)).toEqual(['ETH/USDT']);
    expect(h.loop.hasWork(first)).toBe(false);
    await h.loop.pauses.resume('ETH/USDT');
    expect(h.loop.hasWork(h.loop.read(replay.next().value!))).toBe(true);
  });

  it('makes the same deals as the loop on its async ticks', async () => {
    const bullish = { 'BTC/USDT': [0, 300_000], 'ETH/USDT': [60_000] };
    const viaDriver = driven(bullish);
    await driveReplay(viaDriver.loop, viaDriver.feed, '1m', ['BTC/USDT', 'ETH/USDT']);
    const viaTicks = paperHarness({ pairs: [{ props: BTC }, { props: ETH }], balances: { USDT: '1000' }, strategy: new ScriptedStrategy(bullish), series: SERIES });
    await viaTicks.loop.run();
    const view = async (h: { deals: () => Promise<readonly { id: string; status: string; orders: readonly { status: string; filled: { toString(): string } }[] }[]> }) =>
      (await h.deals()).map((d) => [d.id, d.status, d.orders.map((o) => `${o.status} ${o.filled.toString()}`)]);
    expect(await view(viaDriver)).toEqual(await view(viaTicks));
    expect(viaDriver.exchange.balances()).toEqual(viaTicks.exchange.balances());
    expect(await view(viaDriver)).toHaveLength(3);
  });

  it('finds each candle\'s pair by its slot, and by its symbol when the replay was asked for the pairs in another order', async () => {
    const bullish = { 'BTC/USDT': [0, 300_000], 'ETH/USDT': [60_000] };
    const inOrder = driven(bullish);
    await driveReplay(inOrder.loop, inOrder.feed, '1m', ['BTC/USDT', 'ETH/USDT']);
    const reversed = driven(bullish);
    await driveReplay(reversed.loop, reversed.feed, '1m', ['ETH/USDT', 'BTC/USDT']);
    const view = async (h: ReturnType<typeof driven>) => (await h.deals()).map((d) => [d.symbol, d.status, d.orders.map((o) => `${o.side} ${o.status} ${o.price?.toString() ?? '-'} ${o.filled.toString()}`)]);
    expect(await view(reversed)).toEqual(await view(inOrder));
    expect(reversed.exchange.balances()).toEqual(inOrder.exchange.balances());
    expect((await view(inOrder)).map(([symbol]) => symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'BTC/USDT']);
  });

  it('refuses to read a tick while an operator action runs on the loop', async () => {
    const h = driven({});
    await h.loop.start();
    let release!: () => void;
    const action = h.loop.operate(() => new Promise<void>((resolve) => (release = resolve)));
    expect(() => h.loop.read([])).toThrow('a tick was read while an operator action runs: use tick()');
    release();
    await action;
    expect(h.loop.read([]).signals).toEqual([]);
  });
});
