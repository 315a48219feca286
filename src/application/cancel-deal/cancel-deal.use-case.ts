import type { Deal } from '../../domain/deal/deal.entity.js';
import { cancelDealOrder } from '../shared/order-canceller.js';
import { runActions } from '../shared/order-submitter.js';
import { dealContext, persistDeal } from '../shared/trading-context.js';
import type { TradingDesk } from '../shared/working-deals.js';

export interface CancelDealInput {
  readonly dealId: string;
  readonly reason?: string;
}

export type CancelDealOutcome =
  | 'cancelled'
  /** The cancel revealed a fill: the deal is open with its take-profit sell, as after any buy. */
  | 'bought'
  /** The exchange could not be reached; ask again. */
  | 'buy_still_working'
  /** Only a pending deal can be cancelled; close an open one instead. */
  | 'not_pending'
  | 'already_final'
  | 'not_found';

/** The operator cancels one pending deal: its buy is cancelled. Calling it again changes nothing. */
export async function cancelDeal(desk: TradingDesk, input: CancelDealInput): Promise<{ readonly dealId: string; readonly outcome: CancelDealOutcome }> {
  const { ctx } = desk;
  const deal = await desk.deals.find(input.dealId);
  if (deal === null) return { dealId: input.dealId, outcome: 'not_found' };
  if (deal.isFinal) return { dealId: deal.id, outcome: 'already_final' };
  if (deal.status !== 'pending') return { dealId: deal.id, outcome: 'not_pending' };
  if (!(await cancelDealOrder(ctx, deal, deal.buyOrder, input.reason ?? 'cancelled by the operator'))) return { dealId: deal.id, outcome: 'buy_still_working' };
  const actions = ctx.trading.advance(deal, dealContext(ctx, deal.symbol, ctx.clock.now()));
  await persistDeal(ctx, deal);
  await runActions(ctx, deal, actions);
  return { dealId: deal.id, outcome: outcomeOf(deal) };
}

function outcomeOf(deal: Deal): CancelDealOutcome {
  if (deal.status === 'cancelled') return 'cancelled';
  return deal.status === 'pending' ? 'buy_still_working' : 'bought';
}
