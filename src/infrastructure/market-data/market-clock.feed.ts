import type { ClosedCandle, MarketFeed } from '../../domain/ports/market-feed.port.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../domain/shared/candle.js';
import type { SimulatedClock } from '../clock/simulated.clock.js';

/**
 * Keeps the market clock at the close time of the latest tick, as simulations do, so live and
 * paper trading measure orderLifeTime and stamp orders on the same clock as backtests.
 */
export class MarketClockFeed implements MarketFeed {
  constructor(
    private readonly inner: MarketFeed,
    private readonly clock: SimulatedClock,
  ) {}

  history(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    return this.inner.history(symbol, timeframe, limit);
  }

  async *ticks(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): AsyncIterable<readonly ClosedCandle[]> {
    const step = TIMEFRAME_MS[timeframe];
    for await (const tick of this.inner.ticks(symbols, timeframe, signal)) {
      const first = tick[0];
      if (first) this.clock.set(Math.max(this.clock.now(), first.candle.openTime + step));
      yield tick;
    }
  }

  watch(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    return this.inner.watch === undefined ? Promise.reject(new Error('this market feed cannot add pairs while it runs')) : this.inner.watch(symbol, timeframe, limit);
  }

  tickForming(): boolean {
    return this.inner.tickForming?.() ?? false;
  }

  unwatch(symbol: string): void {
    this.inner.unwatch?.(symbol);
  }
}
