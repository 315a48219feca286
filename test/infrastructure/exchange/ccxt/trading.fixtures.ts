import type { TradedPair, TradingContext } from '../../../../src/application/shared/trading-context.js';
import { TradingLoop } from '../../../../src/application/trading-loop/trading-loop.js';
import { CurrencyPair, type CurrencyPairProps } from '../../../../src/domain/currency-pair/currency-pair.entity.js';
import type { Deal } from '../../../../src/domain/deal/deal.entity.js';
import type { DomainEvent } from '../../../../src/domain/events.js';
import type { Exchange } from '../../../../src/domain/ports/exchange.port.js';
import { TradingService } from '../../../../src/domain/services/trading.service.js';
import type { Candle } from '../../../../src/domain/shared/candle.js';
import { SequentialIds } from '../../../../src/infrastructure/ids/sequential-ids.js';
import { InMemoryUnitOfWork } from '../../../../src/infrastructure/persistence/in-memory/in-memory.unit-of-work.js';
import { ScriptedStrategy } from '../../../support/paper-harness.js';
import { waitFor } from '../../../support/binance-sim/manual-time.js';
import { feedRig, MINUTE, SECOND, SYMBOLS, T0, type FeedRig, type FeedRigAccount } from '../../market-data/ccxt/feed.fixtures.js';

export const price = (i: number): number => 100 * (i + 1);

/** Minute k of pair i: flat at P with low P - 0.5; the minutes in `spikes` reach 2 % above P. */
export function flatMinuteOf(i: number, k: number, spikes: readonly number[] = [3, 7]): Candle {
  const p = price(i);
  return { openTime: T0 + k * MINUTE, open: p, high: spikes.includes(k) ? p * 1.02 : p + 0.5, low: p - 0.5, close: p, volume: 10 };
}

/** The connector without takeOrderUpdates: the loop polls every working order on every tick, as before watchOrders. */
export function pollingOnly(exchange: Exchange): Exchange {
  return {
    id: exchange.id,
    loadMarkets: () => exchange.loadMarkets(),
    fetchBalance: () => exchange.fetchBalance(),
    createOrder: (request) => exchange.createOrder(request),
    cancelOrder: (symbol, clientOrderId) => exchange.cancelOrder(symbol, clientOrderId),
    fetchOrder: (symbol, clientOrderId) => exchange.fetchOrder(symbol, clientOrderId),
    fetchOpenOrders: (symbol) => exchange.fetchOpenOrders(symbol),
  };
}

export interface TradingRig {
  readonly rig: FeedRig;
  readonly ctx: TradingContext;
  readonly events: DomainEvent[];
  /** Settles with the loop: resolves when it stops, rejects when it halts on an error. */
  readonly done: Promise<unknown>;
  processed(): number;
  deals(): Promise<Deal[]>;
  /** Streams minute k-1 to its close and opens minute k (at T0 + k minutes), then waits for the loop to process tick k-1. */
  playTo(k: number): Promise<void>;
  close(): Promise<void>;
}

export interface TradingRigOptions {
  readonly symbols?: readonly string[];
  readonly bullishMinutes: readonly number[];
  readonly pushUpdates?: boolean;
  readonly spikes?: readonly number[];
  readonly account?: FeedRigAccount;
  /** Minute k of pair i (default: flatMinuteOf with `spikes`). */
  readonly minute?: (i: number, k: number) => Candle;
  /** Replaces the pairs' default settings (e.g. `dca`, `dealQuota`). */
  readonly pair?: Partial<Omit<CurrencyPairProps, 'symbol'>>;
}

/**
 * The live composition of the realtime loop against the local server: CcxtExchange,
 * CcxtMarketFeed, in-memory unit of work, a scripted strategy (BULLISH at the listed minutes).
 */
export async function tradingRig(options: TradingRigOptions): Promise<TradingRig> {
  const symbols = options.symbols ?? SYMBOLS;
  const rig = await feedRig(T0 + 5 * SECOND, options.account);
  const flatMinute = options.minute ?? ((i: number, k: number): Candle => flatMinuteOf(i, k, options.spikes));
  const { sim, exchange, feed, time } = rig;
  for (let k = -30; k < 0; k += 1) symbols.forEach((s, i) => sim.pushCandle(s, flatMinute(i, k)));
  const markets = await exchange.loadMarkets();
  const pairs = new Map<string, TradedPair>(
    symbols.map((symbol) => [symbol, { pair: CurrencyPair.create({ symbol, orderLifeTime: 600, dealQuota: '50', profitMarkup: '0.01', dealCount: 1, ...options.pair }), market: markets.find((m) => m.symbol === symbol)! }]),
  );
  const events: DomainEvent[] = [];
  const uow = new InMemoryUnitOfWork(undefined, { publish: async (e) => void events.push(...e) });
  const ctx: TradingContext = { exchange: options.pushUpdates === false ? pollingOnly(exchange) : exchange, uow, clock: time, ids: new SequentialIds('h'), trading: new TradingService(), prefix: 'dlb-', pairs };
  const strategy = new ScriptedStrategy(Object.fromEntries(symbols.map((s) => [s, options.bullishMinutes.map((k) => T0 + k * MINUTE)])));
  const loop = new TradingLoop(ctx, feed, strategy, { timeframe: '1m', windowSize: 30 });
  const stop = new AbortController();
  let processed = 0;
  const done = loop.run(stop.signal, () => {
    processed += 1;
  });
  done.catch(() => undefined);
  let halted = false;
  done.then(
    () => undefined,
    () => (halted = true),
  );
  await waitFor(() => sim.streamStats.subscriptions === symbols.length, 'the loop to subscribe');
  const push = (k: number, final: boolean) => symbols.forEach((s, i) => sim.pushCandle(s, flatMinute(i, k), { final }));
  push(0, false);
  let minute = 0;
  const STATUS: Readonly<Record<string, string>> = { NEW: 'open', PARTIALLY_FILLED: 'open', FILLED: 'closed', CANCELED: 'canceled', EXPIRED: 'expired', REJECTED: 'rejected' };
  /** Every server order as the connector last saw it (stream or REST; never seen: still NEW); true while the stream is not up (the loop polls then). */
  const streamCaughtUp = (): boolean =>
    exchange.orderWatchStatus()?.state !== 'up' ||
    sim.orders().every((o) => {
      const u = exchange.lastSeen(o.clientOrderId);
      return u === undefined ? o.status === 'NEW' : u.status === STATUS[o.status] && u.filled.eq(o.executedQty);
    });
  /**
   * On a real exchange a fill happens during the minute and its push arrives long before the
   * candle closes; the server fills on the final candle itself. So: the final candle fills on the
   * server first (its kline held back), the fills reach the connector's order stream, and only
   * then does the final kline go out and make the tick.
   */
  const finalWithFillsStreamed = async (k: number): Promise<void> => {
    sim.silenceStreams(true);
    push(k, true);
    sim.silenceStreams(false);
    await waitFor(streamCaughtUp, `the order stream to report the fills of minute ${k}`);
    push(k, true);
  };
  return {
    rig,
    ctx,
    events,
    done,
    processed: () => processed,
    deals: () => uow.run((r) => r.deals.getAll()),
    async playTo(k) {
      for (minute += 1; minute <= k; minute += 1) {
        await rig.advanceTo(T0 + (minute - 1) * MINUTE + 30 * SECOND);
        push(minute - 1, false);
        await rig.advanceTo(T0 + minute * MINUTE);
        await finalWithFillsStreamed(minute - 1);
        push(minute, false);
        const expected = minute;
        await waitFor(() => processed === expected || halted, `tick ${minute - 1} processed`);
        if (halted) return;
      }
      minute = k;
    },
    async close() {
      stop.abort();
      await done.catch(() => undefined);
      await rig.close();
    },
  };
}
