import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../support/binance-sim/manual-time.js';
import { expectNoSecretsLogged } from '../../exchange/ccxt/ccxt.fixtures.js';
import { allFinal, candle, feedRig, MINUTE, SECOND, SYMBOLS, T0, tickIndex, type FeedRig } from './feed.fixtures.js';

let rig: FeedRig;

afterEach(async () => {
  await rig.close();
});

expectNoSecretsLogged();

const ALL = [...SYMBOLS];

describe('CcxtMarketFeed over the local exchange server', () => {
  it('history(): the latest closed candles over REST; the still open one is left out', async () => {
    rig = await feedRig();
    for (let k = -10; k <= 0; k += 1) rig.push(k, k < 0);
    const history = await rig.feed.history('ETH/USDT', '1m', 3);
    expect(history).toEqual([candle(1, -3), candle(1, -2), candle(1, -1)]);
  });

  it('streams closed candles of 5 pairs as one tick per minute, closed by the next open time', async () => {
    rig = await feedRig();
    for (let k = -3; k < 0; k += 1) rig.push(k, true);
    for (const s of SYMBOLS) await rig.feed.history(s, '1m', 3);
    await rig.start();
    rig.push(0, false);
    await rig.advanceTo(T0 + MINUTE + SECOND);
    rig.push(0, true);
    rig.push(1, false);
    await waitFor(() => rig.ticks.length === 1, 'tick 0');
    await rig.advanceTo(T0 + 90 * SECOND);
    rig.push(1, false); // exchanges send updates every few seconds; silence would mean a dead stream
    await rig.advanceTo(T0 + 2 * MINUTE + SECOND);
    rig.push(1, true);
    rig.push(2, false);
    await waitFor(() => rig.ticks.length === 2, 'tick 1');
    expect(tickIndex(rig.ticks)).toEqual([
      [0, ALL],
      [1, ALL],
    ]);
    expect(allFinal(rig.ticks)).toBe(true);
    expect(rig.feed.status()).toMatchObject({ connection: 'up', polls: 0, backfills: 0, reconnects: 0 });
    expect(rig.sim.requests('klines')).toHaveLength(SYMBOLS.length); // history only
  });

  it('closes a candle on the clock when its final update came and no newer one follows', async () => {
    rig = await feedRig();
    await rig.start(['BTC/USDT']);
    rig.sim.pushCandle('BTC/USDT', candle(0, 0, false), { final: false });
    await rig.advanceTo(T0 + MINUTE + 500);
    rig.sim.pushCandle('BTC/USDT', candle(0, 0, true));
    await waitFor(() => rig.feed.status()?.connection === 'up', 'stream up');
    await rig.advanceTo(T0 + MINUTE + 1_500);
    expect(rig.ticks).toHaveLength(0);
    await rig.advanceTo(T0 + MINUTE + 2_500);
    await waitFor(() => rig.ticks.length === 1, 'tick 0');
    expect(rig.ticks[0]).toEqual([{ symbol: 'BTC/USDT', timeframe: '1m', candle: candle(0, 0, true) }]);
  });

  it('a candle the stream skipped is backfilled over REST, in order', async () => {
    rig = await feedRig();
    await rig.start();
    rig.push(0, false);
    await rig.advanceTo(T0 + MINUTE + SECOND);
    rig.push(0, true);
    rig.sim.silenceStreams(true);
    rig.push(1, true); // never streamed
    rig.sim.silenceStreams(false);
    await rig.advanceTo(T0 + 2 * MINUTE + SECOND);
    rig.push(2, false);
    await waitFor(() => rig.ticks.length === 1, 'tick 0');
    await rig.advanceTo(T0 + 2 * MINUTE + 2 * SECOND);
    await waitFor(() => rig.ticks.length === 2, 'tick 1 from REST');
    expect(tickIndex(rig.ticks)).toEqual([
      [0, ALL],
      [1, ALL],
    ]);
    expect(allFinal(rig.ticks)).toBe(true);
    expect(rig.feed.status()?.backfills).toBeGreaterThan(0);
  });
});

describe('CcxtMarketFeed following runtime pair changes', () => {
  it('streams a watched pair from the candle after its history (each candle once, REST for what the stream passed), and stops an unwatched one', async () => {
    rig = await feedRig();
    for (let k = -3; k < 0; k += 1) rig.push(k, true);
    for (const s of ['BTC/USDT', 'ETH/USDT']) await rig.feed.history(s, '1m', 3);
    await rig.start(['BTC/USDT', 'ETH/USDT']);
    rig.push(0, false);
    await rig.advanceTo(T0 + MINUTE + SECOND);
    rig.push(0, true);
    rig.push(1, false);
    await waitFor(() => rig.ticks.length === 1, 'tick 0');
    // within candle 0's grace: its history ends at candle -1, and candle 0 comes as a tick of its own
    expect(await rig.feed.watch('SOL/USDT', '1m', 3)).toEqual([candle(2, -3), candle(2, -2), candle(2, -1)]);
    await rig.advanceTo(T0 + MINUTE + 4 * SECOND);
    await waitFor(() => rig.ticks.length === 2, 'SOL/USDT candle 0 over REST');
    await rig.advanceTo(T0 + 2 * MINUTE + SECOND);
    rig.push(1, true);
    rig.push(2, false);
    await rig.advanceTo(T0 + 2 * MINUTE + 4 * SECOND);
    await waitFor(() => rig.ticks.length === 3, 'tick 1');
    rig.feed.unwatch('ETH/USDT');
    await rig.advanceTo(T0 + 3 * MINUTE + SECOND);
    rig.push(2, true);
    rig.push(3, false);
    await rig.advanceTo(T0 + 3 * MINUTE + 4 * SECOND);
    await waitFor(() => rig.ticks.length === 4, 'tick 2');
    expect(tickIndex(rig.ticks)).toEqual([
      [0, ['BTC/USDT', 'ETH/USDT']],
      [0, ['SOL/USDT']],
      [1, ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']],
      [2, ['BTC/USDT', 'SOL/USDT']],
    ]);
    expect(allFinal(rig.ticks)).toBe(true);
  });
});
