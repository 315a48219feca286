import type { Candle } from '../../src/domain/shared/candle.js';
import type { SimMarketSpec } from '../../test/support/binance-sim/binance-sim.js';

export const MINUTE = 60_000;
/** Cycle length in candles: each pair's MACD histogram crosses up about once per cycle. */
const CYCLE = 20;

export const symbolOf = (i: number): string => `T${String(i).padStart(3, '0')}/USDT`;

export function marketsFor(pairs: number): SimMarketSpec[] {
  return Array.from({ length: pairs }, (_, i) => ({ base: symbolOf(i).split('/')[0]!, quote: 'USDT', tickSize: '0.0001', stepSize: '0.001', minQty: '0.001', minNotional: '5' }));
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Close of pair i at minute k: a 1 % sine around 50 + i, phase-shifted by pair so crosses spread over the ticks. */
function close(i: number, k: number): number {
  return round4((50 + i) * (1 + 0.01 * Math.sin((2 * Math.PI * (k + i)) / CYCLE)));
}

/**
 * Candles of the benchmark market; minute k opens at t0 + k minutes (history: k < 0). The server
 * fills an order only on candles opening after it was placed (its wall clock), so t0 lies ahead
 * of the wall clock and streaming (a minute per tick) runs faster than it.
 */
export class MarketScript {
  constructor(readonly t0: number) {}

  /** The final candle of pair i at minute k: opens at the previous close, wicks 0.3 % beyond the body. */
  finalCandle(i: number, k: number): Candle {
    const open = close(i, k - 1);
    const c = close(i, k);
    return { openTime: this.t0 + k * MINUTE, open, high: round4(Math.max(open, c) * 1.003), low: round4(Math.min(open, c) * 0.997), close: c, volume: 10 };
  }

  /** The first update of pair i's minute k: one trade at the open. */
  firstUpdate(i: number, k: number): Candle {
    const open = close(i, k - 1);
    return { openTime: this.t0 + k * MINUTE, open, high: open, low: open, close: open, volume: 0.1 };
  }
}
