import { describe, expect, it } from 'vitest';
import type { ClosedCandle, MarketFeed } from '../../../src/domain/ports/market-feed.port.js';
import type { LookAhead } from '../../../src/domain/ports/replay.port.js';
import type { Candle, Timeframe } from '../../../src/domain/shared/candle.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { SimulatedClock } from '../../../src/infrastructure/clock/simulated.clock.js';
import { PaperExchange } from '../../../src/infrastructure/exchange/paper/paper.exchange.js';
import { CandleReplayFeed } from '../../../src/infrastructure/market-data/candle-replay.market-feed.js';
import { MatchingFeed, MatchingReplayFeed } from '../../../src/infrastructure/market-data/matching.market-feed.js';

const T = Date.UTC(2024, 0, 1);
const M = 60_000;
const c = (k: number, low: number): Candle => ({ openTime: T + k * M, open: 101, high: 102, low, close: 101, volume: 1 });

describe('MatchingFeed', () => {
  it('shows every candle of a batch to the exchange before the consumer sees the batch', async () => {
    const log: string[] = [];
    const sink = { bookOf: (symbol: string) => symbol, onBookCandle: (symbol: string, candle: Candle) => log.push(`exchange ${symbol} ${(candle.openTime - T) / M}`) };
    const inner = new CandleReplayFeed({ series: { A: [c(0, 99), c(1, 99)], B: [c(1, 99)] }, timeframe: '1m', clock: new SimulatedClock(0) });
    for await (const batch of new MatchingFeed(inner, sink).ticks(['A', 'B'], '1m')) log.push(`consumer ${batch.length}`);
    expect(log).toEqual(['exchange A 0', 'consumer 1', 'exchange A 1', 'exchange B 1', 'consumer 2']);
  });

  it('replays with each candle shown, with its series to read ahead, to the book of its own symbol, also when a position holds another pair than on the last tick', () => {
    const log: string[] = [];
    const lookups: string[] = [];
    const sink = {
      bookOf: (symbol: string) => (lookups.push(symbol), symbol === 'C' ? undefined : `book ${symbol}`),
      onBookCandle: (book: string, candle: Candle, ahead?: LookAhead) => log.push(`${book} ${(candle.openTime - T) / M}${ahead === (candle as unknown) ? '' : ' without its series'}`),
    };
    const inner = new CandleReplayFeed({ series: { A: [c(1, 99), c(2, 99)], B: [c(0, 99), c(1, 99), c(2, 99)], C: [c(2, 99)] }, timeframe: '1m', clock: new SimulatedClock(0) });
    const replay = new MatchingReplayFeed(inner, sink).replay(['A', 'B', 'C'], '1m');
    const sizes: number[] = [];
    for (let tick = replay.next(); tick.done !== true; tick = replay.next()) sizes.push(tick.value.length);
    expect(sizes).toEqual([1, 2, 3]);
    expect(log).toEqual(['book B 0', 'book A 1', 'book B 1', 'book A 2', 'book B 2']);
    // each symbol's book is looked up once, when the replay starts; C has none and its candles are not shown
    expect(lookups).toEqual(['A', 'B', 'C']);
  });

  it('fills a paper order placed on one tick from the next candle on, before the bot sees that candle', async () => {
    const clock = new SimulatedClock(0);
    const market = { symbol: 'A', base: 'A', quote: 'Q', amountStep: dec('1'), priceStep: dec('1'), minAmount: dec('1'), minCost: dec('0'), makerFee: dec('0'), takerFee: dec('0') };
    const exchange = new PaperExchange({ markets: [market], balances: { Q: '1000' }, clock });
    const inner = new CandleReplayFeed({ series: { A: [c(0, 90), c(1, 100), c(2, 100)] }, timeframe: '1m', clock, warmup: 0 });
    const statuses: string[] = [];
    for await (const _ of new MatchingFeed(inner, exchange).ticks(['A'], '1m')) {
      if (statuses.length === 0) await exchange.createOrder({ clientOrderId: 'b1', symbol: 'A', side: 'buy', type: 'limit', amount: dec(1), price: dec(100) });
      statuses.push((await exchange.fetchOrder('A', 'b1'))!.status);
    }
    expect(statuses).toEqual(['open', 'closed', 'closed']);
    expect((await exchange.fetchOrder('A', 'b1'))!.trades![0]!.timestamp).toBe(T + M);
  });

  it('passes history through and closes the inner feed when the consumer stops', async () => {
    let closed = false;
    const inner: MarketFeed = {
      history: async (symbol: string, timeframe: Timeframe, limit: number) => [c(limit, symbol === 'A' && timeframe === '1m' ? 1 : 2)],
      ticks: async function* (): AsyncIterable<readonly ClosedCandle[]> {
        try {
          for (let k = 0; ; k += 1) yield [{ symbol: 'A', timeframe: '1m', candle: c(k, 99) }];
        } finally {
          closed = true;
        }
      },
    };
    const feed = new MatchingFeed(inner, { bookOf: () => undefined, onBookCandle: () => undefined });
    expect(await feed.history('A', '1m', 7)).toEqual([c(7, 1)]);
    let ticks = 0;
    for await (const _ of feed.ticks(['A'], '1m')) if (++ticks === 3) break;
    expect(ticks).toBe(3);
    expect(closed).toBe(true);
  });
});
