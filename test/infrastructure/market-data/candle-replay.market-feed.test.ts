import { describe, expect, it } from 'vitest';
import type { ClosedCandle } from '../../../src/domain/ports/market-feed.port.js';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { SimulatedClock } from '../../../src/infrastructure/clock/simulated.clock.js';
import { CandleReplayFeed } from '../../../src/infrastructure/market-data/candle-replay.market-feed.js';
import { columnsFromCandles } from '../../../src/infrastructure/market-data/candle-store/candle-columns.js';

const T = Date.UTC(2024, 0, 1);
const M = 300_000;
const c = (k: number, close = 100 + k): Candle => ({ openTime: T + k * M, open: close, high: close + 1, low: close - 1, close, volume: 1 });

async function collect(ticks: AsyncIterable<readonly ClosedCandle[]>, clock?: SimulatedClock): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of ticks) {
    const time = batch[0]!.candle.openTime;
    const at = clock === undefined ? '' : ` clock=${(clock.now() - T) / M}`;
    out.push(`${(time - T) / M}: ${batch.map((x) => `${x.symbol}/${x.timeframe}`).join(' ')}${at}`);
  }
  return out;
}

describe('CandleReplayFeed', () => {
  const series = { A: [c(0), c(1), c(3), c(4)], B: [c(1), c(2), c(3)], C: [c(5)] };

  it('merges symbols by open time, in the symbol order asked, skipping a symbol with no candle then', async () => {
    const clock = new SimulatedClock(0);
    const feed = new CandleReplayFeed({ series, timeframe: '5m', clock });
    expect(await collect(feed.ticks(['B', 'A', 'C'], '5m'), clock)).toEqual([
      '0: A/5m clock=1',
      '1: B/5m A/5m clock=2',
      '2: B/5m clock=3',
      '3: B/5m A/5m clock=4',
      '4: A/5m clock=5',
      '5: C/5m clock=6',
    ]);
  });

  it('replays only the symbols asked and hands out the stored candles', async () => {
    const feed = new CandleReplayFeed({ series, timeframe: '5m', clock: new SimulatedClock(0) });
    const batches: (readonly ClosedCandle[])[] = [];
    for await (const batch of feed.ticks(['B'], '5m')) batches.push(batch);
    expect(batches.map((b) => b.map((x) => x.candle))).toEqual([[series.B[0]], [series.B[1]], [series.B[2]]]);
    expect(batches[0]![0]!.candle).not.toBe(batches[1]![0]!.candle); // ticks() hands out objects the caller may keep
  });

  it('replays the candle store columns exactly as the same candles given as objects', async () => {
    const columns = Object.fromEntries(Object.entries(series).map(([symbol, candles]) => [symbol, columnsFromCandles(candles)]));
    const asObjects = new CandleReplayFeed({ series, timeframe: '5m', clock: new SimulatedClock(0) });
    const asColumns = new CandleReplayFeed({ series: columns, timeframe: '5m', clock: new SimulatedClock(0), warmup: 1 });
    const all = async (feed: CandleReplayFeed) => {
      const out: ClosedCandle[][] = [];
      for await (const batch of feed.ticks(['A', 'B', 'C'], '5m')) out.push([...batch]);
      return out;
    };
    expect((await all(asColumns)).flat()).toEqual((await all(asObjects)).flat().filter((x) => x.candle.openTime > (x.symbol === 'C' ? c(5).openTime : x.symbol === 'B' ? c(1).openTime : c(0).openTime)));
    expect(await asColumns.history('B', '5m', 5)).toEqual([c(1)]);
    expect(() => new CandleReplayFeed({ series: { A: columnsFromCandles([c(1), c(0)]) }, timeframe: '5m', clock: new SimulatedClock(0) })).toThrow(/A: candle 2/);
  });

  it('replay() reuses its tick array and candle objects: a tick is valid until the next one is taken', () => {
    const feed = new CandleReplayFeed({ series, timeframe: '5m', clock: new SimulatedClock(0) });
    const replay = feed.replay(['A', 'B'], '5m');
    const plain = (x: Candle): Candle => ({ openTime: x.openTime, open: x.open, high: x.high, low: x.low, close: x.close, volume: x.volume });
    const first = replay.next().value as readonly ClosedCandle[];
    const seen = first[0]!.candle;
    expect(plain(seen)).toEqual(c(0));
    const second = replay.next().value as readonly ClosedCandle[];
    expect(second).toBe(first);
    expect(second.map((x) => [x.symbol, plain(x.candle)])).toEqual([['A', c(1)], ['B', c(1)]]);
    expect(plain(seen)).toEqual(c(1)); // the same object, moved on
    expect(JSON.parse(JSON.stringify(seen))).toEqual(c(1));
  });

  it('serves the first `warmup` candles as history and replays the rest', async () => {
    const clock = new SimulatedClock(0);
    const feed = new CandleReplayFeed({ series, timeframe: '5m', clock, warmup: 2 });
    expect(await feed.history('A', '5m', 500)).toEqual([c(0), c(1)]);
    expect(await feed.history('A', '5m', 1)).toEqual([c(1)]);
    expect(await feed.history('C', '5m', 500)).toEqual([c(5)]);
    expect(await collect(feed.ticks(['A', 'B', 'C'], '5m'))).toEqual(['3: A/5m B/5m', '4: A/5m']);
    expect(await new CandleReplayFeed({ series, timeframe: '5m', clock: new SimulatedClock(0) }).history('A', '5m', 10)).toEqual([]);
  });

  it('with `from`, serves each symbol\'s candles before it as history and replays from it (a backtest\'s --from)', async () => {
    // A: 0 1 3 4, B: 1 2 3, C: 5; from candle 2 on: A has 2 before, B 1, C none
    const clock = new SimulatedClock(0);
    const feed = new CandleReplayFeed({ series, timeframe: '5m', clock, from: c(2).openTime });
    expect(await feed.history('A', '5m', 500)).toEqual([c(0), c(1)]);
    expect(await feed.history('A', '5m', 1)).toEqual([c(1)]);
    expect(await feed.history('B', '5m', 500)).toEqual([c(1)]);
    expect(await feed.history('C', '5m', 500)).toEqual([]);
    expect(await collect(feed.ticks(['A', 'B', 'C'], '5m'), clock)).toEqual(['2: B/5m clock=3', '3: A/5m B/5m clock=4', '4: A/5m clock=5', '5: C/5m clock=6']);
    // the synchronous replay starts at the same rows, one pair and many
    const plain = (replay: Iterator<readonly ClosedCandle[], undefined>): number[] => {
      const times: number[] = [];
      for (let next = replay.next(); next.done !== true; next = replay.next()) for (const x of next.value) times.push((x.candle.openTime - T) / M);
      return times;
    };
    const fresh = () => new CandleReplayFeed({ series, timeframe: '5m', clock: new SimulatedClock(0), from: c(2).openTime });
    expect(plain(fresh().replay(['A'], '5m'))).toEqual([3, 4]);
    expect(plain(fresh().replay(['C', 'A'], '5m'))).toEqual([3, 4, 5]);
    // a `from` between two open times starts at the later one
    expect(await new CandleReplayFeed({ series, timeframe: '5m', clock, from: c(2).openTime + 1 }).history('A', '5m', 9)).toEqual([c(0), c(1)]);
    expect(() => new CandleReplayFeed({ series, timeframe: '5m', clock, from: c(2).openTime, warmup: 1 })).toThrow(/not given with a warmup/);
  });

  it('stops when the signal aborts or the consumer breaks', async () => {
    const controller = new AbortController();
    const feed = new CandleReplayFeed({ series, timeframe: '5m', clock: new SimulatedClock(0) });
    let ticks = 0;
    for await (const _ of feed.ticks(['A'], '5m', controller.signal)) {
      ticks += 1;
      controller.abort();
    }
    expect(ticks).toBe(1);
    const iterator = feed.ticks(['A'], '5m')[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    expect((await iterator.next()).done).toBe(true);
  });

  it('refuses unknown symbols, another timeframe, unsorted series and a bad warmup', async () => {
    const feed = new CandleReplayFeed({ series, timeframe: '5m', clock: new SimulatedClock(0) });
    await expect(collect(feed.ticks(['A', 'Z'], '5m'))).rejects.toThrow(/no candles for Z/);
    await expect(collect(feed.ticks(['A', 'A'], '5m'))).rejects.toThrow(/listed twice/);
    await expect(feed.history('A', '1m', 5)).rejects.toThrow(/5m candles, not 1m/);
    expect(() => new CandleReplayFeed({ series: { A: [c(0), c(2), c(2)] }, timeframe: '5m', clock: new SimulatedClock(0) })).toThrow(/A: candle 3/);
    expect(() => new CandleReplayFeed({ series, timeframe: '5m', clock: new SimulatedClock(0), warmup: -1 })).toThrow(RangeError);
  });

  it('replays 1,000,000 candles in order to the last one (speed is in npm run bench)', async () => {
    const candles: Candle[] = [];
    for (let k = 0; k < 1_000_000; k += 1) candles.push({ openTime: T + k * 60_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 });
    const clock = new SimulatedClock(0);
    const feed = new CandleReplayFeed({ series: { A: candles }, timeframe: '1m', clock });
    let count = 0;
    let last = -1;
    for await (const batch of feed.ticks(['A'], '1m')) {
      count += batch.length;
      if (batch[0]!.candle.openTime <= last) throw new Error(`out of order at ${count}`);
      last = batch[0]!.candle.openTime;
    }
    expect(count).toBe(1_000_000);
    expect(clock.now()).toBe(T + 1_000_000 * 60_000);
  });

  it.each([0, 30_000])('many pairs with gaps and late starts, warm-up %i: every tick as a plain merge gives it, and a candle stays valid until its pair moves on', (warmup) => {
    // 3 pairs, about 500,000 candles; A misses every 7th, B has a long gap, C starts late
    const candle = (k: number, p: number): Candle => ({ openTime: T + k * 60_000, open: k + p, high: k + p + 2, low: k + p - 1, close: k + p + 0.5, volume: p });
    const keep = { A: (k: number) => k % 7 !== 3, B: (k: number) => k < 20_000 || k > 150_000, C: (k: number) => k >= 90_000 };
    const series: Record<string, Candle[]> = { A: [], B: [], C: [] };
    for (let k = 0; k < 100_000 * 2; k += 1) for (const [p, symbol] of (['A', 'B', 'C'] as const).entries()) if (keep[symbol](k)) series[symbol]!.push(candle(k, p));
    // the first `warmup` candles of each pair are history, not replayed
    const firstReplayed = Object.fromEntries(Object.entries(series).map(([symbol, list]) => [symbol, list[warmup]?.openTime ?? Infinity]));
    const replayed = (symbol: 'A' | 'B' | 'C', k: number): boolean => keep[symbol](k) && T + k * 60_000 >= firstReplayed[symbol]!;
    const clock = new SimulatedClock(0);
    const replay = new CandleReplayFeed({ series, timeframe: '1m', clock, warmup }).replay(['C', 'A', 'B'], '1m');
    const plain = (x: Candle): Candle => ({ openTime: x.openTime, open: x.open, high: x.high, low: x.low, close: x.close, volume: x.volume });
    const held = new Map<string, { object: Candle; value: Candle }>();
    let rows = 0;
    let ticks = 0;
    for (let k = 0; k < 200_000; k += 1) {
      const expected = (['C', 'A', 'B'] as const).filter((symbol) => replayed(symbol, k)).map((symbol) => [symbol, candle(k, ['A', 'B', 'C'].indexOf(symbol))]);
      if (expected.length === 0) continue;
      const tick = replay.next();
      expect(tick.done).toBe(false);
      const got = tick.value!.map((x) => [x.symbol, plain(x.candle)]);
      for (const x of tick.value!) if (x.slot !== ['C', 'A', 'B'].indexOf(x.symbol)) expect(x.slot).toBe(['C', 'A', 'B'].indexOf(x.symbol));
      if (JSON.stringify(got) !== JSON.stringify(expected)) expect(got).toEqual(expected);
      if (clock.now() !== T + (k + 1) * 60_000) expect(clock.now()).toBe(T + (k + 1) * 60_000);
      const moved = new Set(got.map(([symbol]) => symbol));
      for (const [symbol, value] of held) if (!moved.has(symbol) && JSON.stringify(plain(value.object)) !== JSON.stringify(value.value)) expect([symbol, plain(value.object)]).toEqual([symbol, value.value]);
      for (const x of tick.value as readonly ClosedCandle[]) held.set(x.symbol, { object: x.candle, value: plain(x.candle) });
      rows += got.length;
      ticks += 1;
    }
    expect(replay.next().done).toBe(true);
    expect(rows).toBe(series.A!.length + series.B!.length + series.C!.length - 3 * warmup);
    if (warmup === 0) expect(ticks).toBe(190_000); // k % 7 === 3 between 20,000 and 90,000: no pair has a candle
  });
});

describe('CandleReplayFeed following runtime pair changes', () => {
  const series = { A: [c(0), c(1), c(2), c(3), c(4)], B: [c(0), c(1), c(2), c(3), c(4)] };

  it('replays a watched symbol from the next tick after the history it returns, drops an unwatched one, and refuses one without series', async () => {
    const clock = new SimulatedClock(0);
    const feed = new CandleReplayFeed({ series, timeframe: '5m', clock });
    const out: string[] = [];
    let history: readonly Candle[] = [];
    for await (const batch of feed.ticks(['A'], '5m')) {
      const k = (batch[0]!.candle.openTime - T) / M;
      out.push(`${k}: ${batch.map((x) => x.symbol).join(' ')}`);
      if (k === 1) history = await feed.watch('B', '5m', 10);
      if (k === 3) feed.unwatch('A');
    }
    expect(out).toEqual(['0: A', '1: A', '2: A B', '3: A B', '4: B']);
    expect(history).toEqual([c(0), c(1)]);
    await expect(feed.watch('Z', '5m', 10)).rejects.toThrow('no stored 5m candles for Z to replay: import or download them, then restart');
    // once the replay ended, history is again what comes before its start
    expect(await feed.history('B', '5m', 10)).toEqual([]);
  });
});
