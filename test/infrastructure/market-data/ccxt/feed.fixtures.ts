import type { ClosedCandle } from '../../../../src/domain/ports/market-feed.port.js';
import type { Candle } from '../../../../src/domain/shared/candle.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import { CcxtMarketFeed } from '../../../../src/infrastructure/market-data/ccxt/ccxt-market-feed.js';
import type { BinanceSim, SimFeeMode, SimMarketSpec } from '../../../support/binance-sim/binance-sim.js';
import { ManualTime, settle, waitFor } from '../../../support/binance-sim/manual-time.js';
import { connectorFor, startSim, testLogger } from '../../exchange/ccxt/ccxt.fixtures.js';

export const MINUTE = 60_000;
export const SECOND = 1_000;
/** A minute boundary; candle k opens at T0 + k minutes. */
export const T0 = Date.UTC(2024, 0, 1, 12, 0);
export const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'ADA/USDT'] as const;

const FIVE: SimMarketSpec[] = SYMBOLS.map((s) => ({ base: s.split('/')[0]!, quote: 'USDT', tickSize: '0.0001', stepSize: '0.01', minQty: '0.01', minNotional: '5' }));

/** Candle k of symbol i; `final` values differ from the first update's so a stale one shows. */
export function candle(i: number, k: number, final = true): Candle {
  const base = 100 * (i + 1) + k;
  return { openTime: T0 + k * MINUTE, open: base, high: base + (final ? 2 : 1), low: base - (final ? 2 : 1), close: base + (final ? 0.5 : 0.25), volume: final ? 10 : 4 };
}

export interface FeedRig {
  readonly time: ManualTime;
  readonly sim: BinanceSim;
  readonly exchange: CcxtExchange;
  readonly feed: CcxtMarketFeed;
  /** Every tick received so far. */
  readonly ticks: (readonly ClosedCandle[])[];
  start(symbols?: readonly string[]): Promise<void>;
  /** Pushes candle k of every symbol (as a final or a first update) at the current time. */
  push(k: number, final: boolean): void;
  /** Moves the clock to `at` in 1 s steps, letting the feed finish each check. */
  advanceTo(at: number): Promise<void>;
  close(): Promise<void>;
}

/** The server's account: fee mode, extra markets (e.g. BNB/USDT for BNB fees) and balances over 100000 USDT. */
export interface FeedRigAccount {
  readonly feeMode?: SimFeeMode;
  readonly extraMarkets?: readonly SimMarketSpec[];
  readonly balances?: Readonly<Record<string, string>>;
}

export async function feedRig(startAt = T0 + 5 * SECOND, account: FeedRigAccount = {}): Promise<FeedRig> {
  const time = new ManualTime(startAt);
  const sim = await startSim({ markets: [...FIVE, ...(account.extraMarkets ?? [])], now: time.now, balances: { USDT: '100000', ...account.balances }, ...(account.feeMode && { feeMode: account.feeMode }) });
  const exchange = await connectorFor(sim, { clock: time, sleep: time.sleep });
  const feed = await CcxtMarketFeed.forExchange(exchange, { clock: time, sleep: time.sleep, logger: testLogger });
  const ticks: (readonly ClosedCandle[])[] = [];
  const controller = new AbortController();
  let running: Promise<void> = Promise.resolve();

  const idle = async (): Promise<void> => {
    await settle(1);
    await waitFor(() => feed.status()?.checking !== true, 'the feed check to finish');
  };

  return {
    time,
    sim,
    exchange,
    feed,
    ticks,
    async start(symbols = SYMBOLS) {
      running = (async () => {
        for await (const tick of feed.ticks(symbols, '1m', controller.signal)) ticks.push(tick);
      })();
      await waitFor(() => sim.streamStats.subscriptions === symbols.length, 'the kline subscription');
      await idle();
    },
    push(k, final) {
      SYMBOLS.forEach((s, i) => sim.pushCandle(s, candle(i, k, final), { final }));
    },
    async advanceTo(at) {
      while (time.now() < at) {
        time.advance(Math.min(SECOND, at - time.now()));
        await idle();
      }
    },
    async close() {
      controller.abort();
      await running;
      await exchange.close();
      await sim.stop();
    },
  };
}

/** The ticks as [minute index, symbols] for compact assertions. */
export function tickIndex(ticks: readonly (readonly ClosedCandle[])[]): [number, string[]][] {
  return ticks.map((t) => [(t[0]!.candle.openTime - T0) / MINUTE, t.map((c) => c.symbol)]);
}

/** Every candle in the ticks equals the final candle pushed for it. */
export function allFinal(ticks: readonly (readonly ClosedCandle[])[]): boolean {
  return ticks.every((t) => t.every((c) => JSON.stringify(c.candle) === JSON.stringify(candle(SYMBOLS.indexOf(c.symbol as (typeof SYMBOLS)[number]), (c.candle.openTime - T0) / MINUTE, true))));
}
