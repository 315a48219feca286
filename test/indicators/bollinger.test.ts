import { describe, expect, it } from 'vitest';
import { bollinger, sma } from '../../src/indicators/index.js';
import { expectClose, priceLevel } from './helpers/assert-close.js';
import { candleFiles } from './helpers/market-data.js';
import { randomWalk } from './helpers/series.js';
import { reference } from './helpers/talib.js';

const bbands = (values: ArrayLike<number>, period: number, stdDev: number) =>
  reference('BBANDS', { inReal: values }, { optInTimePeriod: period, optInNbDevUp: stdDev, optInNbDevDn: stdDev, optInMAType: 0 });

describe('bollinger', () => {
  it('on 1e-8 prices equals TA-Lib on the prices x 1e8 divided back, where TA-Lib itself flattens the bands', () => {
    const tiny = randomWalk(300, 3e-8, 31, 0.002);
    const flattened = bbands(tiny, 20, 2);
    expect(flattened.RealUpperBand!.slice(19)).toEqual(flattened.RealMiddleBand!.slice(19));

    const scaled = bbands(tiny.map((v) => v * 1e8), 20, 2);
    const ours = bollinger(tiny, 20, 2);
    const level = priceLevel(tiny);
    expectClose(ours.upper, scaled.RealUpperBand!.map((v) => v / 1e8), level, 'upper');
    expectClose(ours.middle, scaled.RealMiddleBand!.map((v) => v / 1e8), level, 'middle');
    expectClose(ours.lower, scaled.RealLowerBand!.map((v) => v / 1e8), level, 'lower');
    expect(ours.upper[100]! - ours.lower[100]!).toBeGreaterThan(1e-11);
  });

  it('equals raw TA-Lib on real candles wherever TA-Lib did not flatten the bands', () => {
    for (const { name, close } of candleFiles()) {
      const theirs = bbands(close, 20, 2);
      const ours = bollinger(close, 20, 2);
      const kept = (series: Float64Array) => series.map((v, i) => (theirs.RealUpperBand![i] === theirs.RealMiddleBand![i] ? NaN : v));
      const level = priceLevel(close);
      expectClose(kept(ours.upper), kept(theirs.RealUpperBand!), level, `${name} upper`);
      expectClose(kept(ours.lower), kept(theirs.RealLowerBand!), level, `${name} lower`);
      expectClose(ours.middle, theirs.RealMiddleBand!, level, `${name} middle`);
    }
  });

  it('collapses to the price on flat prices, at any scale', () => {
    for (const price of [1e-8, 0.3, 1234.5, 7e9]) {
      const { upper, middle, lower } = bollinger(new Float64Array(100).fill(price), 20, 2);
      for (let i = 19; i < 100; i++) {
        expect(Math.abs(middle[i]! - price)).toBeLessThanOrEqual(price * 1e-15);
        expect(upper[i]).toBe(middle[i]);
        expect(lower[i]).toBe(middle[i]);
      }
    }
  });

  it('has the SMA as middle band and symmetric bands', () => {
    const values = randomWalk(200, 50, 32);
    const { upper, middle, lower } = bollinger(values, 10, 1.5);
    expect(middle).toEqual(sma(values, 10));
    for (let i = 9; i < 200; i++) expect(upper[i]! - middle[i]!).toBeCloseTo(middle[i]! - lower[i]!, 10);
  });

  it('with stdDev 0 puts both bands on the middle band', () => {
    const { upper, middle, lower } = bollinger(randomWalk(50, 50, 33), 10, 0);
    expect(upper).toEqual(middle);
    expect(lower).toEqual(middle);
  });
});
