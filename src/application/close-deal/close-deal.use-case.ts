import { EXIT_REASONS } from '../../domain/services/exits/exit-reason.js';
import { exitDeal, type ExitOutcome } from '../shared/deal-exit.js';
import type { TradingDesk } from '../shared/working-deals.js';

export interface CloseDealInput {
  readonly dealId: string;
  /** Recorded as the deal's reason; `operator_close` by default. */
  readonly reason?: string;
}

export type CloseDealResult = { readonly dealId: string; readonly outcome: ExitOutcome | 'not_found' };

/**
 * The operator closes one deal at market: an open deal's resting sells are cancelled and the
 * rest sold at market; a pending deal's buy is cancelled and anything it bought sold at market.
 * Calling it again sells nothing twice.
 */
export async function closeDeal(desk: TradingDesk, input: CloseDealInput): Promise<CloseDealResult> {
  const deal = await desk.deals.find(input.dealId);
  if (deal === null) return { dealId: input.dealId, outcome: 'not_found' };
  return { dealId: deal.id, outcome: await exitDeal(desk.ctx, deal, input.reason ?? EXIT_REASONS.operatorClose) };
}
