import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { macd } from '../../../src/indicators/macd.js';
import { rsi } from '../../../src/indicators/rsi.js';
import { SimulatedClock } from '../../../src/infrastructure/clock/simulated.clock.js';
import { SimulatedMarketFeed, type SimulatedMarketFeedOptions } from '../../../src/infrastructure/market-data/simulated.market-feed.js';

const START = Date.UTC(2024, 2, 1, 0, 0);
const MINUTE = 60_000;
const SYMBOLS = [
  { symbol: 'BTC/USDT', startPrice: 30_000, priceStep: 0.01 },
  { symbol: 'ADA/BTC', startPrice: 0.0000512, priceStep: 0.00000001 },
  { symbol: 'ETH/USDT', startPrice: 2_000, priceStep: 0.5 },
];

function feed(overrides: Partial<SimulatedMarketFeedOptions> = {}): SimulatedMarketFeed {
  return new SimulatedMarketFeed({ symbols: SYMBOLS, timeframe: '1m', seed: 7, startTime: START, candles: 200, clock: new SimulatedClock(0), ...overrides });
}

async function stream(f: SimulatedMarketFeed, symbols: readonly string[] = ['BTC/USDT']): Promise<Candle[][]> {
  const out: Candle[][] = symbols.map(() => []);
  for await (const batch of f.ticks(symbols, '1m')) batch.forEach((c, i) => out[i]!.push(c.candle));
  return out;
}

describe('SimulatedMarketFeed', () => {
  it('is deterministic: same seed, same candles; another seed, other candles', async () => {
    expect(await stream(feed())).toEqual(await stream(feed()));
    expect(await feed().history('BTC/USDT', '1m', 300)).toEqual(await feed().history('BTC/USDT', '1m', 300));
    expect(await stream(feed({ seed: 8 }))).not.toEqual(await stream(feed()));
    expect(await feed({ seed: 8 }).history('BTC/USDT', '1m', 50)).not.toEqual(await feed().history('BTC/USDT', '1m', 50));
  });

  it('gives each symbol its own stream, unaffected by the other symbols streamed', async () => {
    const twins = [SYMBOLS[0]!, { ...SYMBOLS[0]!, symbol: 'BTC/EUR' }];
    const [alone] = await stream(feed({ symbols: twins }), ['BTC/USDT']);
    const [first, second] = await stream(feed({ symbols: twins }), ['BTC/EUR', 'BTC/USDT']);
    expect(second).toEqual(alone);
    expect(first).not.toEqual(alone);
  });

  it('streams consecutive candles and sets the clock to each close time before yielding', async () => {
    const clock = new SimulatedClock(0);
    const f = feed({ clock, candles: 5 });
    const seen: [number, number, string[]][] = [];
    for await (const batch of f.ticks(['ETH/USDT', 'BTC/USDT'], '1m')) {
      seen.push([batch[0]!.candle.openTime, clock.now(), batch.map((c) => `${c.symbol}@${c.timeframe}`)]);
    }
    expect(seen).toEqual(
      [0, 1, 2, 3, 4].map((k) => [START + k * MINUTE, START + (k + 1) * MINUTE, ['ETH/USDT@1m', 'BTC/USDT@1m']]),
    );
  });

  it('serves history that ends where the stream starts, the same for any limit', async () => {
    const f = feed();
    const long = await f.history('BTC/USDT', '1m', 300);
    const short = await f.history('BTC/USDT', '1m', 10);
    expect(long).toHaveLength(300);
    expect(short).toEqual(long.slice(-10));
    expect(long[0]!.openTime).toBe(START - 300 * MINUTE);
    expect(long.at(-1)!.openTime).toBe(START - MINUTE);
    expect(long.at(-1)!.close).toBe(30_000);
    const [streamed] = await stream(f);
    expect(streamed![0]!.open).toBe(30_000);
    expect(await f.history('BTC/USDT', '1m', 0)).toEqual([]);
    for (let i = 1; i < long.length; i += 1) expect(long[i]!.open).toBe(long[i - 1]!.close);
  });

  it('keeps OHLC invariants and the price step over 100,000 candles', async () => {
    const symbols = SYMBOLS.map((s) => s.symbol);
    const series = await stream(feed({ candles: 100_000, seed: 11 }), symbols);
    SYMBOLS.forEach(({ symbol, priceStep }, s) => {
      const candles = series[s]!;
      expect(candles).toHaveLength(100_000);
      const step = dec(priceStep);
      let bad = 0;
      candles.forEach((c, i) => {
        if (!(c.high >= Math.max(c.open, c.close) && c.low <= Math.min(c.open, c.close) && c.low > 0 && c.volume > 0)) bad += 1;
        if (i > 0 && c.open !== candles[i - 1]!.close) bad += 1;
        if (i % 10 === 0) for (const price of [c.open, c.high, c.low, c.close]) if (!dec(price).mod(step).eq(0)) bad += 1;
      });
      expect(bad, symbol).toBe(0);
    });
  });

  it('prints prices as short decimals (no float noise)', async () => {
    const [btc, ada] = await stream(feed({ candles: 2_000 }), ['BTC/USDT', 'ADA/BTC']);
    for (const c of btc!) for (const p of [c.open, c.high, c.low, c.close]) expect(String(p)).toMatch(/^\d+(\.\d{1,2})?$/);
    for (const c of ada!) for (const p of [c.open, c.high, c.low, c.close]) expect(dec(p).toString()).toMatch(/^0\.\d{1,8}$/);
  });

  it('crashes (a drop of 5% or more within 12 candles) within 20,000 candles, for every seed tried', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const [closes] = (await stream(feed({ seed, candles: 20_000 }))).map((cs) => cs.map((c) => c.close));
      const crashAt = closes!.findIndex((close, i) => i >= 12 && close <= 0.95 * Math.max(...closes!.slice(i - 12, i)));
      expect(crashAt, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it('gives an RSI/MACD strategy bullish and bearish crosses to trade', async () => {
    const [candles] = await stream(feed({ candles: 5_000, seed: 3 }));
    const closes = candles!.map((c) => c.close);
    const { histogram } = macd(closes, 12, 26, 9);
    const rsi14 = rsi(closes, 14);
    let bullish = 0;
    let bearish = 0;
    for (let i = 1; i < closes.length; i += 1) {
      if (histogram[i - 1]! <= 0 && histogram[i]! > 0 && rsi14[i]! < 50) bullish += 1;
      if (histogram[i - 1]! >= 0 && histogram[i]! < 0 && rsi14[i]! > 50) bearish += 1;
    }
    expect(bullish).toBeGreaterThan(20);
    expect(bearish).toBeGreaterThan(20);
  });

  it('ends after the configured number of candles, or when the signal aborts', async () => {
    expect((await stream(feed({ candles: 3 })))[0]).toHaveLength(3);
    expect((await stream(feed({ candles: 0 })))[0]).toHaveLength(0);
    const controller = new AbortController();
    let ticks = 0;
    for await (const _ of feed({ candles: 100 }).ticks(['BTC/USDT'], '1m', controller.signal)) {
      ticks += 1;
      if (ticks === 4) controller.abort();
    }
    expect(ticks).toBe(4);
  });

  it('waits paceMs between ticks, and an abort cuts the wait short', async () => {
    const paced = feed({ candles: 3, paceMs: 40 });
    let started = performance.now();
    expect((await stream(paced))[0]).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);

    const controller = new AbortController();
    started = performance.now();
    let ticks = 0;
    for await (const _ of feed({ candles: 3, paceMs: 10_000 }).ticks(['BTC/USDT'], '1m', controller.signal)) {
      ticks += 1;
      setTimeout(() => controller.abort(), 20);
    }
    expect(ticks).toBe(1);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses unknown symbols, another timeframe and bad settings', async () => {
    await expect(feed().history('DOGE/USDT', '1m', 5)).rejects.toThrow(/DOGE\/USDT/);
    await expect(feed().history('BTC/USDT', '5m', 5)).rejects.toThrow(/1m, not 5m/);
    await expect(stream(feed(), ['DOGE/USDT'])).rejects.toThrow(/DOGE/);
    expect(() => feed({ symbols: [{ symbol: 'X/Y', startPrice: 0.001, priceStep: 0.01 }] })).toThrow(RangeError);
    expect(() => feed({ symbols: [SYMBOLS[0]!, SYMBOLS[0]!] })).toThrow(/listed twice/);
    expect(() => feed({ candles: -1 })).toThrow(RangeError);
  });
});

describe('SimulatedMarketFeed resumed after candles an earlier run streamed', () => {
  it('streams the rest of the same sequence, on the same clock, and its history ends where the earlier stream stopped', async () => {
    const symbols = ['BTC/USDT', 'ETH/USDT'];
    const whole = await stream(feed({ candles: 120 }), symbols);
    const clock = new SimulatedClock(0);
    const resumed = feed({ candles: 120, resumeFrom: 70, clock });
    // history: the streamed candles before the resume point, after the generated past
    const past = await feed().history('BTC/USDT', '1m', 40);
    expect(await resumed.history('BTC/USDT', '1m', 30)).toEqual(whole[0]!.slice(40, 70));
    expect(await resumed.history('BTC/USDT', '1m', 110)).toEqual([...past, ...whole[0]!.slice(0, 70)]);
    const rest = await stream(resumed, symbols);
    expect(rest.map((s) => s.length)).toEqual([50, 50]);
    expect(rest).toEqual(whole.map((s) => s.slice(70)));
    expect(rest[0]![0]!.openTime).toBe(START + 70 * MINUTE);
    expect(clock.now()).toBe(START + 120 * MINUTE);
    // once streamed, history ends with the last candle streamed (what a pair added now warms up on)
    expect(await resumed.history('ETH/USDT', '1m', 30)).toEqual(whole[1]!.slice(90, 120));
  });

  it('streams nothing once the series of `candles` was all streamed; refuses a negative or fractional resume point', async () => {
    expect(await stream(feed({ candles: 50, resumeFrom: 50 }))).toEqual([[]]);
    expect(await stream(feed({ candles: 50, resumeFrom: 80 }))).toEqual([[]]);
    expect(() => feed({ resumeFrom: -1 })).toThrow(/resumeFrom must be a whole number >= 0, got -1/);
    expect(() => feed({ resumeFrom: 1.5 })).toThrow(/resumeFrom/);
  });
});

describe('SimulatedMarketFeed following runtime pair changes', () => {
  it('streams a watched symbol from the next tick with the candles it would have had from the start, and stops an unwatched one', async () => {
    const whole = await stream(feed({ candles: 30 }), ['BTC/USDT', 'ETH/USDT']);
    const live = feed({ candles: 30 });
    const ticks: string[][] = [];
    const eth: Candle[] = [];
    let history: readonly Candle[] = [];
    let k = 0;
    for await (const batch of live.ticks(['BTC/USDT'], '1m')) {
      ticks.push(batch.map((c) => c.symbol));
      for (const c of batch) if (c.symbol === 'ETH/USDT') eth.push(c.candle);
      if (k === 9) {
        history = await live.watch('ETH/USDT', '1m', 5);
      }
      if (k === 19) live.unwatch('ETH/USDT');
      k += 1;
    }
    expect(ticks.map((t) => t.length)).toEqual([...Array<number>(10).fill(1), ...Array<number>(10).fill(2), ...Array<number>(10).fill(1)]);
    expect(history).toEqual(whole[1]!.slice(5, 10));
    expect(eth).toEqual(whole[1]!.slice(10, 20));
    await expect(live.watch('XRP/USDT', '1m', 5)).rejects.toThrow('the simulated market has no XRP/USDT: give the pair a paperMarket with a startPrice in the config');
  });
});
