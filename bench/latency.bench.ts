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

const round2 = (ms: number): number => Math.round(ms * 100) / 100;

/** The bound Binance's request weight puts on ticks: ccxt counts it over a rolling minute (6,000), so a tick waits only once the minute's budget is spent. */
function weightNote(r: ScenarioResult): string {
  const p50 = median(r.weightPerTick);
  return `request weight per tick (Binance's, counted by the server) p50 ${p50}, max ${Math.max(...r.weightPerTick)}; ccxt's limiter lets 6,000 a rolling minute through at once, so about ${Math.floor(6000 / Math.max(1, p50))} such ticks a minute before requests wait (one a minute live)`;
}

/** Timed inside the bot: closing kline's arrival -> each buy's create-order request leaving, and the tick's write-ahead commit. */
function inBotResults(label: string, r: ScenarioResult): BenchResult[] {
  const { buys, commits, saves, assembled, balances } = r.inBot;
  const commitP50 = median(commits);
  const share = `${Math.round((commitP50 / median(buys)) * 100)} % of the in-bot p50`;
  const note = `${buys.length} buy orders over ${r.ticks} ticks (${label}); bot's performance.now(): the feed's websocket client handed over the kline that closed the tick -> undici wrote the POST /api/v3/order head (undici:client:sendHeaders); includes the one write-ahead commit (SQLite file, WAL, synchronous=FULL); p50 of the steps before it: tick handed to the loop ${round2(median(assembled))} ms, balance read answered ${round2(median(balances))} ms`;
  const commitNote = `the tick's one transaction storing its new deals and pushed changes, fsync included, over ${commits.length} ticks: ${share}; all of saveDeals (the outbox relay's publishing after the commit included): p50 ${round2(median(saves))} ms, p99 ${round2(percentile(saves, 99))} ms`;
  return [
    { suite: 'latency', name: `in-bot tick-to-order p50, ${label}`, value: round2(median(buys)), unit: 'ms', note },
    { suite: 'latency', name: `in-bot tick-to-order p99, ${label}`, value: round2(percentile(buys, 99)), unit: 'ms', note },
    { suite: 'latency', name: `write-ahead commit p50, ${label}`, value: round2(commitP50), unit: 'ms', note: commitNote },
    { suite: 'latency', name: `write-ahead commit p99, ${label}`, value: round2(percentile(commits, 99)), unit: 'ms', note: commitNote },
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
 * The bot runs in its own process (bench/latency/bot-process.ts: ccxt connector with keys,
 * ccxt.pro feed, market clock, SQLite in a file, the RSI/MACD strategy), the server in this one.
 * Each pair's price is a 1 % sine with a 20-candle period, phase-shifted by pair, so about 5
 * pairs' MACD histograms cross up per tick; buys fill on the next candle and sells (0.1 %
 * markup) on the one after, so each tick the loop opens about 5 deals (one commit, then the
 * buys concurrently) and then updates about 10 working deals (their fills, a sell each).
 * Server-side, both timestamps are the server's Date.now() (1 ms steps): just before it writes
 * the tick's klines (per pair: the final update of minute k, then the first of minute k+1, which
 * is what closes k for the feed), and when it receives each POST /api/v3/order. In-bot, the bot
 * times from the arrival of the kline that closed the tick to each buy request leaving, and the
 * tick's write-ahead commit (bench/latency/in-bot-timing.ts). The next tick goes out 20 ms after
 * the bot reports the tick done, so ticks never queue; the first 5 ticks are not counted.
 */
export default async function latencyBench(): Promise<BenchResult[]> {
  const base = { pairs: PAIRS, history: CANDLES, ticks: TICKS, warmUpTicks: WARM_UP_TICKS, strategy: STRATEGY };
  const unthrottled = await runScenario({ ...base, rateLimitMs: 1 });
  const throttled = await runScenario({ ...base, ticks: THROTTLED_TICKS });
  const idle = await baselineMemory();
  const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10;
  const memoryNote = `bot process (its own, under tsx, after GC) after trading ${PAIRS} pairs with a ${CANDLES}-candle window each, SQLite in a file; reference: the same process with its modules (ccxt among them) loaded and nothing running`;
  return [
    ...latencyResults('ccxt rate limiter at 1 ms', unthrottled),
    ...inBotResults('ccxt rate limiter at 1 ms', unthrottled),
    ...latencyResults("ccxt's Binance rate limiter", throttled).map((r) => ({ ...r, note: `${r.note}; ${weightNote(throttled)}` })),
    { suite: 'latency', name: 'klines send time per tick (sim, p50)', value: Math.round(median(unthrottled.sendMs) * 10) / 10, unit: 'ms', note: `${2 * PAIRS} kline events; included in the latencies above` },
    memoryResult('RSS', mb(unthrottled.memory.rss), mb(idle.rss), memoryNote),
    memoryResult('heap used', mb(unthrottled.memory.heapUsed), mb(idle.heapUsed), memoryNote),
  ];
}
