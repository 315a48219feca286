import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyColumns } from '../../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { ColumnCandle } from '../../../src/infrastructure/market-data/column-candle.js';

describe('ColumnCandle', () => {
  it('shows the row it is moved to, with the open time it is given', () => {
    const columns = emptyColumns(2);
    columns.open.set([1, 2]);
    columns.high.set([3, 4]);
    columns.low.set([0.5, 1.5]);
    columns.close.set([2, 3]);
    columns.volume.set([7, 8]);
    const candle = new ColumnCandle(columns);
    candle.show(1, 120_000);
    expect({ ...candle.toCandle(), openTime: candle.openTime }).toEqual({ openTime: 120_000, open: 2, high: 4, low: 1.5, close: 3, volume: 8 });
    expect([candle.open, candle.high, candle.low, candle.close, candle.volume]).toEqual([2, 4, 1.5, 3, 8]);
  });

  it('reachedAt: the open time of the first row from the shown one that reaches either side, as a scan of every row finds it', () => {
    const side = fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constant(Number.NaN));
    fc.assert(
      fc.property(
        fc.array(fc.record({ low: fc.integer({ min: 0, max: 50 }), span: fc.integer({ min: 0, max: 20 }) }), { minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.oneof(fc.integer({ min: -5, max: 60 }), fc.constant(Number.NEGATIVE_INFINITY), fc.constant(Number.POSITIVE_INFINITY)),
        fc.oneof(fc.integer({ min: 0, max: 80 }), fc.constant(Number.POSITIVE_INFINITY)),
        fc.integer({ min: 1, max: 400 }),
        side,
        (bars, start, to, from, limit, nan) => {
          const columns = emptyColumns(bars.length);
          bars.forEach((b, i) => {
            columns.openTime[i] = 1_000 + 60_000 * i;
            columns.low[i] = b.low;
            columns.high[i] = b.low + b.span;
          });
          // a NaN price reaches nothing, as the candle-by-candle comparison has it
          if (Number.isNaN(nan)) columns.low[bars.length - 1] = Number.NaN;
          const row = start % bars.length;
          const candle = new ColumnCandle(columns);
          candle.show(row, columns.openTime[row]!);
          let expected = Number.POSITIVE_INFINITY;
          for (let r = row; r < bars.length; r += 1) {
            const reaches = (to !== Number.NEGATIVE_INFINITY && columns.low[r]! <= to) || (from !== Number.POSITIVE_INFINITY && columns.high[r]! >= from);
            if (reaches || r === row + limit) {
              expected = columns.openTime[r]!;
              break;
            }
          }
          expect(candle.reachedAt(to, from, limit)).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
