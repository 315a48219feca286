import type { Balances } from '../../domain/ports/exchange.port.js';
import type { ClosedCandle } from '../../domain/ports/market-feed.port.js';
import { dec, ZERO, type Decimal } from '../../domain/shared/decimal.js';
import { openDeal } from '../open-deal/open-deal.use-case.js';
import type { PauseBoard } from '../shared/pause-board.js';
import type { TradingContext } from '../shared/trading-context.js';
import type { PairState } from './pair-state.js';

/**
 * Opens deals on this tick's BULLISH candles: pairs under their dealCount and not paused, one
 * balance read for all, each deal's reservation subtracted before the next. True when one opened.
 */
export async function openDealsOnSignals(ctx: TradingContext, states: ReadonlyMap<string, PairState>, candidates: readonly ClosedCandle[], pauses: PauseBoard, now: number): Promise<boolean> {
  const bullish = candidates.filter(({ symbol }) => {
    const state = states.get(symbol);
    return state !== undefined && state.deals.length < state.traded.pair.dealCount && !pauses.isPaused(symbol, now);
  });
  if (bullish.length === 0) return false;
  let opened = false;
  const balances: Balances = await ctx.exchange.fetchBalance([...new Set(bullish.map(({ symbol }) => (states.get(symbol) as PairState).traded.pair.quote))]);
  const reserved = new Map<string, Decimal>();
  for (const { symbol, candle } of bullish) {
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
