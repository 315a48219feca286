import type { ReplayCandle } from '../../domain/ports/replay.port.js';
import type { Candle } from '../../domain/shared/candle.js';
import { candleAt, type CandleColumns } from './candle-store/candle-columns.js';

/**
 * A replayed candle: one object per symbol that points at a row of the columns and moves on
 * every tick. Its prices and volume are read from the columns when asked, so a field nobody
 * reads (the volume, mostly the open) is never loaded; the replay, which knows the open time,
 * sets it with the row.
 */
export class ColumnCandle implements ReplayCandle {
  row = 0;
  openTime = Number.NaN;

  constructor(readonly columns: CandleColumns) {}

  /** Moves to `row`, which opens at `openTime`. */
  show(row: number, openTime: number): void {
    this.row = row;
    this.openTime = openTime;
  }

  /**
   * When the first candle from this one on opens whose low is at or below `to` or whose high is
   * at or above `from` (a side at -/+Infinity is not read): a look-ahead over at most `limit`
   * rows of the two columns, read in order. When none does within them, the open time of the
   * row after them, or +Infinity at the end of the series. The paper book asks it instead of
   * reading every candle's low and high, which with many pairs are mostly cache misses.
   */
  reachedAt(to: number, from: number, limit: number): number {
    const { low, high, openTime, length } = this.columns;
    const end = Math.min(this.row + limit, length);
    let r = this.row;
    if (from === Number.POSITIVE_INFINITY) while (r < end && !(low[r]! <= to)) r += 1;
    else if (to === Number.NEGATIVE_INFINITY) while (r < end && !(high[r]! >= from)) r += 1;
    else while (r < end && !(low[r]! <= to) && !(high[r]! >= from)) r += 1;
    return r < length ? openTime[r]! : Number.POSITIVE_INFINITY;
  }

  get open(): number {
    return this.columns.open[this.row]!;
  }

  get high(): number {
    return this.columns.high[this.row]!;
  }

  get low(): number {
    return this.columns.low[this.row]!;
  }

  get close(): number {
    return this.columns.close[this.row]!;
  }

  get volume(): number {
    return this.columns.volume[this.row]!;
  }

  /** A plain candle of its own, for whoever keeps it. */
  toCandle(): Candle {
    return candleAt(this.columns, this.row);
  }

  toJSON(): Candle {
    return this.toCandle();
  }
}
