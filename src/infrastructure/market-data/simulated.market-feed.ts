import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { ClosedCandle, MarketFeed } from '../../domain/ports/market-feed.port.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../domain/shared/candle.js';
import type { SimulatedClock } from '../clock/simulated.clock.js';
import { checkSimulatedSymbol, SimulatedCandleGenerator, type SimulatedSymbol } from './simulated-candle.generator.js';

export type { SimulatedSymbol } from './simulated-candle.generator.js';

export interface SimulatedMarketFeedOptions {
  /** Every symbol the market has; `ticks` streams the ones asked for, `watch` adds others later. */
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

/**
 * A deterministic synthetic market: same seed, same candles, whenever a symbol joins the
 * stream (each symbol walks on its own from startTime). Drives the clock it is given.
 */
export class SimulatedMarketFeed implements MarketFeed {
  readonly #options: SimulatedMarketFeedOptions;
  readonly #specs = new Map<string, SimulatedSymbol>();
  /** The symbols the running `ticks` streams, each with its generator. */
  readonly #live = new Map<string, SimulatedCandleGenerator>();
  /** Index of the next candle of the series to stream; history ends just before it. */
  #next: number;

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
    this.#next = from;
  }

  /**
   * The `limit` candles before the next one streamed: the series' own candles already streamed
   * (by an earlier run, or this one), after the generated past that closes at startPrice when
   * the series starts.
   */
  async history(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    return this.#history(symbol, timeframe, limit);
  }

  #history(symbol: string, timeframe: Timeframe, limit: number): Candle[] {
    const spec = this.#spec(symbol, timeframe);
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number >= 0, got ${limit}`);
    const { seed, startTime } = this.#options;
    const resumeFrom = this.#next;
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
    const { startTime, candles, clock, paceMs = 0, resumeFrom = 0 } = this.#options;
    const live = this.#live;
    live.clear();
    for (const symbol of symbols) live.set(symbol, this.#generatorAt(symbol, timeframe, Math.min(resumeFrom, candles)));
    const step = TIMEFRAME_MS[timeframe];
    for (let k = resumeFrom; k < candles; k += 1) {
      if (signal?.aborted === true) return;
      if (k > resumeFrom && paceMs > 0) {
        try {
          await sleep(paceMs, undefined, signal === undefined ? undefined : { signal });
        } catch {
          return;
        }
      } else if (k > resumeFrom) {
        // unpaced, the loop would never let the event loop turn: sockets (event destinations,
        // the API), timers and signals would wait until the feed ends
        await nextTurn();
      }
      const openTime = startTime + k * step;
      const batch: ClosedCandle[] = [];
      for (const [symbol, generator] of live) batch.push({ symbol, timeframe, candle: generator.next(openTime) });
      this.#next = k + 1;
      clock.set(openTime + step);
      yield batch;
    }
  }

  /** From the next tick on, `symbol` streams too, after the history returned; the market must have it (a spec given at construction). */
  async watch(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    const history = this.#history(symbol, timeframe, limit);
    if (!this.#live.has(symbol)) this.#live.set(symbol, this.#generatorAt(symbol, timeframe, this.#next));
    return history;
  }

  unwatch(symbol: string): void {
    this.#live.delete(symbol);
  }

  /** A symbol's forward generator with the series' first `k` candles generated and dropped: the same sequence at any join. */
  #generatorAt(symbol: string, timeframe: Timeframe, k: number): SimulatedCandleGenerator {
    const { seed, startTime } = this.#options;
    const generator = new SimulatedCandleGenerator(this.#spec(symbol, timeframe), seed, 'forward');
    const step = TIMEFRAME_MS[timeframe];
    for (let i = 0; i < k; i += 1) generator.next(startTime + i * step);
    return generator;
  }

  #spec(symbol: string, timeframe: Timeframe): SimulatedSymbol {
    if (timeframe !== this.#options.timeframe) throw new Error(`simulated feed runs on ${this.#options.timeframe}, not ${timeframe}`);
    const spec = this.#specs.get(symbol);
    if (spec === undefined) throw new Error(`the simulated market has no ${symbol}: give the pair a paperMarket with a startPrice in the config`);
    return spec;
  }
}
