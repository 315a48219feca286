import type { Candle } from '../../src/domain/shared/candle.js';
import { SimulatedCandleGenerator } from '../../src/infrastructure/market-data/simulated-candle.generator.js';

/** Deterministic 1m candles for `pairs` symbols: P000/USDT, P001/USDT, ... */
export function syntheticMarket(pairs: number, candles: number): Record<string, Candle[]> {
  const series: Record<string, Candle[]> = {};
  for (let p = 0; p < pairs; p += 1) {
    const symbol = `P${String(p).padStart(3, '0')}/USDT`;
    const generator = new SimulatedCandleGenerator({ symbol, startPrice: 100 + p, priceStep: 0.01 }, 7, 'forward');
    const list = new Array<Candle>(candles);
    for (let i = 0; i < candles; i += 1) list[i] = generator.next(1_700_000_000_000 + i * 60_000);
    series[symbol] = list;
  }
  return series;
}

/** The backtest config the benchmark and its reference share. */
export const BENCH_PAIR = { dealQuota: '100', profitMarkup: '0.004', dealCount: 2, orderLifeTime: 900 } as const;
export const BENCH_FEE = 0.001;

/**
 * The config of a bench backtest over `symbols`, before the schema fills its defaults: the
 * in-process run (run-case.ts) parses it, the whole-process one writes it to a file.
 */
export function benchConfig(symbols: readonly string[]) {
  return {
    pairs: symbols.map((symbol) => ({ symbol, ...BENCH_PAIR, paperMarket: { priceStep: '0.01', amountStep: '0.00001', minCost: '1' } })),
    market: { source: 'stored' },
    paper: { balances: { USDT: String(200 * symbols.length) }, makerFee: String(BENCH_FEE), takerFee: String(BENCH_FEE) },
  } as const;
}
