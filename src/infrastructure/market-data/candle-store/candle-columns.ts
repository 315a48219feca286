import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../../domain/shared/candle.js';

export const COLUMN_NAMES = ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const;
export type ColumnName = (typeof COLUMN_NAMES)[number];

/** Candles as six parallel columns, open times strictly increasing. */
export type CandleColumns = { readonly length: number } & { readonly [K in ColumnName]: Float64Array };

export function emptyColumns(length: number): CandleColumns {
  return { length, openTime: new Float64Array(length), open: new Float64Array(length), high: new Float64Array(length), low: new Float64Array(length), close: new Float64Array(length), volume: new Float64Array(length) };
}

export function columnsFromCandles(candles: readonly Candle[]): CandleColumns {
  const columns = emptyColumns(candles.length);
  for (let i = 0; i < candles.length; i += 1) copyCandle(columns, i, candles[i] as Candle);
  return columns;
}

/** Row `i` as a candle object of its own. */
export function candleAt(columns: CandleColumns, i: number): Candle {
  return { openTime: columns.openTime[i]!, open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close: columns.close[i]!, volume: columns.volume[i]! };
}

export function candlesFromColumns(columns: CandleColumns, start = 0, end = columns.length): Candle[] {
  const candles = new Array<Candle>(end - start);
  for (let i = start; i < end; i += 1) candles[i - start] = candleAt(columns, i);
  return candles;
}

/** Views (no copy) of the rows `start` to `end` (exclusive). */
export function sliceColumns(columns: CandleColumns, start: number, end: number): CandleColumns {
  const view = (c: Float64Array): Float64Array => c.subarray(start, end);
  return { length: end - start, openTime: view(columns.openTime), open: view(columns.open), high: view(columns.high), low: view(columns.low), close: view(columns.close), volume: view(columns.volume) };
}

/** Index of the first open time >= `time` (binary search). */
export function lowerBound(openTime: Float64Array, time: number): number {
  let low = 0;
  let high = openTime.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((openTime[mid] as number) < time) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Missing bars on the timeframe grid: how many runs (`gaps`) and how many bars in all. */
export function gapStats(openTime: Float64Array, timeframe: Timeframe): { gaps: number; missingBars: number } {
  const step = TIMEFRAME_MS[timeframe];
  let gaps = 0;
  let missingBars = 0;
  for (let i = 1; i < openTime.length; i += 1) {
    const skipped = Math.round(((openTime[i] as number) - (openTime[i - 1] as number)) / step) - 1;
    if (skipped > 0) {
      gaps += 1;
      missingBars += skipped;
    }
  }
  return { gaps, missingBars };
}

function copyCandle(columns: CandleColumns, i: number, c: Candle): void {
  columns.openTime[i] = c.openTime;
  columns.open[i] = c.open;
  columns.high[i] = c.high;
  columns.low[i] = c.low;
  columns.close[i] = c.close;
  columns.volume[i] = c.volume;
}

function sameCandle(a: CandleColumns, i: number, b: Candle): boolean {
  return a.open[i] === b.open && a.high[i] === b.high && a.low[i] === b.low && a.close[i] === b.close && a.volume[i] === b.volume;
}

export interface MergeOutcome {
  readonly columns: CandleColumns;
  readonly added: number;
  readonly replaced: number;
  /** The first incoming candle that differs from the stored one at its open time, if any. */
  readonly conflict: { readonly index: number; readonly stored: Candle } | null;
}

/**
 * Stored columns and new candles (both sorted) as one series. At an open time held by both,
 * equal candles are kept once; a differing one is a conflict unless `replace`, where the
 * new candle wins.
 */
export function mergeCandles(stored: CandleColumns, incoming: readonly Candle[], replace: boolean): MergeOutcome {
  const out = emptyColumns(stored.length + incoming.length);
  let i = 0;
  let j = 0;
  let n = 0;
  let replaced = 0;
  while (i < stored.length || j < incoming.length) {
    const next = incoming[j];
    const storedTime = i < stored.length ? (stored.openTime[i] as number) : Number.POSITIVE_INFINITY;
    if (next === undefined || storedTime < next.openTime) {
      for (const name of COLUMN_NAMES) out[name][n] = stored[name][i] as number;
      i += 1;
    } else {
      if (storedTime === next.openTime) {
        if (!sameCandle(stored, i, next)) {
          if (!replace) return { columns: stored, added: 0, replaced: 0, conflict: { index: j, stored: candleAt(stored, i) } };
          replaced += 1;
        }
        i += 1;
      }
      copyCandle(out, n, next);
      j += 1;
    }
    n += 1;
  }
  return { columns: sliceColumns(out, 0, n), added: n - stored.length, replaced, conflict: null };
}
