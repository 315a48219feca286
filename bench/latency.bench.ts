import { availableParallelism } from 'node:os';
import { DEFAULT_SIGNAL_PARAMS } from '../src/domain/services/signal.service.js';
import { baselineMemory, runScenario, type ScenarioResult } from './latency/run-scenario.js';
import type { BenchResult } from './result.js';

const PAIRS = 100;
const CANDLES = 500;
const TICKS = 75;
/** With ccxt's Binance weights a tick takes ~3 s: fewer ticks. */
const THROTTLED_TICKS = 45;
const WARM_UP_TICKS = 5;
/** The default MACD(12,26,9) cross; RSI left out of it so the bot decides on every cross. */
const STRATEGY = { ...DEFAULT_SIGNAL_PARAMS, rsiBuyBelow: 100, rsiSellAbove: 0 };

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

const median = (values: readonly number[]): number => percentile(values, 50);

function latencyResults(label: string, r: ScenarioResult): BenchResult[] {
  const n = r.buyLatencies.length;
  const note = `${n} buy orders over ${r.ticks} ticks of ${PAIRS} pairs (${label}); sim klines send -> sim receives POST /api/v3/order; sells: p50 ${median(r.sellLatencies)} ms over ${r.sellLatencies.length}; load average ${r.load.toFixed(1)} on ${availableParallelism()} CPUs`;
  return [
    { suite: 'latency', name: `tick-to-order p50, ${label}`, value: median(r.buyLatencies), unit: 'ms', note },
    { suite: 'latency', name: `tick-to-order p99, ${label}`, value: percentile(r.buyLatencies, 99), unit: 'ms', note },
  ];
}

function memoryResult(what: string, value: number, idle: number, note: string): BenchResult {
  const reference = { name: `idle process ${what}`, value: idle };
  return { suite: 'latency', name: `bot ${what} at ${PAIRS} pairs x ${CANDLES} candles`, value, unit: 'MB', reference, ratio: Math.round((value / idle) * 100) / 100, note };
}

/**
 * Tick-to-decision latency of the realtime trading loop against the local Binance server, and
 * the bot process's memory at 100 pairs x 500 candles.
 *
 * The bot runs in its own process (bench/latency/bot-process.ts: ccxt connector with keys, ccxt.pro
 * feed, market clock, SQLite, the RSI/MACD strategy), the server in this one. Each pair's price
 * is a 1 % sine with a 20-candle period, phase-shifted by pair, so about 5 pairs' MACD histograms
 * cross up per tick; buys fill on the next candle and sells (0.1 % markup) on the one after, so
 * each tick the loop first updates about 10 working deals (fetchOrder, myTrades, a sell) and then
 * opens about 5. Both timestamps are the server's Date.now() (1 ms steps): just before it writes
 * the tick's klines (per pair: the final update of minute k, then the first of minute k+1, which
 * is what closes k for the feed), and when it receives each POST /api/v3/order. The next tick
 * goes out 20 ms after the bot reports the tick done, so ticks never queue; the first 5 ticks
 * are not counted.
 */
export default async function latencyBench(): Promise<BenchResult[]> {
  const base = { pairs: PAIRS, history: CANDLES, ticks: TICKS, warmUpTicks: WARM_UP_TICKS, strategy: STRATEGY };
  const unthrottled = await runScenario({ ...base, rateLimitMs: 1 });
  const throttled = await runScenario({ ...base, ticks: THROTTLED_TICKS });
  const idle = await baselineMemory();
  const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10;
  const memoryNote = `bot process (its own, under tsx, after GC) after trading ${PAIRS} pairs with a ${CANDLES}-candle window each, SQLite in memory; reference: the same process with its modules (ccxt among them) loaded and nothing running`;
  return [
    ...latencyResults('ccxt rate limiter at 1 ms', unthrottled),
    ...latencyResults("ccxt's Binance rate limiter", throttled),
    { suite: 'latency', name: 'klines send time per tick (sim, p50)', value: Math.round(median(unthrottled.sendMs) * 10) / 10, unit: 'ms', note: `${2 * PAIRS} kline events; included in the latencies above` },
    memoryResult('RSS', mb(unthrottled.memory.rss), mb(idle.rss), memoryNote),
    memoryResult('heap used', mb(unthrottled.memory.heapUsed), mb(idle.heapUsed), memoryNote),
  ];
}
