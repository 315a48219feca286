import type { ExchangeOrder } from '../../domain/ports/exchange.port.js';
import type { Candle } from '../../domain/shared/candle.js';
import type { ClosedCandle } from '../../domain/ports/market-feed.port.js';
import type { PanicWatch } from '../../domain/services/exits/exit.evaluator.js';
import { anyMayAct } from '../../domain/services/exits/exit.watch.js';
import type { TradingContext } from '../shared/trading-context.js';
import type { PairState } from './pair-state.js';

/** Ticks and candles a loop has read. */
export interface LoopStats {
  ticks: number;
  candles: number;
}

/** Who watches the loop run (the API's readiness and latency metrics). */
export interface LoopWatch {
  /** Reconciled and warmed up: operator actions may run. */
  started?(): void;
  /** A tick's candles came from the feed, before its steps run. */
  arrived?(tick: readonly ClosedCandle[]): void;
  /** The closed candles a pair's strategy warmed up on (at the start, or when the pair is added). */
  warmedUp?(symbol: string, history: readonly Candle[]): void;
}

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

/** The reading of no candles, only of order updates the exchange pushed between ticks, at `at`: steps 0 and 2 act on it, nothing enters or exits. */
export function pushedReading(updates: readonly ExchangeOrder[] | undefined, at: number): TickReading {
  return { number: -1, at, updates, signals: NONE, panics: NONE, exitsMayAct: false };
}

/**
 * Reads a tick's candles without acting on them: counts the tick, shows each pair's strategy
 * and panic watches its candle, and takes the exchange's pushed order updates.
 */
export function readTick<C extends ClosedCandle>(stats: LoopStats, ctx: TradingContext, candles: readonly C[], stateOf: (closed: C) => PairState | undefined): TickReading {
  const number = (stats.ticks += 1);
  stats.candles += candles.length;
  const updates = ctx.exchange.takeOrderUpdates?.();
  const at = ctx.clock.now();
  let signals: ClosedCandle[] | null = null;
  let panics: PanicWatch[] | null = null;
  let exitsMayAct = false;
  for (const closed of candles) {
    const state = stateOf(closed);
    if (state === undefined) continue;
    const c = closed.candle;
    state.last = c;
    state.lastTick = number;
    state.price = c.close;
    if (state.strategy.onCandle(c) === 'BULLISH') (signals ??= []).push(closed);
    const pairPanics = state.panics;
    for (let i = 0; i < pairPanics.length; i += 1) if (pairPanics[i]!.detector.observe(c.openTime, c.high, c.close)) (panics ??= []).push(pairPanics[i]!);
    if (!exitsMayAct) exitsMayAct = anyMayAct(state.watches, c.openTime, c.high, c.close, at);
  }
  return { number, at, updates, signals: signals ?? NONE, panics: panics ?? NONE, exitsMayAct };
}
