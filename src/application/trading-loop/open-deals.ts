import type { Balances } from '../../domain/ports/exchange.port.js';
import type { ClosedCandle } from '../../domain/ports/market-feed.port.js';
import { dec, ZERO, type Decimal } from '../../domain/shared/decimal.js';
import { openDeal } from '../open-deal/open-deal.use-case.js';
import type { PauseBoard } from '../shared/pause-board.js';
import type { TradingContext } from '../shared/trading-context.js';
import { mayOpen, type PairState } from './pair-state.js';

/**
 * Opens deals on this tick's BULLISH candles: pairs under their dealCount and not paused, one
 * balance read for all, each deal's reservation subtracted before the next. True when one opened.
 */
export async function openDealsOnSignals(ctx: TradingContext, states: ReadonlyMap<string, PairState>, candidates: readonly ClosedCandle[], pauses: PauseBoard, now: number): Promise<boolean> {
  const bullish: ClosedCandle[] = [];
  const quotes: string[] = [];
  for (let i = 0; i < candidates.length; i += 1) {
    const candidate = candidates[i]!;
    const state = states.get(candidate.symbol);
    if (state === undefined || !mayOpen(ctx, state, pauses, now)) continue;
    bullish.push(candidate);
    if (!quotes.includes(state.traded.pair.quote)) quotes.push(state.traded.pair.quote);
  }
  if (bullish.length === 0) return false;
  let opened = false;
  const balances: Balances = await ctx.exchange.fetchBalance(quotes);
  const reserved = new Map<string, Decimal>();
  for (let i = 0; i < bullish.length; i += 1) {
    const { symbol, candle } = bullish[i]!;
    const state = states.get(symbol) as PairState;
    const quote = state.traded.pair.quote;
    const already = reserved.get(quote) ?? ZERO;
    const result = await openDeal(ctx, {
      symbol,
      signal: 'BULLISH',
      price: dec(candle.close),
      openDeals: state.deals.length,
      freeQuote: (balances[quote]?.free ?? ZERO).minus(already),
      paused: pauses.isPaused(symbol, now),
    });
    if ('opened' in result) {
      opened = true;
      if (!result.opened.isFinal) state.deals.push(result.opened);
      reserved.set(quote, already.plus(result.reserved));
    }
  }
  return opened;
}
