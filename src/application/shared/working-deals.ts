import type { Deal } from '../../domain/deal/deal.entity.js';
import { PauseBoard } from './pause-board.js';
import type { TradingContext } from './trading-context.js';

/** The working deals an operator action acts on: the loop's own, or the database's when no loop runs. */
export interface WorkingDeals {
  /** The deal with this id, working or not; null when unknown. */
  find(dealId: string): Promise<Deal | null>;
  /** Working deals (pending, open, closing), oldest first; optionally of one pair. */
  list(symbol?: string): Promise<readonly Deal[]>;
  /** A deal the operator opened: the loop trades it from now on (the database has it already). */
  add(deal: Deal): void;
}

/** What an operator action needs: the context, the deals, and the pauses of new deals. */
export interface TradingDesk {
  readonly ctx: TradingContext;
  readonly deals: WorkingDeals;
  readonly pauses: PauseBoard;
}

/**
 * A desk over the database, for when no trading loop runs in this process. A loop running in
 * another process would not see these changes until it restarts: run actions through
 * `TradingLoop.operate` where a loop runs.
 */
export function databaseDesk(ctx: TradingContext, pauses: PauseBoard = new PauseBoard(ctx)): TradingDesk {
  const deals: WorkingDeals = {
    find: (dealId) => ctx.uow.read((r) => r.deals.getById(dealId)),
    list: (symbol) => ctx.uow.read((r) => r.deals.getOpenDeals(symbol)),
    add: () => {},
  };
  return { ctx, deals, pauses };
}
