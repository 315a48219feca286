import type { ClosedCandle } from '../../domain/ports/market-feed.port.js';
import type { ReplayedCandle, ReplayFeed } from '../../domain/ports/replay.port.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../domain/shared/candle.js';
import type { SimulatedClock } from '../clock/simulated.clock.js';
import { candlesFromColumns, columnsFromCandles, lowerBound, type CandleColumns } from './candle-store/candle-columns.js';
import { ColumnCandle } from './column-candle.js';
import { gridBreaks } from './grid-breaks.js';

/** One symbol's history: candle objects, or the candle store's columns (read without a copy). */
export type CandleSeries = readonly Candle[] | CandleColumns;

export interface CandleReplayFeedOptions {
  /** Per symbol, candles with strictly increasing open times. */
  readonly series: Readonly<Record<string, CandleSeries>>;
  readonly timeframe: Timeframe;
  readonly clock: SimulatedClock;
  /** Candles per symbol served as history instead of being replayed; 0 by default. */
  readonly warmup?: number;
  /**
   * Instead of `warmup`: the replay starts at each symbol's first candle opening at or after
   * this time (UTC ms), and the candles before it are the history (a backtest's `--from`).
   */
  readonly from?: number;
}

type Tick = IteratorResult<readonly ReplayedCandle[], undefined>;
const DONE: Tick = Object.freeze({ done: true, value: undefined });

interface Slot {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly candle: ColumnCandle;
  readonly slot: number;
}

/** One symbol's columns, and where its open times leave the timeframe's grid. */
interface Series {
  readonly columns: CandleColumns;
  /** The rows opening after a gap (not one timeframe after the row before), ascending, then the row count: between two, open times need not be read. */
  readonly breaks: Int32Array;
}

/**
 * Replays stored candles of many symbols in time order, driving the clock it is given. The
 * history is held as columns (six float arrays per symbol): a million candles are read as
 * six sequential streams instead of a million scattered objects.
 */
export class CandleReplayFeed implements ReplayFeed {
  readonly #series = new Map<string, Series>();
  readonly #timeframe: Timeframe;
  readonly #clock: SimulatedClock;
  /** Per symbol, the row the replay starts at: the rows before it are history. */
  readonly #starts = new Map<string, number>();
  /** The symbols the running `ticks` replays (null while none runs), and whether they changed since its last tick. */
  #live: string[] | null = null;
  #liveChanged = false;

  constructor(options: CandleReplayFeedOptions) {
    const { warmup = 0, from } = options;
    if (!Number.isSafeInteger(warmup) || warmup < 0) throw new RangeError(`warmup must be a whole number >= 0, got ${warmup}`);
    if (from !== undefined && (warmup !== 0 || Number.isNaN(from))) throw new RangeError(`from must be a time, and not given with a warmup; got ${from} with warmup ${warmup}`);
    const step = TIMEFRAME_MS[options.timeframe];
    for (const [symbol, series] of Object.entries(options.series)) {
      const columns = Array.isArray(series) ? columnsFromCandles(series as readonly Candle[]) : (series as CandleColumns);
      this.#series.set(symbol, { columns, breaks: gridBreaks(symbol, columns, step) });
      this.#starts.set(symbol, from === undefined ? Math.min(warmup, columns.length) : lowerBound(columns.openTime, from));
    }
    this.#timeframe = options.timeframe;
    this.#clock = options.clock;
  }

  /** The last `limit` candles before the replay's start, or (while `ticks` runs) before the next tick. */
  async history(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    return this.#history(symbol, timeframe, limit);
  }

  #history(symbol: string, timeframe: Timeframe, limit: number): Candle[] {
    const { columns } = this.#get(symbol, timeframe);
    const end = this.#live === null ? (this.#starts.get(symbol) as number) : this.#rowAtClock(symbol);
    return candlesFromColumns(columns, Math.max(0, end - Math.max(0, limit)), end);
  }

  /** Adds a symbol with stored candles to the running `ticks` from the next tick on, after the history returned. */
  async watch(symbol: string, timeframe: Timeframe, limit: number): Promise<readonly Candle[]> {
    if (timeframe !== this.#timeframe || !this.#series.has(symbol)) throw new Error(`no stored ${timeframe} candles for ${symbol} to replay: import or download them, then restart`);
    const history = this.#history(symbol, timeframe, limit);
    if (this.#live !== null && !this.#live.includes(symbol)) this.#setLive([...this.#live, symbol]);
    return history;
  }
  unwatch(symbol: string): void {
    if (this.#live?.includes(symbol) === true) this.#setLive(this.#live.filter((s) => s !== symbol));
  }

  #setLive(symbols: string[]): void {
    this.#live = symbols;
    this.#liveChanged = true;
  }

  /** A symbol's first row not yet replayed at the clock's time (where the next tick opens). */
  #rowAtClock(symbol: string): number {
    return Math.max(this.#starts.get(symbol) as number, lowerBound(this.#series.get(symbol)!.columns.openTime, this.#clock.now()));
  }

  /** A plain iterator rather than an async generator: a million ticks cost a fraction of the time. Each tick is a fresh array the caller may keep. */
  ticks(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): AsyncIterableIterator<readonly ClosedCandle[]> {
    let source: Iterator<readonly ReplayedCandle[], undefined> | null = null;
    let finished = false;
    this.#live = [...symbols];
    const end = (error?: unknown): Promise<Tick> => {
      finished = true;
      this.#live = null;
      return error === undefined ? Promise.resolve(DONE) : Promise.reject(error as Error);
    };
    const iterator: AsyncIterableIterator<readonly ClosedCandle[]> = {
      next: () => {
        if (finished) return Promise.resolve(DONE);
        try {
          // watched symbols changed: the replay goes on from the next tick with the new set
          if (this.#liveChanged) source = this.#replayFrom(this.#live!, timeframe, signal, this.#live!.map((symbol) => this.#rowAtClock(symbol)));
          this.#liveChanged = false;
          source ??= this.replay(this.#live!, timeframe, signal);
          const result = source.next();
          if (result.done === true) return end();
          return Promise.resolve({ done: false, value: result.value.map(({ symbol, candle }) => ({ symbol, timeframe, candle: (candle as ColumnCandle).toCandle() }) satisfies ClosedCandle) });
        } catch (error) {
          return end(error);
        }
      },
      return: () => end(),
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
  replay(symbols: readonly string[], timeframe: Timeframe, signal?: AbortSignal): Iterator<readonly ReplayedCandle[], undefined> {
    return this.#replayFrom(symbols, timeframe, signal, symbols.map((symbol) => this.#starts.get(symbol) as number));
  }

  #replayFrom(symbols: readonly string[], timeframe: Timeframe, signal: AbortSignal | undefined, start: readonly number[]): Iterator<readonly ReplayedCandle[], undefined> {
    if (new Set(symbols).size !== symbols.length) throw new Error(`symbols listed twice in ${symbols.join(', ')}`);
    const all = symbols.map((symbol) => this.#get(symbol, timeframe));
    const slots: Slot[] = all.map(({ columns }, i) => ({ symbol: symbols[i]!, timeframe, candle: new ColumnCandle(columns), slot: i }));
    const step = TIMEFRAME_MS[timeframe];
    if (all.length === 1) return new OnePairReplay(slots[0]!, start[0]!, step, this.#clock, signal);
    return new ManyPairReplay(slots, all.map((series) => series.breaks), start, step, this.#clock, signal);
  }

  #get(symbol: string, timeframe: Timeframe): Series {
    if (timeframe !== this.#timeframe) throw new Error(`replay feed holds ${this.#timeframe} candles, not ${timeframe}`);
    const series = this.#series.get(symbol);
    if (series === undefined) throw new Error(`replay feed has no candles for ${symbol}`);
    return series;
  }
}

// The replays are classes, not closures: V8 specialises a closure's code to its one context
// only while a single closure of it exists, so a second backtest in the process would run
// slower code. Fields of a class instance are as fast in every run.

/**
 * Many pairs: each tick is every pair whose next candle opens at the earliest open time left.
 * Each pair's next open time is kept here and, on the timeframe's grid, worked out from the
 * one before: with a hundred pairs each read of an open-time column is likely a cache miss.
 */
class ManyPairReplay implements Iterator<readonly ReplayedCandle[], undefined> {
  readonly #slots: readonly Slot[];
  readonly #columns: readonly Float64Array[];
  readonly #breaks: readonly Int32Array[];
  /** Per pair, the index in its breaks of the first break after its cursor, and that break's row. */
  readonly #breakAt: Int32Array;
  readonly #nextBreak: Int32Array;
  /** Per pair, when its next candle opens; +Infinity when it has none left. */
  readonly #times: Float64Array;
  readonly #ends: Int32Array;
  readonly #cursors: Int32Array;
  readonly #batch: ReplayedCandle[] = [];
  readonly #result: { done: false; value: readonly ReplayedCandle[] };
  readonly #step: number;
  readonly #clock: SimulatedClock;
  readonly #signal: AbortSignal | undefined;
  /** When the next tick opens: the earliest open time not yet replayed. */
  #next = Number.POSITIVE_INFINITY;

  constructor(slots: readonly Slot[], breaks: readonly Int32Array[], start: readonly number[], step: number, clock: SimulatedClock, signal: AbortSignal | undefined) {
    this.#slots = slots;
    this.#columns = slots.map((slot) => slot.candle.columns.openTime);
    this.#breaks = breaks;
    this.#breakAt = Int32Array.from(breaks, (rows, i) => firstAbove(rows, start[i]!));
    this.#nextBreak = Int32Array.from(breaks, (rows, i) => rows[this.#breakAt[i]!]!);
    this.#ends = Int32Array.from(slots, (slot) => slot.candle.columns.length);
    this.#cursors = Int32Array.from(start);
    this.#times = Float64Array.from(this.#columns, (openTime, i) => (start[i]! < openTime.length ? openTime[start[i]!]! : Number.POSITIVE_INFINITY));
    for (const time of this.#times) if (time < this.#next) this.#next = time;
    this.#result = { done: false, value: this.#batch };
    this.#step = step;
    this.#clock = clock;
    this.#signal = signal;
  }

  next(): Tick {
    if (this.#signal?.aborted === true) return DONE;
    const time = this.#next;
    if (time === Number.POSITIVE_INFINITY) return DONE;
    const slots = this.#slots;
    const columns = this.#columns;
    const nextBreak = this.#nextBreak;
    const step = this.#step;
    const times = this.#times;
    const ends = this.#ends;
    const cursors = this.#cursors;
    const count = cursors.length;
    const batch = this.#batch;
    // one pass: take every pair whose next candle opens at `time`, and find when the next tick opens
    let size = 0;
    let next = Number.POSITIVE_INFINITY;
    for (let i = 0; i < count; i += 1) {
      let at = times[i]!;
      if (at === time) {
        const slot = slots[i]!;
        const row = cursors[i]!;
        slot.candle.show(row, time);
        batch[size] = slot;
        size += 1;
        const following = row + 1;
        cursors[i] = following;
        if (following >= ends[i]!) at = Number.POSITIVE_INFINITY;
        else if (following < nextBreak[i]!) at = time + step;
        else {
          // after a gap: the open time is read, and the next gap looked up
          at = columns[i]![following]!;
          const after = this.#breakAt[i]! + 1;
          this.#breakAt[i] = after;
          nextBreak[i] = this.#breaks[i]![after]!;
        }
        times[i] = at;
      }
      if (at < next) next = at;
    }
    if (batch.length !== size) batch.length = size;
    this.#next = next;
    this.#clock.set(time + step);
    return this.#result;
  }
}

/** Index of the first of the ascending `rows` above `row` (the last, the row count, at most). */
function firstAbove(rows: Int32Array, row: number): number {
  let i = 0;
  while (i < rows.length - 1 && rows[i]! <= row) i += 1;
  return i;
}

/** One pair: every candle is a tick of its own. */
class OnePairReplay implements Iterator<readonly ReplayedCandle[], undefined> {
  readonly #candle: ColumnCandle;
  readonly #times: Float64Array;
  readonly #end: number;
  #cursor: number;
  readonly #result: { done: false; value: readonly ReplayedCandle[] };
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
    const openTime = this.#times[at]!;
    this.#candle.show(at, openTime);
    this.#cursor = at + 1;
    this.#clock.set(openTime + this.#step);
    return this.#result;
  }
}
