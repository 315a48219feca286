import { anyMayAct } from '../../domain/services/exits/exit.watch.js';
import type { PairState } from './pair-state.js';
import { NONE } from './tick-reading.js';

/**
 * The pairs step 3 checks the exit rules of: those with a candle on tick `number` on which one
 * of their exit watches may act at `at` (mayAct is necessary for any verdict, as onTicker and the
 * reading rely on too). Usually none: then nothing is allocated and step 3 awaits nothing.
 */
export function pairsToCheckExits(pairs: readonly PairState[], number: number, at: number): readonly PairState[] {
  let due: PairState[] | null = null;
  for (const state of pairs) {
    const candle = state.last;
    if (state.lastTick === number && candle !== undefined && anyMayAct(state.watches, candle.openTime, candle.high, candle.close, at)) (due ??= []).push(state);
  }
  return due ?? NONE;
}
