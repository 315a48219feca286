import { describe, expect, it } from 'vitest';
import { columnsFromCandles } from '../../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { gridBreaks } from '../../../src/infrastructure/market-data/grid-breaks.js';

const MINUTE = 60_000;
const at = (times: readonly number[]) => columnsFromCandles(times.map((openTime) => ({ openTime, open: 1, high: 1, low: 1, close: 1, volume: 1 })));

describe('gridBreaks', () => {
  it('lists the rows opening after a gap, then the row count', () => {
    expect([...gridBreaks('A/B', at([0, MINUTE, 2 * MINUTE, 5 * MINUTE, 6 * MINUTE, 9 * MINUTE]), MINUTE)]).toEqual([3, 5, 6]);
    expect([...gridBreaks('A/B', at([0, MINUTE, 2 * MINUTE]), MINUTE)]).toEqual([3]);
    expect([...gridBreaks('A/B', at([]), MINUTE)]).toEqual([0]);
  });

  it('refuses open times that do not increase, naming the symbol and the candle', () => {
    expect(() => gridBreaks('A/B', at([0, MINUTE, MINUTE]), MINUTE)).toThrow('A/B: candle 3 opens at 60000, not after 60000');
    expect(() => gridBreaks('A/B', at([0, 2 * MINUTE, MINUTE]), MINUTE)).toThrow('A/B: candle 3 opens at 60000, not after 120000');
  });
});
