import type { Deal } from '../../domain/deal/deal.entity.js';
import type { PanicWatch } from '../../domain/services/exits/exit.evaluator.js';
import { ExitWatch } from '../../domain/services/exits/exit.watch.js';
import type { PairStrategy } from '../../domain/services/strategy.js';
import type { TradedPair } from '../shared/trading-context.js';
import type { CandleWindow } from './candle-window.js';

const NO_WATCHES: readonly ExitWatch[] = Object.freeze([]);

/** What the loop keeps per pair. */
export interface PairState {
  readonly traded: TradedPair;
  readonly strategy: PairStrategy;
  readonly window: CandleWindow;
  /** Working deals, oldest first. */
  deals: Deal[];
  /** One per open deal where the pair has stop, trailing or time rules; rebuilt when deals change. */
  watches: readonly ExitWatch[];
  /** Panic watches fed by this pair's candles (its own rule, or pairs that follow it as reference). */
  panics: PanicWatch[];
  /** Number of the last tick that brought this pair a candle. */
  lastTick: number;
}

export function pairState(traded: TradedPair, strategy: PairStrategy, window: CandleWindow, deals: Deal[]): PairState {
  return { traded, strategy, window, deals, watches: NO_WATCHES, panics: [], lastTick: 0 };
}

/** Drops final deals and rebuilds the exit watches; allocates nothing for a pair without deal rules. */
export function refreshPair(state: PairState, stops: boolean): void {
  if (state.deals.some((d) => d.isFinal)) state.deals = state.deals.filter((d) => !d.isFinal);
  const { pair, market } = state.traded;
  if (!pair.exits.watchesDeals) return;
  const open = state.deals.filter((d) => d.status === 'open');
  state.watches = open.length === 0 ? NO_WATCHES : open.map((deal) => new ExitWatch(deal, pair, market, stops));
}
