import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import { CcxtPriceFeed } from '../../../../src/infrastructure/market-data/ccxt/ccxt-price-feed.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { ManualTime, settle, waitFor } from '../../../support/binance-sim/manual-time.js';
import { connectorFor, startSim } from '../../exchange/ccxt/ccxt.fixtures.js';

const T0 = Date.UTC(2024, 0, 1, 12, 0);
const SYMBOLS = ['BTC/USDT', 'ETH/USDT'];
const SECOND = 1_000;

interface Rig {
  readonly time: ManualTime;
  readonly sim: BinanceSim;
  readonly exchange: CcxtExchange;
  readonly feed: CcxtPriceFeed;
  /** [symbol, price, at] as the feed handed them on. */
  readonly prices: [string, number, number][];
  /** The feed's log messages, in order. */
  readonly logged: string[];
}

let rig: Rig;
/** What each test started, stopped after it. */
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function priceRig(options: { readonly capability?: 'watchTickers' | 'watchBidsAsks' | 'rest'; readonly symbols?: () => readonly string[] } = {}): Promise<Rig> {
  const time = new ManualTime(T0);
  const sim = await startSim({ now: time.now });
  sim.pushCandle('BTC/USDT', { openTime: T0, open: 60_000, high: 60_000, low: 60_000, close: 60_000, volume: 1 }, { final: false });
  sim.pushCandle('ETH/USDT', { openTime: T0, open: 3_000, high: 3_000, low: 3_000, close: 3_000, volume: 1 }, { final: false });
  const capabilities = options.capability === 'watchBidsAsks' ? { priceStream: { method: 'watchBidsAsks' as const, params: {} } } : options.capability === 'rest' ? { priceStream: null } : {};
  const exchange = await connectorFor(sim, { clock: time, sleep: time.sleep, capabilities, ccxtConfig: { rateLimit: 1 } });
  const logged: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _e, done) => (logged.push((JSON.parse(chunk.toString()) as { msg: string }).msg), done()) }));
  const prices: [string, number, number][] = [];
  const feed = await CcxtPriceFeed.forExchange(exchange, {
    clock: time,
    sleep: time.sleep,
    logger,
    symbols: options.symbols ?? (() => SYMBOLS),
    onPrice: async (symbol, price, at) => void prices.push([symbol, price, at]),
  });
  if (feed === null) throw new Error('binance has a price stream');
  feed.start();
  cleanups.push(async () => {
    await feed.close();
    await exchange.close();
    await sim.stop();
  });
  return {
    time,
    sim,
    exchange,
    feed,
    prices,
    logged,
  };
}

/** Moves the simulated clock in 1 s steps, letting I/O finish after each. */
async function advance(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= SECOND) {
    rig.time.advance(Math.min(SECOND, left));
    await settle(60);
  }
}

/** Advances the clock 1 s at a time until `condition` holds; fails after `limitMs` of it. */
async function advanceUntil(condition: () => boolean, what: string, limitMs = 60 * SECOND): Promise<void> {
  for (let spent = 0; !condition(); spent += SECOND) {
    if (spent > limitMs) throw new Error(`not within ${limitMs} ms of the clock: ${what}`);
    await advance(SECOND);
  }
}

const subscribed = (n = SYMBOLS.length): Promise<void> => waitFor(() => rig.sim.streamStats.tickers === n, 'the ticker subscriptions');

describe('CcxtPriceFeed against the local Binance server', () => {
  it('hands on each price a trade moves, stamped on the clock, from <symbol>@miniTicker', async () => {
    rig = await priceRig();
    await subscribed();
    rig.time.advance(1_234);
    rig.sim.trade('BTC/USDT', 59_500.5);
    await waitFor(() => rig.prices.length === 1, 'the first price');
    rig.sim.trade('ETH/USDT', 2_990.25);
    await waitFor(() => rig.prices.length === 2, 'the second price');
    expect(rig.prices).toEqual([
      ['BTC/USDT', 59_500.5, T0 + 1_234],
      ['ETH/USDT', 2_990.25, T0 + 1_234],
    ]);
    expect(rig.feed.status()).toMatchObject({ connection: 'up', polls: 0 });
    expect(rig.logged).toEqual(['price stream up']);
  });

  it('where the capability says watchBidsAsks: the best bid from <symbol>@bookTicker', async () => {
    rig = await priceRig({ capability: 'watchBidsAsks' });
    await subscribed();
    rig.sim.trade('BTC/USDT', 59_000);
    await waitFor(() => rig.prices.length === 1, 'the bid');
    expect(rig.prices[0]!.slice(0, 2)).toEqual(['BTC/USDT', 59_000]);
  });

  it('stream dropped: REST fetchTickers every poll interval, reconnects with backoff, back on the stream; one log line per change', async () => {
    rig = await priceRig();
    await subscribed();
    rig.sim.dropStreams({ refuse: true });
    await waitFor(() => rig.feed.status().connection === 'down', 'the drop to be seen');
    rig.sim.trade('BTC/USDT', 58_000);
    const droppedAt = rig.time.now();
    await advance(2 * SECOND);
    await waitFor(() => rig.prices.some(([, p]) => p === 58_000), 'the REST price');
    const polls = rig.sim.requests('ticker24hr');
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls[0]!.at - droppedAt).toBeLessThanOrEqual(2 * SECOND);
    expect(JSON.parse(polls[0]!.params['symbols']!)).toEqual(['BTCUSDT', 'ETHUSDT']);
    await advance(10 * SECOND);
    const pollsWhileDown = rig.sim.requests('ticker24hr').length;
    // every 2 s over 12 s, and reconnects after 1, 2, 4, 8 s of backoff (refused each time)
    expect(pollsWhileDown).toBeGreaterThanOrEqual(5);
    expect(pollsWhileDown).toBeLessThanOrEqual(8);
    expect(rig.feed.status().reconnects).toBeGreaterThanOrEqual(3);
    rig.sim.acceptStreams();
    await advanceUntil(() => rig.sim.streamStats.tickers === SYMBOLS.length, 'the resubscription');
    // up again with its first message
    rig.sim.trade('BTC/USDT', 58_100);
    await waitFor(() => rig.feed.status().connection === 'up', 'the stream back');
    await waitFor(() => rig.prices.some(([, p]) => p === 58_100), 'the price');
    const afterReturn = rig.sim.requests('ticker24hr').length;
    await advance(6 * SECOND);
    expect(rig.sim.requests('ticker24hr').length).toBe(afterReturn);
    // up is logged with the first message: none came before the drop
    expect(rig.logged).toEqual(['price stream lost; polling REST until it is back', 'price stream up']);
  });

  it('REST failing while the stream is down: logged once, and once more when it answers again', async () => {
    rig = await priceRig();
    await subscribed();
    // the first poll's read fails, retries included (4 attempts)
    rig.sim.failNext('ticker24hr', { kind: 'serverError' }, 4);
    rig.sim.dropStreams({ refuse: true });
    await waitFor(() => rig.feed.status().connection === 'down', 'the drop to be seen');
    await advanceUntil(() => rig.sim.requests('ticker24hr').length >= 4, 'the failed attempts');
    rig.sim.trade('ETH/USDT', 2_950);
    await advanceUntil(() => rig.prices.some(([s, p]) => s === 'ETH/USDT' && p === 2_950), 'the REST price');
    expect(rig.logged.filter((m) => m.startsWith('REST prices'))).toEqual(['REST prices unavailable; will retry', 'REST prices answering again']);
  });

  it('subscribes to the symbols it is given at each subscription: none, a pair added, another, then none', async () => {
    let symbols: readonly string[] = [];
    rig = await priceRig({ symbols: () => symbols });
    await advance(3 * SECOND);
    expect(rig.sim.streamStats.tickers).toBe(0);
    symbols = ['ETH/USDT'];
    await advance(3 * SECOND);
    await subscribed(1);
    rig.sim.trade('ETH/USDT', 2_999);
    await waitFor(() => rig.prices.length === 1, 'the price of the added pair');
    // the new set replaces the old one on a new connection (after the message the watcher waits for)
    symbols = ['ETH/USDT', 'BTC/USDT'];
    rig.sim.trade('ETH/USDT', 2_998);
    await subscribed(2);
    rig.sim.trade('BTC/USDT', 59_999);
    await waitFor(() => rig.prices.some(([s, p]) => s === 'BTC/USDT' && p === 59_999), 'the price of the second pair');
    expect(rig.sim.streamStats.open).toBe(1);
    symbols = [];
    rig.sim.trade('ETH/USDT', 2_997);
    await waitFor(() => rig.sim.streamStats.tickers === 0, 'the subscription to go');
    expect(rig.logged).toEqual(['price stream up']);
  });

  it('an exchange without a price stream but with fetchTickers: REST polls only, every poll interval', async () => {
    rig = await priceRig({ capability: 'rest' });
    expect(rig.feed.status().connection).toBe('rest');
    rig.sim.trade('BTC/USDT', 61_000);
    await advanceUntil(() => rig.prices.some(([s, p]) => s === 'BTC/USDT' && p === 61_000), 'the polled price');
    const before = rig.sim.requests('ticker24hr').length;
    await advance(6 * SECOND);
    expect(rig.sim.requests('ticker24hr').length - before).toBeGreaterThanOrEqual(2);
    expect(rig.sim.streamStats.tickers).toBe(0);
  });

  it('an exchange with neither a price stream nor fetchTickers has no price feed', async () => {
    const sim = await startSim();
    const exchange = await connectorFor(sim, { capabilities: { priceStream: null, fetchTickers: false } });
    cleanups.push(async () => {
      await exchange.close();
      await sim.stop();
    });
    expect(await CcxtPriceFeed.forExchange(exchange, { clock: { now: () => T0 }, symbols: () => SYMBOLS, onPrice: async () => undefined })).toBeNull();
  });
});
