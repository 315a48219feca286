import { describe, expect, it } from 'vitest';
import { atr, bollinger, ema, macd, rsi, sma, stochastic } from '../../src/indicators/index.js';
import { randomWalk } from './helpers/series.js';

const calls: [string, (values: ArrayLike<number>) => unknown][] = [
  ['sma', (v) => sma(v, 5)],
  ['ema', (v) => ema(v, 5)],
  ['rsi', (v) => rsi(v, 5)],
  ['macd', (v) => macd(v, 3, 7, 4)],
  ['bollinger', (v) => bollinger(v, 5, 2)],
  ['atr', (v) => atr(v, v, v, 5)],
  ['stochastic', (v) => stochastic(v, v, v, 5, 3, 3)],
];

describe.each(calls)('%s leaves its input untouched', (_name, call) => {
  it('for a Float64Array', () => {
    const values = randomWalk(60, 100, 8);
    const copy = values.slice();
    call(values);
    expect(values).toEqual(copy);
  });

  it('for a frozen plain array', () => {
    const values = Object.freeze(Array.from(randomWalk(60, 100, 9)));
    const copy = [...values];
    expect(() => call(values)).not.toThrow();
    expect(values).toEqual(copy);
  });
});
