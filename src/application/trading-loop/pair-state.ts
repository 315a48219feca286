import type { Deal } from '../../domain/deal/deal.entity.js';
import { dcaCancelDue } from '../../domain/services/dca/dca-deal.js';
import { panicWatches, type PanicWatch } from '../../domain/services/exits/exit.evaluator.js';
import { ExitWatch } from '../../domain/services/exits/exit.watch.js';
import type { PairStrategy } from '../../domain/services/strategy.js';
import type { Candle } from '../../domain/shared/candle.js';
import type { TradedPair, TradingContext } from '../shared/trading-context.js';
import type { PauseBoard } from '../shared/pause-board.js';
import type { WorkingDeals } from '../shared/working-deals.js';

const NO_WATCHES: readonly ExitWatch[] = Object.freeze([]);

/** What the loop keeps per pair. */
export interface PairState {
  /** Replaced when the operator updates the pair. */
  traded: TradedPair;
  readonly strategy: PairStrategy;
  /** The pair's latest closed candle as its feed gave it (a replay refills one object per pair: read it within the tick). */
  last: Candle | undefined;
  /** Working deals, oldest first. */
  deals: Deal[];
  /** One per open deal where the pair has stop, trailing or time rules; rebuilt when deals change. */
  watches: readonly ExitWatch[];
  /** Panic watches fed by this pair's candles (its own rule, or pairs that follow it as reference). */
  panics: PanicWatch[];
  /** Number of the last tick that brought this pair a candle. */
  lastTick: number;
  /** The last price seen: the last close, or a later ticker price; NaN before any. */
  price: number;
  /** Before this time none of its deals needs the exchange asked (see pairNextCheck). */
  nextCheck: number;
  /** When its latest deal ended (closed or cancelled), for the pair's cooldown; -Infinity when none has. */
  lastEndedAt: number;
}

export function pairState(traded: TradedPair, strategy: PairStrategy, deals: Deal[]): PairState {
  return { traded, strategy, last: undefined, deals, watches: NO_WATCHES, panics: [], lastTick: 0, price: Number.NaN, nextCheck: Number.NEGATIVE_INFINITY, lastEndedAt: Number.NEGATIVE_INFINITY };
}

/** May the pair open a deal at `at` (not paused, under its dealCount, cooled down)? The domain decides; funds are checked on opening. */
export function mayOpen(ctx: TradingContext, state: PairState, pauses: PauseBoard, at: number): boolean {
  const { pair } = state.traded;
  return ctx.trading.mayOpen(pair, state.deals.length, pauses.isPaused(pair.symbol, at), at, state.lastEndedAt);
}

/** Drops final deals (noting when the latest ended), rebuilds the exit watches and the next check time. */
export function refreshPair(state: PairState, stops: boolean): void {
  const deals = state.deals;
  let ended = false;
  for (let i = 0; i < deals.length; i += 1) {
    const deal = deals[i]!;
    if (!deal.isFinal) continue;
    ended = true;
    if (deal.closedAt !== null && deal.closedAt > state.lastEndedAt) state.lastEndedAt = deal.closedAt;
  }
  if (ended) state.deals = deals.filter(isWorking);
  state.nextCheck = pairNextCheck(state);
  const { pair, market } = state.traded;
  if (!pair.exits.watchesDeals) {
    state.watches = NO_WATCHES;
    return;
  }
  const open = state.deals.filter((d) => d.status === 'open');
  state.watches = open.length === 0 ? NO_WATCHES : open.map((deal) => new ExitWatch(deal, pair, market, stops));
}

const isWorking = (deal: Deal): boolean => !deal.isFinal;

/** Gives each panic watch of `pairs` (all by default) to the pair whose candles feed it (the pair itself, or its reference pair). */
export function attachPanicWatches(states: ReadonlyMap<string, PairState>, candleMs: number, pairs = [...states.values()].map((s) => s.traded.pair)): void {
  for (const watch of panicWatches(pairs, candleMs)) {
    const source = states.get(watch.detector.symbol);
    if (!source) throw new RangeError(`pairs: ${watch.pair} panicSell.reference ${watch.detector.symbol} is not a traded pair`);
    source.panics.push(watch);
  }
}

/**
 * The earliest time at which one of the pair's working deals may need the exchange asked
 * (`needsCheck`): -Infinity for an unknown order, a closing deal or a DCA deal with a cancel due, the buy's expiry for a
 * pending deal, +Infinity when none. Never later than the true moment (1 ms early), so a
 * tick before it can skip the per-deal checks.
 */
export function pairNextCheck(state: PairState): number {
  let earliest = Number.POSITIVE_INFINITY;
  const lifetimeMs = state.traded.pair.orderLifeTime * 1000;
  for (const deal of state.deals) {
    if (deal.isFinal) continue;
    if (deal.status === 'closing' || (deal.status === 'open' && state.traded.pair.dca !== null && dcaCancelDue(deal))) return Number.NEGATIVE_INFINITY;
    for (const order of deal.orders) if (order.status === 'unknown') return Number.NEGATIVE_INFINITY;
    const buy = deal.buyOrder;
    if (deal.status === 'pending' && !buy.isFinal) earliest = Math.min(earliest, buy.createdAt + lifetimeMs - 1);
  }
  return earliest;
}

/** The earliest next check time over all pairs. */
export function nextCheckAt(states: readonly PairState[]): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < states.length; i += 1) if (states[i]!.nextCheck < earliest) earliest = states[i]!.nextCheck;
  return earliest;
}

/** The loop's working deals, as operator actions see them; a deal it no longer holds is read from the database. */
export function loopDeals(states: ReadonlyMap<string, PairState>, ctx: TradingContext): WorkingDeals {
  return {
    async find(dealId) {
      for (const state of states.values()) for (const deal of state.deals) if (deal.id === dealId) return deal;
      return ctx.uow.read((r) => r.deals.getById(dealId));
    },
    async list(symbol) {
      const deals = symbol === undefined ? [...states.values()].flatMap((s) => s.deals) : [...(states.get(symbol)?.deals ?? [])];
      return deals.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    },
    add(deal) {
      const state = states.get(deal.symbol);
      if (state !== undefined && !deal.isFinal && !state.deals.includes(deal)) state.deals.push(deal);
    },
  };
}

/** The pair's last price, or null before any. */
export function lastPrice(state: PairState | undefined): number | null {
  return state === undefined || Number.isNaN(state.price) ? null : state.price;
}
