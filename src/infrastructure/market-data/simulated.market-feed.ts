import { setTimeout as sleep } from 'node:timers/promises';
import type { ClosedCandle, MarketFeed } from '../../domain/ports/market-feed.port.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../domain/shared/candle.js';
import type { SimulatedClock } from '../clock/simulated.clock.js';
import { checkSimulatedSymbol, SimulatedCandleGenerator, type SimulatedSymbol } from './simulated-candle.generator.js';

export type { SimulatedSymbol } from './simulated-candle.generator.js';

export interface SimulatedMarketFeedOptions {
  readonly symbols: readonly SimulatedSymbol[];
  readonly timeframe: Timeframe;
  readonly seed: number;
  /** Open time of the first streamed candle; history ends here. */
  readonly startTime: number;
  /** Candles per symbol in the whole series, counted from startTime (a resumed run streams the rest). */
  readonly candles: number;
  /**
   * Candles of the series already streamed by an earlier run: streaming resumes with candle
   * `resumeFrom` of the same sequence, and history ends just before it. 0 by default.
   */
  readonly resumeFrom?: number;
  readonly clock: SimulatedClock;
  /** Wall-clock pause between ticks, for watching a paper run live. */
  readonly paceMs?: number;
}

/** A deterministic synthetic market: same seed, same candles. Drives the clock it is given. */
export class SimulatedMarketFeed implements MarketFeed {
  readonly #options: SimulatedMarketFeedOptions;
  readonly #specs = new Map<string, SimulatedSymbol>();

  constructor(options: SimulatedMarketFeedOptions) {
    if (!Number.isSafeInteger(options.candles) || options.candles < 0) throw new RangeError(`candles must be a whole number >= 0, got ${options.candles}`);
    if (options.paceMs !== undefined && !(options.paceMs >= 0)) throw new RangeError(`paceMs must be >= 0, got ${options.paceMs}`);
    const from = options.resumeFrom ?? 0;
    if (!Number.isSafeInteger(from) || from < 0) throw new RangeError(`resumeFrom must be a whole number >= 0, got ${from}`);
    for (const spec of options.symbols) {
      if (this.#specs.has(spec.symbol)) throw new Error(`symbol ${spec.symbol} is listed twice`);
      checkSimulatedSymbol(spec);
      this.#specs.set(spec.symbol, spec);
    }
    this.#options = options;
  }

  /**
   * The `limit` candles before the stream starts: the series' own candles already streamed
   * (when resumed), after the generated past that closes at startPrice when the stream starts.
   */
  async history(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    const spec = this.#spec(symbol, timeframe);
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number >= 0, got ${limit}`);
    const { seed, startTime, resumeFrom = 0 } = this.#options;
    const step = TIMEFRAME_MS[timeframe];
    const streamed = Math.min(limit, resumeFrom);
    const past = limit - streamed;
    const candles = new Array<Candle>(limit);
    const backward = new SimulatedCandleGenerator(spec, seed, 'backward');
    for (let i = past - 1; i >= 0; i -= 1) candles[i] = backward.next(startTime - (past - i) * step);
    const forward = new SimulatedCandleGenerator(spec, seed, 'forward');
    for (let k = 0; k < resumeFrom; k += 1) {
      const candle = forward.next(startTime + k * step);
      if (k >= resumeFrom - streamed) candles[past + k - (resumeFrom - streamed)] = candle;
    }
    return candles;
  }

  async *ticks(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): AsyncIterable<readonly ClosedCandle[]> {
    const { seed, startTime, candles, clock, paceMs = 0, resumeFrom = 0 } = this.#options;
    const generators = symbols.map((symbol) => new SimulatedCandleGenerator(this.#spec(symbol, timeframe), seed, 'forward'));
    const step = TIMEFRAME_MS[timeframe];
    // the same sequence as the earlier run's: its candles are generated again and dropped
    for (let k = 0; k < Math.min(resumeFrom, candles); k += 1) for (const generator of generators) generator.next(startTime + k * step);
    for (let k = resumeFrom; k < candles; k += 1) {
      if (signal?.aborted === true) return;
      if (k > resumeFrom && paceMs > 0) {
        try {
          await sleep(paceMs, undefined, signal === undefined ? undefined : { signal });
        } catch {
          return;
        }
      }
      const openTime = startTime + k * step;
      const batch = generators.map((generator, i): ClosedCandle => ({ symbol: symbols[i]!, timeframe, candle: generator.next(openTime) }));
      clock.set(openTime + step);
      yield batch;
    }
  }

  #spec(symbol: string, timeframe: Timeframe): SimulatedSymbol {
    if (timeframe !== this.#options.timeframe) throw new Error(`simulated feed runs on ${this.#options.timeframe}, not ${timeframe}`);
    const spec = this.#specs.get(symbol);
    if (spec === undefined) throw new Error(`simulated feed has no symbol ${symbol}`);
    return spec;
  }
}
