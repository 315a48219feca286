import type { Deal } from '../../domain/deal/deal.entity.js';
import { STOP_MOVED } from '../../domain/services/exits/exit-reason.js';
import { cancelDealOrder } from './order-canceller.js';
import { runActions } from './order-submitter.js';
import { dealContext, persistDeal, tradedPair, type TradingContext } from './trading-context.js';

/** Where a deal stands after an exit was asked of it. */
export type ExitOutcome =
  /** The deal is closing: its market sell is placed, or waits for a cancel to go through. */
  | 'closing'
  /** Already sold out (a cancel revealed the rest sold, or the market sell filled at once). */
  | 'closed'
  /** A pending deal whose buy was cancelled with nothing filled. */
  | 'cancelled'
  /** It was closing already: nothing new was sold. */
  | 'already_closing'
  | 'already_final'
  /** A pending deal whose buy could not be cancelled now; ask again. */
  | 'buy_still_working';

/**
 * Takes a working deal out at market: the resting sells (or a pending buy) are cancelled
 * first, fills they reveal counted, then what is left is sold at market (leg `x`). The deal is
 * saved as closing before any exchange call. Idempotent: a closing deal only has its exit
 * carried on (a failed cancel retried), never a second market sell.
 */
export async function exitDeal(ctx: TradingContext, deal: Deal, reason: string): Promise<ExitOutcome> {
  if (deal.isFinal) return 'already_final';
  if (deal.status === 'closing') {
    await continueExit(ctx, deal);
    return 'already_closing';
  }
  if (deal.status === 'pending') {
    const cancelled = await cancelDealOrder(ctx, deal, deal.buyOrder, reason);
    const actions = cancelled ? ctx.trading.finishBuyForExit(deal, reason, dealContext(ctx, deal.symbol, ctx.clock.now())) : [];
    await persistDeal(ctx, deal);
    await runActions(ctx, deal, actions);
    return deal.status === 'pending' ? 'buy_still_working' : outcome(deal);
  }
  const resting = ctx.trading.beginExit(deal, reason, dealContext(ctx, deal.symbol, ctx.clock.now()));
  await persistDeal(ctx, deal);
  for (const sell of resting) await cancelDealOrder(ctx, deal, sell, reason);
  await advance(ctx, deal);
  return outcome(deal);
}

/** A closing deal: cancels the sells (and DCA safety buys) still resting, then places the market sell once none works. */
export async function continueExit(ctx: TradingContext, deal: Deal): Promise<void> {
  const { pair } = tradedPair(ctx, deal.symbol);
  for (const { order, reason } of ctx.trading.dueCancels(deal, pair)) await cancelDealOrder(ctx, deal, order, reason);
  await advance(ctx, deal);
}

/** An open deal's stop moved: its resting sells are cancelled and placed again with the new stop. */
export async function moveStops(ctx: TradingContext, deal: Deal): Promise<void> {
  const resting = ctx.trading.beginStopMove(deal, dealContext(ctx, deal.symbol, ctx.clock.now()));
  for (const sell of resting) await cancelDealOrder(ctx, deal, sell, STOP_MOVED);
  await advance(ctx, deal);
}

async function advance(ctx: TradingContext, deal: Deal): Promise<void> {
  const actions = ctx.trading.advance(deal, dealContext(ctx, deal.symbol, ctx.clock.now()));
  await persistDeal(ctx, deal);
  await runActions(ctx, deal, actions);
}

function outcome(deal: Deal): ExitOutcome {
  if (deal.status === 'closed') return 'closed';
  return deal.status === 'cancelled' ? 'cancelled' : 'closing';
}
