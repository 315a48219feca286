import type { Pause } from '../shared/pause-board.js';
import type { TradingDesk } from '../shared/working-deals.js';

export interface PauseInput {
  /** One pair; every pair when left out. */
  readonly symbol?: string;
  /** Until this time; until resumed when left out. */
  readonly until?: number;
  readonly reason?: string;
}

/** No new deals on the pair (or any pair); working deals go on. Pausing twice keeps one pause. Stored: a restart keeps it. */
export async function pauseNewDeals(desk: TradingDesk, input: PauseInput = {}): Promise<Pause> {
  if (input.symbol !== undefined && !desk.ctx.pairs.has(input.symbol)) throw new RangeError(`pair ${input.symbol} is not traded by this bot`);
  return desk.pauses.pause(input.symbol ?? null, input.until ?? null, input.reason ?? 'paused by the operator');
}

/** New deals again on the pair, or (no symbol) on every pair, panic cool-downs included. False when nothing was paused. */
export async function resumeNewDeals(desk: TradingDesk, input: { readonly symbol?: string } = {}): Promise<boolean> {
  return desk.pauses.resume(input.symbol ?? null);
}
