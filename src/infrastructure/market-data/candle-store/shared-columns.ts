import { COLUMN_NAMES, type CandleColumns } from './candle-columns.js';

/** One series' six columns in one SharedArrayBuffer, one after another: what worker threads read without a copy. */
export interface SharedSeries {
  readonly length: number;
  readonly buffer: SharedArrayBuffer;
}

const BYTES = Float64Array.BYTES_PER_ELEMENT;

/** Copies the columns once into shared memory; posting the result to a worker shares it (no copy). */
export function shareColumns(columns: CandleColumns): SharedSeries {
  const { length } = columns;
  const buffer = new SharedArrayBuffer(COLUMN_NAMES.length * length * BYTES);
  COLUMN_NAMES.forEach((name, i) => new Float64Array(buffer, i * length * BYTES, length).set(columns[name]));
  return { length, buffer };
}

/** Columns that are views on the shared buffer: nothing is copied. */
export function columnsOfShared(shared: SharedSeries): CandleColumns {
  const { length, buffer } = shared;
  const view = (i: number): Float64Array => new Float64Array(buffer, i * length * BYTES, length);
  return { length, openTime: view(0), open: view(1), high: view(2), low: view(3), close: view(4), volume: view(5) };
}
