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
 * The DCA case's settings (3 safety orders). One deal may spend 20 + 20 + 30 + 45 = 115 USDT,
 * which is the pair's dealQuota in that case; the balance covers `dealCount` such deals per pair.
 */
export const BENCH_DCA = { baseOrder: '20', safetyOrder: '20', maxSafetyOrders: 3, deviation: '0.01', stepScale: '1.5', volumeScale: '1.5', takeProfit: '0.004' } as const;
const DCA_DEAL_BUDGET = 115;

/**
 * The config of a bench backtest over `symbols`, before the schema fills its defaults: the
 * in-process run (run-case.ts) parses it, the whole-process one writes it to a file. With
 * `dca`, every pair trades DCA deals (BENCH_DCA) and the balance lets each pair's deals open.
 */
export function benchConfig(symbols: readonly string[], dca = false) {
  const dealQuota = dca ? String(DCA_DEAL_BUDGET) : BENCH_PAIR.dealQuota;
  const perPair = dca ? 240 : 200; // DCA: 2 deals x 115 x (1 + fee), rounded up
  return {
    pairs: symbols.map((symbol) => ({ symbol, ...BENCH_PAIR, dealQuota, paperMarket: { priceStep: '0.01', amountStep: '0.00001', minCost: '1' } })),
    market: { source: 'stored' },
    paper: { balances: { USDT: String(perPair * symbols.length) }, makerFee: String(BENCH_FEE), takerFee: String(BENCH_FEE) },
    ...(dca ? { dca: BENCH_DCA } : {}),
  } as const;
}
