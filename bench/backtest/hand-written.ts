import type { Candle } from '../../src/domain/shared/candle.js';
import { BENCH_FEE, BENCH_PAIR } from './synthetic-market.js';

export interface Columns {
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
}

export function toColumns(candles: readonly Candle[]): Columns {
  const n = candles.length;
  const columns = { open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n) };
  candles.forEach((c, i) => {
    columns.open[i] = c.open;
    columns.high[i] = c.high;
    columns.low[i] = c.low;
    columns.close[i] = c.close;
  });
  return columns;
}

/**
 * The practical limit: RSI(14), MACD(12,26,9), the default signal and the deal rules
 * (limit buy at the close, fill on low <= price, sell at +markup on high >= price, expiry
 * after orderLifeTime, maker fees) in one loop over Float64Arrays, floats throughout.
 * Returns [deals opened, deals closed, final quote balance].
 */
export function handWrittenBacktest(c: Columns, startBalance: number): Float64Array {
  const { close: closes, low: lows, high: highs } = c;
  const fee = BENCH_FEE;
  const n = closes.length;
  const quota = Number(BENCH_PAIR.dealQuota), markup = Number(BENCH_PAIR.profitMarkup), slots = BENCH_PAIR.dealCount;
  const lifetime = BENCH_PAIR.orderLifeTime / 60;
  const buyPrice = new Float64Array(slots), amount = new Float64Array(slots), sellPrice = new Float64Array(slots), placed = new Int32Array(slots);
  const state = new Int8Array(slots); // 0 free, 1 buy resting, 2 sell resting
  let balance = startBalance, opened = 0, closed = 0;
  let count = 0, previous = 0, gain = 0, loss = 0, rsi = NaN;
  let slowSum = 0, fastSum = 0, slow = NaN, fast = NaN, signalSum = 0, signal = NaN, histogram = NaN, lastHistogram = NaN;
  const kFast = 2 / 13, kSlow = 2 / 27, kSignal = 2 / 10;
  for (let i = 0; i < n; i += 1) {
    const close = closes[i]!;
    for (let s = 0; s < slots; s += 1) {
      if (state[s] === 1 && placed[s]! < i) {
        if (lows[i]! <= buyPrice[s]!) {
          state[s] = 2;
          sellPrice[s] = buyPrice[s]! * (1 + markup);
          placed[s] = i;
        } else if (i - placed[s]! >= lifetime) {
          state[s] = 0;
          balance += buyPrice[s]! * amount[s]! * (1 + fee);
        }
      } else if (state[s] === 2 && placed[s]! < i && highs[i]! >= sellPrice[s]!) {
        state[s] = 0;
        balance += sellPrice[s]! * amount[s]! * (1 - fee);
        closed += 1;
      }
    }
    const change = close - previous;
    previous = close;
    if (count > 0) {
      if (count <= 14) {
        if (change < 0) loss -= change;
        else gain += change;
        if (count === 14) {
          loss /= 14;
          gain /= 14;
          rsi = gain + loss === 0 ? 0 : (100 * gain) / (gain + loss);
        }
      } else {
        loss = (loss * 13 + (change < 0 ? -change : 0)) / 14;
        gain = (gain * 13 + (change > 0 ? change : 0)) / 14;
        rsi = gain + loss === 0 ? 0 : (100 * gain) / (gain + loss);
      }
    }
    if (count < 26) slowSum += close;
    if (count >= 14 && count < 26) fastSum += close;
    if (count === 25) {
      slow = slowSum / 26;
      fast = fastSum / 12;
      signalSum = fast - slow;
    } else if (count > 25) {
      slow = (close - slow) * kSlow + slow;
      fast = (close - fast) * kFast + fast;
      const line = fast - slow;
      if (count < 33) signalSum += line;
      else if (count === 33) signal = (signalSum + line) / 9;
      else signal = (line - signal) * kSignal + signal;
      if (count >= 33) {
        lastHistogram = histogram;
        histogram = line - signal;
      }
    }
    count += 1;
    if (lastHistogram <= 0 && histogram > 0 && rsi < 50) {
      for (let s = 0; s < slots; s += 1) {
        if (state[s] !== 0) continue;
        const units = Math.floor(quota / close / 0.00001) * 0.00001;
        const reserve = close * units * (1 + fee);
        if (reserve > balance) break;
        balance -= reserve;
        state[s] = 1;
        buyPrice[s] = close;
        amount[s] = units;
        placed[s] = i;
        opened += 1;
        break;
      }
    }
  }
  // a typed array, not an array literal: a literal of two integers and a float made V8
  // deoptimize the whole function at its return on every call
  return Float64Array.of(opened, closed, balance);
}
