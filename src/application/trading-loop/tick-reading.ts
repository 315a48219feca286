import type { ExchangeOrder } from '../../domain/ports/exchange.port.js';
import type { ClosedCandle } from '../../domain/ports/market-feed.port.js';
import type { PanicWatch } from '../../domain/services/exits/exit.evaluator.js';

/** What a tick brought, read before any of its steps: the candles' verdicts and the exchange's news. */
export interface TickReading {
  /** The tick's number, from 1. */
  readonly number: number;
  /** The market clock when the tick was read: the close time of its candles. */
  readonly at: number;
  /** Order updates the exchange pushed since the last tick; undefined where it pushes none, so deals are asked. */
  readonly updates: readonly ExchangeOrder[] | undefined;
  /** The candles on which a pair's strategy said BULLISH. */
  readonly signals: readonly ClosedCandle[];
  /** Panic watches whose market crashed on this tick. */
  readonly panics: readonly PanicWatch[];
  /** An open deal's stop loss, trailing stop or time exit may act on its pair's candle. */
  readonly exitsMayAct: boolean;
}

/** Shared, and typed read-only rather than frozen: V8 runs for-of over a frozen array on its slow path (45 ms more per million replayed ticks). */
export const NONE: readonly never[] = [];
