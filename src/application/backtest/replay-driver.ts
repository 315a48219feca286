import type { ReplayedCandle, ReplayFeed } from '../../domain/ports/replay.port.js';
import type { Timeframe } from '../../domain/shared/candle.js';
import type { TradingLoop } from '../trading-loop/trading-loop.js';

/** Sees each replayed tick after the loop: synchronous, and its candles are valid only within the call. */
export type AfterReplayedTick = (tick: readonly ReplayedCandle[], changed: boolean) => void;

/**
 * Drives a trading loop over a replay as fast as the machine goes. Everything that exists
 * only for a backtest's speed meets here, behind the replay port:
 * - the replay hands out the same candle objects on every tick, moved to the next row of
 *   columns (ReplayCandle), so a million candles allocate nothing;
 * - the paper exchange reads a candle's series ahead (LookAhead) to skip the candles that
 *   reach none of its resting orders;
 * - a tick on which the loop has nothing to do (`hasWork`: no deal due a check, no exit rule
 *   that can fire, no pair that may open on a signal) runs no step, and the whole tick stays
 *   synchronous: the driver awaits only a tick that does work.
 * The loop's steps are the ones live trading runs; nothing here decides anything.
 */
export async function driveReplay(loop: TradingLoop, feed: ReplayFeed, timeframe: Timeframe, symbols: readonly string[], options: { readonly signal?: AbortSignal; readonly afterTick?: AfterReplayedTick } = {}): Promise<void> {
  await loop.start();
  const replay = feed.replay(symbols, timeframe, options.signal);
  const afterTick = options.afterTick;
  for (let next = replay.next(); next.done !== true; next = replay.next()) {
    const reading = loop.read(next.value);
    const changed = loop.hasWork(reading) ? await loop.act(reading) : false;
    afterTick?.(next.value, changed);
  }
}
