import { describe, expect, it } from 'vitest';
import { candlesFromColumns, columnsFromCandles } from '../../../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { columnsOfShared, shareColumns } from '../../../../src/infrastructure/market-data/candle-store/shared-columns.js';

const candles = [1, 2, 3].map((i) => ({ openTime: i * 60_000, open: 10 + i, high: 12 + i, low: 9 + i, close: 11 + i, volume: 100 * i }));

describe('shared candle columns', () => {
  it('hold the same candles, every column a view on one SharedArrayBuffer', () => {
    const shared = shareColumns(columnsFromCandles(candles));
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.buffer.byteLength).toBe(6 * 3 * 8);
    const columns = columnsOfShared(shared);
    expect(candlesFromColumns(columns)).toEqual(candles);
    for (const name of ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const) expect(columns[name].buffer).toBe(shared.buffer);
  });

  it('are views, not copies: a write through one set of views is read through another', () => {
    const shared = shareColumns(columnsFromCandles(candles));
    const a = columnsOfShared(shared);
    const b = columnsOfShared(shared);
    a.close[1] = 99.5;
    expect(b.close[1]).toBe(99.5);
    expect(b.low[1]).toBe(11);
  });

  it('share a series of no candles', () => {
    const columns = columnsOfShared(shareColumns(columnsFromCandles([])));
    expect(columns.length).toBe(0);
    expect(columns.close).toHaveLength(0);
  });
});
