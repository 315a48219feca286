// One backtest case in its own process, so its peak memory is its own:
//   tsx bench/backtest/run-case.ts <pairs> <candles>
// prints one JSON line: { pairs, candles, ms, candlesPerSecond, deals, closed, maxRssMb }
import { performance } from 'node:perf_hooks';
import { runBacktest } from '../../src/application/backtest/backtest-runner.js';
import { configSchema } from '../../src/infrastructure/config/config.schema.js';
import { columnsFromCandles } from '../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { composeBacktest } from '../../src/main.js';
import { BENCH_FEE, BENCH_PAIR, syntheticMarket } from './synthetic-market.js';

const pairs = Number(process.argv[2]);
const candles = Number(process.argv[3]);
// as `dealbot backtest` gets them from the candle store: columns (loading them is measured in the candle-store suite)
const series = Object.fromEntries(Object.entries(syntheticMarket(pairs, candles)).map(([symbol, list]) => [symbol, columnsFromCandles(list)]));
const config = configSchema.parse({
  pairs: Object.keys(series).map((symbol) => ({ symbol, ...BENCH_PAIR, paperMarket: { priceStep: '0.01', amountStep: '0.00001', minCost: '1' } })),
  market: { source: 'stored' },
  paper: { balances: { USDT: String(200 * pairs) }, makerFee: String(BENCH_FEE), takerFee: String(BENCH_FEE) },
});
const start = performance.now();
const result = await runBacktest(composeBacktest(config, series));
const ms = performance.now() - start;
const total = pairs * candles;
process.stdout.write(
  `${JSON.stringify({
    pairs,
    candles: total,
    ms,
    candlesPerSecond: (total / ms) * 1000,
    deals: result.deals.length,
    closed: result.deals.filter((d) => d.status === 'closed').length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
