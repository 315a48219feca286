import type { ClosedCandle, MarketFeed } from '../../domain/ports/market-feed.port.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../domain/shared/candle.js';
import type { SimulatedClock } from '../clock/simulated.clock.js';
import { candlesFromColumns, columnsFromCandles, type CandleColumns } from './candle-store/candle-columns.js';
import { ColumnCandle } from './column-candle.js';

/** One symbol's history: candle objects, or the candle store's columns (read without a copy). */
export type CandleSeries = readonly Candle[] | CandleColumns;

export interface CandleReplayFeedOptions {
  /** Per symbol, candles with strictly increasing open times. */
  readonly series: Readonly<Record<string, CandleSeries>>;
  readonly timeframe: Timeframe;
  readonly clock: SimulatedClock;
  /** Candles per symbol served as history instead of being replayed; 0 by default. */
  readonly warmup?: number;
}

type Tick = IteratorResult<readonly ClosedCandle[], undefined>;
const DONE: Tick = Object.freeze({ done: true, value: undefined });

interface Slot {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly candle: ColumnCandle;
}

/**
 * Replays stored candles of many symbols in time order, driving the clock it is given. The
 * history is held as columns (six float arrays per symbol): a million candles are read as
 * six sequential streams instead of a million scattered objects.
 */
export class CandleReplayFeed implements MarketFeed {
  readonly #series = new Map<string, CandleColumns>();
  readonly #timeframe: Timeframe;
  readonly #clock: SimulatedClock;
  readonly #warmup: number;

  constructor(options: CandleReplayFeedOptions) {
    const warmup = options.warmup ?? 0;
    if (!Number.isSafeInteger(warmup) || warmup < 0) throw new RangeError(`warmup must be a whole number >= 0, got ${warmup}`);
    for (const [symbol, series] of Object.entries(options.series)) {
      const columns = Array.isArray(series) ? columnsFromCandles(series as readonly Candle[]) : (series as CandleColumns);
      const openTime = columns.openTime;
      for (let i = 1; i < columns.length; i += 1) {
        if (!(openTime[i]! > openTime[i - 1]!)) throw new Error(`${symbol}: candle ${i + 1} opens at ${openTime[i]}, not after ${openTime[i - 1]}`);
      }
      this.#series.set(symbol, columns);
    }
    this.#timeframe = options.timeframe;
    this.#clock = options.clock;
    this.#warmup = warmup;
  }

  async history(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    const columns = this.#columns(symbol, timeframe);
    const end = Math.min(this.#warmup, columns.length);
    return candlesFromColumns(columns, Math.max(0, end - Math.max(0, limit)), end);
  }

  /** A plain iterator rather than an async generator: a million ticks cost a fraction of the time. Each tick is a fresh array the caller may keep. */
  ticks(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): AsyncIterableIterator<readonly ClosedCandle[]> {
    let source: Iterator<readonly ClosedCandle[], undefined> | null = null;
    let finished = false;
    const iterator: AsyncIterableIterator<readonly ClosedCandle[]> = {
      next: () => {
        if (finished) return Promise.resolve(DONE);
        try {
          source ??= this.replay(symbols, timeframe, signal);
          const result = source.next();
          if (result.done === true) return Promise.resolve(DONE);
          return Promise.resolve({ done: false, value: result.value.map(({ symbol, candle }) => ({ symbol, timeframe, candle: (candle as ColumnCandle).toCandle() })) });
        } catch (error) {
          finished = true;
          return Promise.reject(error as Error);
        }
      },
      return: () => {
        finished = true;
        return Promise.resolve(DONE);
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /**
   * The ticks, synchronously; the clock moves to each tick's close time as it is taken.
   * Allocates nothing per tick: the tick array, its ClosedCandle objects, their candles and
   * the iterator result are reused, so what `next()` returned is valid until the next call
   * (a pair's candle object until that pair's next candle).
   */
  replay(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): Iterator<readonly ClosedCandle[], undefined> {
    if (new Set(symbols).size !== symbols.length) throw new Error(`symbols listed twice in ${symbols.join(', ')}`);
    const all = symbols.map((symbol) => this.#columns(symbol, timeframe));
    const slots: Slot[] = all.map((columns, i) => ({ symbol: symbols[i]!, timeframe, candle: new ColumnCandle(columns) }));
    const start = all.map((c) => Math.min(this.#warmup, c.length));
    const step = TIMEFRAME_MS[timeframe];
    return all.length === 1 ? new OnePairReplay(slots[0]!, start[0]!, step, this.#clock, signal) : new ManyPairReplay(slots, start, step, this.#clock, signal);
  }

  #columns(symbol: string, timeframe: Timeframe): CandleColumns {
    if (timeframe !== this.#timeframe) throw new Error(`replay feed holds ${this.#timeframe} candles, not ${timeframe}`);
    const columns = this.#series.get(symbol);
    if (columns === undefined) throw new Error(`replay feed has no candles for ${symbol}`);
    return columns;
  }
}

// The replays are classes, not closures: V8 specialises a closure's code to its one context
// only while a single closure of it exists, so a second backtest in the process would run
// slower code. Fields of a class instance are as fast in every run.

/** Many pairs: each tick is every pair whose next candle opens at the earliest open time left. */
class ManyPairReplay implements Iterator<readonly ClosedCandle[], undefined> {
  readonly #slots: readonly Slot[];
  readonly #times: readonly Float64Array[];
  readonly #ends: Int32Array;
  readonly #cursors: Int32Array;
  readonly #batch: ClosedCandle[] = [];
  readonly #result: { done: false; value: readonly ClosedCandle[] };
  readonly #step: number;
  readonly #clock: SimulatedClock;
  readonly #signal: AbortSignal | undefined;
  /** When the next tick opens: the earliest open time not yet replayed. */
  #next: number;

  constructor(slots: readonly Slot[], start: readonly number[], step: number, clock: SimulatedClock, signal: AbortSignal | undefined) {
    this.#slots = slots;
    this.#times = slots.map((slot) => slot.candle.columns.openTime);
    this.#ends = Int32Array.from(slots, (slot) => slot.candle.columns.length);
    this.#cursors = Int32Array.from(start);
    this.#result = { done: false, value: this.#batch };
    this.#step = step;
    this.#clock = clock;
    this.#signal = signal;
    this.#next = this.#earliest();
  }

  next(): Tick {
    if (this.#signal?.aborted === true) return DONE;
    const time = this.#next;
    if (time === Number.POSITIVE_INFINITY) return DONE;
    const times = this.#times;
    const ends = this.#ends;
    const cursors = this.#cursors;
    const count = cursors.length;
    const batch = this.#batch;
    // one pass: take every pair whose candle opens at `time`, and find when the next tick opens
    let size = 0;
    let next = Number.POSITIVE_INFINITY;
    for (let i = 0; i < count; i += 1) {
      let at = cursors[i]!;
      if (at >= ends[i]!) continue;
      const column = times[i]!;
      if (column[at] === time) {
        const slot = this.#slots[i]!;
        slot.candle.row = at;
        batch[size] = slot;
        size += 1;
        at += 1;
        cursors[i] = at;
        if (at >= ends[i]!) continue;
      }
      if (column[at]! < next) next = column[at]!;
    }
    if (batch.length !== size) batch.length = size;
    this.#next = next;
    this.#clock.set(time + this.#step);
    return this.#result;
  }

  /** The earliest open time not yet replayed; +Infinity when all are. */
  #earliest(): number {
    let time = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.#cursors.length; i += 1) {
      const at = this.#cursors[i]!;
      if (at < this.#ends[i]! && this.#times[i]![at]! < time) time = this.#times[i]![at]!;
    }
    return time;
  }
}

/** One pair: every candle is a tick of its own. */
class OnePairReplay implements Iterator<readonly ClosedCandle[], undefined> {
  readonly #candle: ColumnCandle;
  readonly #times: Float64Array;
  readonly #end: number;
  #cursor: number;
  readonly #result: { done: false; value: readonly ClosedCandle[] };
  readonly #step: number;
  readonly #clock: SimulatedClock;
  readonly #signal: AbortSignal | undefined;

  constructor(slot: Slot, start: number, step: number, clock: SimulatedClock, signal: AbortSignal | undefined) {
    this.#candle = slot.candle;
    this.#times = slot.candle.columns.openTime;
    this.#end = slot.candle.columns.length;
    this.#cursor = start;
    this.#result = { done: false, value: [slot] };
    this.#step = step;
    this.#clock = clock;
    this.#signal = signal;
  }

  next(): Tick {
    const at = this.#cursor;
    if (at >= this.#end || this.#signal?.aborted === true) return DONE;
    this.#candle.row = at;
    this.#cursor = at + 1;
    this.#clock.set(this.#times[at]! + this.#step);
    return this.#result;
  }
}
