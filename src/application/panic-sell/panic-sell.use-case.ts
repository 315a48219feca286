import { EXIT_REASONS } from '../../domain/services/exits/exit-reason.js';
import { closeAllDeals } from '../close-all-deals/close-all-deals.use-case.js';
import type { CloseDealResult } from '../close-deal/close-deal.use-case.js';
import type { Pause } from '../shared/pause-board.js';
import type { TradingDesk } from '../shared/working-deals.js';

export interface PanicSellInput {
  /** The affected pairs; every traded pair when left out. */
  readonly symbols?: readonly string[];
  /** New deals on them stay paused until this time; until resumed when null or left out. */
  readonly until?: number | null;
  /** `operator_panic_sell` by default; `panic_sell` when a crash rule fired. */
  readonly reason?: string;
}

export interface PanicSellResult {
  readonly pauses: readonly Pause[];
  readonly deals: readonly CloseDealResult[];
}

/**
 * Pauses new deals on the pairs, then closes every working deal on them at market. Used by the
 * operator ("panic sell now") and by the panic-sell rule (with its cool-down). Idempotent.
 */
export async function panicSell(desk: TradingDesk, input: PanicSellInput = {}): Promise<PanicSellResult> {
  const symbols = input.symbols ?? [...desk.ctx.pairs.keys()];
  const reason = input.reason ?? EXIT_REASONS.operatorPanicSell;
  const pauses: Pause[] = [];
  for (const symbol of symbols) pauses.push(await desk.pauses.pause(symbol, input.until ?? null, reason));
  return { pauses, deals: await closeAllDeals(desk, { symbols, reason }) };
}
