import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TradingLoop } from '../../../src/application/trading-loop/trading-loop.js';
import { OrderOutcomeUnknownError } from '../../../src/domain/ports/exchange.errors.js';
import type { ExchangeOrder, OrderRequest } from '../../../src/domain/ports/exchange.port.js';
import type { Repositories } from '../../../src/domain/ports/repositories.port.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork } from '../../../src/infrastructure/persistence/sql/index.js';
import { candle, paperHarness, ScriptedStrategy } from '../../support/paper-harness.js';
import { BTC, tradingHarness } from '../exits/exit-harness.js';

const pair = (symbol: string) => ({ symbol, dealQuota: '100', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 3600 });
const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'ADA/USDT', 'XRP/USDT'];

/** A real SQLite file database whose transactions are counted. */
class CountingSqlUnitOfWork extends SqlUnitOfWork {
  runs = 0;
  override run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    this.runs += 1;
    return super.run(work);
  }
}

type Harness = ReturnType<typeof paperHarness>;

/** Holds each call of `method` for `ms` before the paper exchange takes it; counts the calls in flight. */
function slowCalls(h: Harness, ms: number): { max: () => number } {
  let inFlight = 0;
  let max = 0;
  const hold = <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      inFlight += 1;
      max = Math.max(max, inFlight);
      try {
        await sleep(ms);
        return await call(...args);
      } finally {
        inFlight -= 1;
      }
    };
  h.exchange.createOrder = hold(h.exchange.createOrder.bind(h.exchange));
  h.exchange.fetchOrder = hold(h.exchange.fetchOrder.bind(h.exchange));
  return { max: () => max };
}

describe('the order of work in a tick', () => {
  it("sends the tick's new buys before the sells its order updates call for", async () => {
    const h = paperHarness({
      pairs: [{ props: pair('BTC/USDT') }, { props: pair('ETH/USDT') }],
      balances: { USDT: '1000' },
      strategy: new ScriptedStrategy({ 'BTC/USDT': [0], 'ETH/USDT': [60_000] }),
      series: {
        'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 100, l: 99.9 })], // buy @ 100, filled by the next candle
        'ETH/USDT': [candle(0, { c: 50 }), candle(1, { c: 50 })], // BULLISH on the candle that fills BTC's buy
      },
    });
    const sent: string[] = [];
    const create = h.exchange.createOrder.bind(h.exchange);
    h.exchange.createOrder = (request: OrderRequest) => {
      sent.push(`${h.clock.now()} ${request.side} ${request.symbol}`);
      return create(request);
    };
    await h.loop.run();
    expect(sent).toEqual(['60000 buy BTC/USDT', '120000 buy ETH/USDT', '120000 sell BTC/USDT']);
    expect((await h.deals()).map((d) => [d.symbol, d.status])).toEqual([
      ['BTC/USDT', 'open'],
      ['ETH/USDT', 'pending'],
    ]);
  });

  describe('on a SQLite file', () => {
    let folder = '';
    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), 'dealbot-tick-order-'));
    });
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it("stores the tick's new deals and the pushed updates' changes in one transaction before the first buy goes out", async () => {
      const [btc, ...others] = SYMBOLS.slice(0, 4) as [string, ...string[]];
      const series: Record<string, ReturnType<typeof candle>[]> = { [btc]: [candle(0, { c: 100 }), candle(1, { c: 100, l: 99.9 })] };
      for (const symbol of others) series[symbol] = [candle(0, { c: 50 }), candle(1, { c: 50 })];
      const h = paperHarness({
        pairs: SYMBOLS.slice(0, 4).map((symbol) => ({ props: pair(symbol) })),
        balances: { USDT: '1000' },
        strategy: new ScriptedStrategy({ [btc]: [0], ...Object.fromEntries(others.map((s) => [s, [60_000]])) }),
        series,
      });
      const database = await openDatabase(`sqlite:${join(folder, 'one-commit.db')}`);
      await migrateToLatest(database);
      const uow = new CountingSqlUnitOfWork(database);
      let runsBefore = 0;
      const seen: { runs: number; stored: string[] }[] = [];
      const create = h.exchange.createOrder.bind(h.exchange);
      h.exchange.createOrder = async (request: OrderRequest): Promise<ExchangeOrder> => {
        if (h.clock.now() === 120_000 && seen.length === 0) {
          const deals = await uow.read((r) => r.deals.getAll());
          seen.push({ runs: uow.runs - runsBefore, stored: deals.flatMap((d) => d.orders.map((o) => `${d.symbol} ${o.side} ${o.status}`)) });
        }
        return create(request);
      };
      const loop = new TradingLoop({ ...h.ctx, uow }, h.feed, new ScriptedStrategy({ [btc]: [0], ...Object.fromEntries(others.map((s) => [s, [60_000]])) }), { timeframe: '1m', windowSize: 500 });
      try {
        await loop.run(undefined, () => {
          runsBefore = uow.runs;
        });
      } finally {
        await database.close();
      }
      expect(seen).toEqual([{ runs: 1, stored: ['BTC/USDT buy closed', 'BTC/USDT sell new', 'ETH/USDT buy new', 'SOL/USDT buy new', 'ADA/USDT buy new'] }]);
    });
  });

  it('keeps the order requests in flight within the exchange\'s order concurrency, and uses it', async () => {
    const series = Object.fromEntries(SYMBOLS.map((s) => [s, [candle(0, { c: 50 })]]));
    const h = paperHarness({ pairs: SYMBOLS.map((symbol) => ({ props: pair(symbol) })), balances: { USDT: '1000' }, strategy: new ScriptedStrategy(Object.fromEntries(SYMBOLS.map((s) => [s, [0]]))), series, orderConcurrency: 2 });
    const calls = slowCalls(h, 5);
    await h.loop.run();
    expect(calls.max()).toBe(2);
    expect((await h.deals()).map((d) => [d.symbol, d.status, d.buyOrder.status])).toEqual(SYMBOLS.map((s) => [s, 'pending', 'open']));
  });

  it('sends one request at a time to the paper exchange by default, so its answers apply in a fixed order', async () => {
    const series = Object.fromEntries(SYMBOLS.map((s) => [s, [candle(0, { c: 50 })]]));
    const h = paperHarness({ pairs: SYMBOLS.map((symbol) => ({ props: pair(symbol) })), balances: { USDT: '1000' }, strategy: new ScriptedStrategy(Object.fromEntries(SYMBOLS.map((s) => [s, [0]]))), series });
    const calls = slowCalls(h, 2);
    await h.loop.run();
    expect(calls.max()).toBe(1);
    expect(h.exchange.orders().map((o) => o.symbol)).toEqual(SYMBOLS);
  });

  it('runs the deals of a tick concurrently, each strictly in order: a sell whose answer was lost is asked about only after its send ended', async () => {
    const symbols = SYMBOLS.slice(0, 4);
    const series = Object.fromEntries(symbols.map((s) => [s, [candle(0, { c: 50 }), candle(1, { c: 50, l: 49.9 }), candle(2, { c: 50 })]]));
    const h = paperHarness({ pairs: symbols.map((symbol) => ({ props: pair(symbol) })), balances: { USDT: '1000' }, strategy: new ScriptedStrategy(Object.fromEntries(symbols.map((s) => [s, [0]]))), series, orderConcurrency: 2 });
    const log: string[] = [];
    const create = h.exchange.createOrder.bind(h.exchange);
    const fetch = h.exchange.fetchOrder.bind(h.exchange);
    h.exchange.createOrder = async (request: OrderRequest): Promise<ExchangeOrder> => {
      const answer = await create(request);
      if (request.side === 'buy') return answer;
      log.push(`${request.symbol} create start`);
      await sleep(5);
      log.push(`${request.symbol} create end`);
      throw new OrderOutcomeUnknownError('the answer was lost'); // placed, but the bot cannot know
    };
    h.exchange.fetchOrder = async (symbol: string, clientOrderId: string): Promise<ExchangeOrder | null> => {
      log.push(`${symbol} fetch start`);
      await sleep(5);
      log.push(`${symbol} fetch end`);
      return fetch(symbol, clientOrderId);
    };
    const calls = slowCalls(h, 1);
    await h.loop.run();
    for (const symbol of symbols) expect(log.filter((line) => line.startsWith(`${symbol} `))).toEqual([`${symbol} create start`, `${symbol} create end`, `${symbol} fetch start`, `${symbol} fetch end`]);
    expect(calls.max()).toBe(2);
    const deals = await h.deals();
    expect(deals.map((d) => [d.symbol, d.status, d.sellOrder?.status])).toEqual(symbols.map((s) => [s, 'open', 'open']));
  });

  it('enters no pair whose panic watch fires on the tick, though the exits come after the entries', async () => {
    // 89 <= 100.4 x 0.9 within 3 minutes: the panic fires on minute 4's candle, which is also BULLISH
    const crash = [candle(0, { c: 100 }), candle(1, { c: 100.2 }), candle(2, { o: 100.2, h: 100.4, c: 97.5 }), candle(3, { c: 93 }), candle(4, { c: 89 }), candle(5, { c: 89 })];
    const h = tradingHarness({ 'BTC/USDT': { ...BTC, exits: { panicSell: { drop: '0.1', windowMinutes: 3, cooldownMinutes: 5 } } } }, { 'BTC/USDT': crash }, new ScriptedStrategy({ 'BTC/USDT': [240_000] }));
    for await (const minute of h.ticks()) if (minute === 240_000) expect(h.loop.pauses.isPaused('BTC/USDT', h.clock.now())).toBe(true);
    expect(await h.deals()).toEqual([]);
  });

  it('still enters, on that tick, a pair whose own panic watch did not fire', async () => {
    const crash = [candle(0, { c: 100 }), candle(1, { c: 100.2 }), candle(2, { o: 100.2, h: 100.4, c: 97.5 }), candle(3, { c: 93 }), candle(4, { c: 89 }), candle(5, { c: 89 })];
    const calm = [0, 1, 2, 3, 4, 5].map((m) => candle(m, { c: 20 }));
    const panicSell = { drop: '0.1', windowMinutes: 3, cooldownMinutes: 5 };
    const h = tradingHarness({ 'BTC/USDT': { ...BTC, exits: { panicSell } }, 'SOL/USDT': { ...BTC, exits: { panicSell } } }, { 'BTC/USDT': crash, 'SOL/USDT': calm }, new ScriptedStrategy({ 'BTC/USDT': [240_000], 'SOL/USDT': [240_000] }));
    await h.loop.run();
    expect((await h.deals()).map((d) => [d.symbol, d.createdAt])).toEqual([['SOL/USDT', 300_000]]);
  });
});
