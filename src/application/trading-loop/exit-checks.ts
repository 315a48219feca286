import { anyMayAct } from '../../domain/services/exits/exit.watch.js';
import type { Candle } from '../../domain/shared/candle.js';
import { checkExits } from '../check-exits/check-exits.use-case.js';
import type { TradingContext } from '../shared/trading-context.js';
import type { PairState } from './pair-state.js';

/**
 * Step 3, the exit rules: each open deal's stops and time exit against its pair's candle of
 * tick `number`, at `at`. A pair none of whose watches may act on that candle is skipped
 * (mayAct is necessary for any verdict, as onTicker and the reading rely on too). The pairs
 * whose deals changed join `touched`; true when any did.
 */
export async function checkPairExits(ctx: TradingContext, pairs: readonly PairState[], number: number, at: number, touched: Set<PairState>): Promise<boolean> {
  let exited = false;
  // indexed, not for-of: across an await, for-of allocated an iterator result per pair (14 MB per 100-pair x 10k-candle backtest)
  for (let i = 0; i < pairs.length; i += 1) {
    const state = pairs[i]!;
    const candle = state.last as Candle; // this tick's candle where lastTick is the tick
    if (state.lastTick !== number || !anyMayAct(state.watches, candle.openTime, candle.high, candle.close, at)) continue;
    if (await checkExits(ctx, state.watches, candle, at)) {
      exited = true;
      touched.add(state);
    }
  }
  return exited;
}
