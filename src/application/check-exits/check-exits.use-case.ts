import type { ExitWatch } from '../../domain/services/exits/exit.watch.js';
import { exitDeal, moveStops } from '../shared/deal-exit.js';
import { persistDeal, type TradingContext } from '../shared/trading-context.js';

/** The part of a candle (or of a tick: high = close = price, opening at its time) the exit rules read. */
export interface PricePoint {
  readonly openTime: number;
  readonly high: number;
  readonly close: number;
}

/**
 * Runs the exit rules of open deals against their pair's latest closed candle or ticker price,
 * at time `at`: closes at market (stop beyond the price, time exit), moves the resting stops,
 * or saves a new high-water mark. True when a deal changed.
 */
export async function checkExits(ctx: TradingContext, watches: readonly ExitWatch[], price: PricePoint, at: number): Promise<boolean> {
  let changed = false;
  for (const watch of watches) {
    const verdict = watch.evaluate(price.openTime, price.high, price.close, at);
    if (verdict === null) continue;
    changed = true;
    if (verdict.kind === 'close') await exitDeal(ctx, watch.deal, verdict.reason);
    else if (verdict.kind === 'restop') await moveStops(ctx, watch.deal);
    else await persistDeal(ctx, watch.deal);
  }
  return changed;
}
