import type { Candle } from '../../domain/shared/candle.js';
import { candleAt, type CandleColumns } from './candle-store/candle-columns.js';

/**
 * A replayed candle: one object per symbol that points at a row of the columns and moves on
 * every tick. Its fields are read from the columns when asked, so a field nobody reads (the
 * volume, mostly the open) is never loaded.
 */
export class ColumnCandle implements Candle {
  row = 0;

  constructor(readonly columns: CandleColumns) {}

  get openTime(): number {
    return this.columns.openTime[this.row]!;
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
