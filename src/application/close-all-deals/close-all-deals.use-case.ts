import { EXIT_REASONS } from '../../domain/services/exits/exit-reason.js';
import type { CloseDealResult } from '../close-deal/close-deal.use-case.js';
import { exitDeal } from '../shared/deal-exit.js';
import type { TradingDesk } from '../shared/working-deals.js';

export interface CloseAllDealsInput {
  /** Only the deals of these pairs; every pair when left out. */
  readonly symbols?: readonly string[];
  readonly reason?: string;
}

/**
 * Closes every working deal at market (pending ones: the buy is cancelled, anything bought is
 * sold). New deals are not paused: pause first to keep them from reopening. Idempotent.
 */
export async function closeAllDeals(desk: TradingDesk, input: CloseAllDealsInput = {}): Promise<CloseDealResult[]> {
  const symbols = input.symbols ?? [undefined];
  const results: CloseDealResult[] = [];
  for (const symbol of symbols) {
    for (const deal of await desk.deals.list(symbol)) {
      results.push({ dealId: deal.id, outcome: await exitDeal(desk.ctx, deal, input.reason ?? EXIT_REASONS.closeAll) });
    }
  }
  return results;
}
