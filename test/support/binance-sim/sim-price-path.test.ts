import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/shared/decimal.js';
import { CandlePath, type PathPoint } from './sim-price-path.js';

/** The order in which the local Binance server trades through a candle, which decides which stop or limit acts first. */

const candle = (open: number, high: number, low: number, close: number) => new CandlePath({ openTime: 0, open, high, low, close, volume: 1 });
const shown = (point: PathPoint | null) => (point === null ? null : [Number(point.time.toFixed(4)), point.price.toString()]);

describe('CandlePath', () => {
  it('a candle closing at or above its open goes open -> low -> high -> close; below its open, open -> high -> low -> close', () => {
    const rising = candle(100, 110, 90, 105);
    expect(shown(rising.first('atOrBelow', dec(95)))).toEqual([0.5, '95']);
    expect(shown(rising.first('atOrAbove', dec(105)))).toEqual([1.75, '105']);
    const falling = candle(100, 110, 90, 95);
    expect(shown(falling.first('atOrAbove', dec(105)))).toEqual([0.5, '105']);
    expect(shown(falling.first('atOrBelow', dec(95)))).toEqual([1.75, '95']);
  });

  it('a level the open is already past is reached at the open, at the open price (a gap)', () => {
    expect(shown(candle(80, 85, 75, 82).first('atOrBelow', dec(95)))).toEqual([0, '80']);
    expect(shown(candle(120, 125, 115, 118).first('atOrAbove', dec(105)))).toEqual([0, '120']);
  });

  it('a level the candle never reaches gives null; its high and low themselves count', () => {
    const path = candle(100, 110, 90, 105);
    expect(path.first('atOrAbove', dec('110.01'))).toBeNull();
    expect(path.first('atOrBelow', dec('89.99'))).toBeNull();
    expect(shown(path.first('atOrAbove', dec(110)))).toEqual([2, '110']);
    expect(shown(path.first('atOrBelow', dec(90)))).toEqual([1, '90']);
  });

  it('from a later moment: that moment itself when its price already qualifies, else the next time the path reaches the level', () => {
    const path = candle(100, 110, 90, 105); // 100 -> 90 -> 110 -> 105
    const trigger = path.first('atOrBelow', dec(95))!; // at 0.5, price 95
    expect(shown(path.first('atOrAbove', dec(94), trigger))).toEqual([0.5, '95']); // a sell limit at 94: marketable at once
    expect(shown(path.first('atOrAbove', dec(96), trigger))).toEqual([1.3, '96']); // at 96: once the price comes back up
    expect(path.first('atOrAbove', dec(111), trigger)).toBeNull();
    expect(shown(path.first('atOrBelow', dec(106), { time: 2, price: dec(110) }))).toEqual([2.8, '106']);
  });
});
