import { committedBy } from '../../domain/bot/bot-budget.js';
import { stillToSpend } from '../../domain/services/dca/dca-deal.js';
import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Balances } from '../../domain/ports/exchange.port.js';
import type { ClosedCandle } from '../../domain/ports/market-feed.port.js';
import type { PanicWatch } from '../../domain/services/exits/exit.evaluator.js';
import { dec, ZERO, type Decimal } from '../../domain/shared/decimal.js';
import { decideDeal } from '../open-deal/open-deal.use-case.js';
import { eachBounded, orderConcurrency } from '../shared/bounded-work.js';
import { submitOrder } from '../shared/order-submitter.js';
import type { PauseBoard } from '../shared/pause-board.js';
import type { TradingContext } from '../shared/trading-context.js';
import { mayOpen, type PairState } from './pair-state.js';
import { NONE, type TickReading } from './tick-reading.js';

/**
 * Step 1, deciding: the BULLISH signals of pairs that may open (not paused, under their
 * dealCount, no panic watch of theirs fired on this tick), one balance read for all, less what
 * working DCA deals may still buy (their safety orders not placed yet), each deal's reservation
 * subtracted before the next; a bot with a budget opens only within what its
 * working deals leave of it (BotBudget). The new deals join their pairs; they are neither stored nor sent yet.
 */
export async function decideEntries(ctx: TradingContext, states: ReadonlyMap<string, PairState>, reading: TickReading, pauses: PauseBoard): Promise<readonly Deal[]> {
  const { signals, panics, at } = reading;
  const bullish: ClosedCandle[] = [];
  const quotes: string[] = [];
  for (let i = 0; i < signals.length; i += 1) {
    const candidate = signals[i]!;
    const state = states.get(candidate.symbol);
    if (state === undefined || !mayOpen(ctx, state, pauses, at) || panicked(panics, candidate.symbol)) continue;
    bullish.push(candidate);
    if (!quotes.includes(state.traded.pair.quote)) quotes.push(state.traded.pair.quote);
  }
  if (bullish.length === 0) return NONE;
  const balances: Balances = await ctx.exchange.fetchBalance(quotes);
  // what working DCA deals may still buy is not free: their safety orders not placed yet need it
  const reserved = dcaStillToSpend(states, quotes);
  const committed = new Map<string, Decimal>();
  const deals: Deal[] = [];
  for (let i = 0; i < bullish.length; i += 1) {
    const { symbol, candle } = bullish[i]!;
    const state = states.get(symbol) as PairState;
    const { quote, bot } = state.traded.pair;
    const already = reserved.get(quote) ?? ZERO;
    const budget = ctx.budgets?.get(bot);
    const held = budget === undefined ? ZERO : heldBy(committed, bot, quote, states);
    const result = decideDeal(ctx, {
      symbol,
      signal: 'BULLISH',
      price: dec(candle.close),
      openDeals: state.deals.length,
      freeQuote: (balances[quote]?.free ?? ZERO).minus(already),
      paused: pauses.isPaused(symbol, at),
      lastEndedAt: state.lastEndedAt,
      ...(budget === undefined ? {} : { budgetRoom: budget.room(quote, held) }),
    });
    if (!('opened' in result)) continue;
    deals.push(result.opened);
    state.deals.push(result.opened);
    reserved.set(quote, already.plus(result.reserved));
    if (budget !== undefined) committed.set(`${bot} ${quote}`, held.plus(result.reserved));
  }
  return deals;
}

/** Did a panic watch of `symbol` fire on this tick? A plain loop: a closure per signal in `some` was garbage on every tick. */
function panicked(panics: readonly PanicWatch[], symbol: string): boolean {
  for (const watch of panics) if (watch.pair === symbol) return true;
  return false;
}

/** Per quote, what the working DCA deals of pairs quoted in it may still take from the free balance (stillToSpend); none without DCA. */
function dcaStillToSpend(states: ReadonlyMap<string, PairState>, quotes: readonly string[]): Map<string, Decimal> {
  const owed = new Map<string, Decimal>();
  for (const state of states.values()) {
    const { pair, market } = state.traded;
    if (pair.dca === null || state.deals.length === 0 || !quotes.includes(pair.quote)) continue;
    let sum = owed.get(pair.quote) ?? ZERO;
    for (const deal of state.deals) sum = sum.plus(stillToSpend(deal, pair.dca, market));
    owed.set(pair.quote, sum);
  }
  return owed;
}

/** What `bot`'s working deals in `quote` hold of its budget: counted once per tick, then kept up as the tick opens deals. */
function heldBy(committed: Map<string, Decimal>, bot: string, quote: string, states: ReadonlyMap<string, PairState>): Decimal {
  const key = `${bot} ${quote}`;
  let held = committed.get(key);
  if (held === undefined) {
    held = committedBy(bot, quote, [...states.values()].map((s) => ({ pair: s.traded.pair, market: s.traded.market, deals: s.deals })));
    committed.set(key, held);
  }
  return held;
}

/**
 * Step 1, sending: the new deals' buys, each stored `new` already, at most the exchange's
 * order concurrency at once, started in the order decided; each answer recorded as it comes.
 */
export function sendEntries(ctx: TradingContext, deals: readonly Deal[]): Promise<void> {
  return eachBounded(deals, orderConcurrency(ctx.exchange), (deal) => submitOrder(ctx, deal, deal.buyOrder));
}
