import { availableParallelism } from 'node:os';
import { DEFAULT_SIGNAL_PARAMS } from '../src/domain/services/signal.service.js';
import { runScenario, type ScenarioResult } from './latency/run-scenario.js';
import type { BenchResult } from './result.js';

const PAIRS = 50;
const CANDLES = 200;
const TICKS = 60;
const WARM_UP_TICKS = 5;
/** 200 readers: HTTP clients reading deals and status as fast as answered, and event-stream subscribers. */
const READERS = { connections: 150, subscribers: 50, durationSeconds: 20 };
const STRATEGY = { ...DEFAULT_SIGNAL_PARAMS, rsiBuyBelow: 100, rsiSellAbove: 0 };

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

const orders = (r: ScenarioResult): number[] => [...r.buyLatencies, ...r.sellLatencies];

/**
 * The bot's REST API under 200 concurrent readers while it trades 50 pairs: the latency
 * scenario of latency.bench.ts (the bot in its own process, ccxt against the local Binance
 * server, ccxt's rate limiter at 1 ms) with `dealbot run --api`'s API in the bot process. Run
 * once without readers, once with 150 HTTP clients (autocannon, alternating
 * GET /api/v1/deals?limit=50 and GET /api/v1/status) and 50 subscribers of GET /api/v1/events,
 * in a third process. Tick-to-order: the sim's clock from sending a tick's klines to receiving
 * each order (buys and sells) of that tick.
 */
export default async function apiLoadBench(): Promise<BenchResult[]> {
  const base = { pairs: PAIRS, history: CANDLES, ticks: TICKS, warmUpTicks: WARM_UP_TICKS, strategy: STRATEGY, rateLimitMs: 1 };
  const quiet = await runScenario(base);
  const loaded = await runScenario({ ...base, readers: READERS });
  const r = loaded.readers;
  if (r === undefined) throw new Error('the readers reported nothing');
  const errors = r.errors + r.timeouts + r.non2xx + r.streamErrors;
  const p99Quiet = percentile(orders(quiet), 99);
  const p99Loaded = percentile(orders(loaded), 99);
  const cpus = `load average ${loaded.load.toFixed(1)} on ${availableParallelism()} CPUs`;
  const note = `${PAIRS} pairs; readers: ${READERS.connections} HTTP + ${READERS.subscribers} SSE for ${READERS.durationSeconds} s; ${cpus}`;
  return [
    { suite: 'api-load', name: `tick-to-order p99, ${PAIRS} pairs, no readers`, value: p99Quiet, unit: 'ms', note: `${orders(quiet).length} orders over ${quiet.ticks} ticks` },
    {
      suite: 'api-load',
      name: `tick-to-order p99, ${PAIRS} pairs, 200 readers`,
      value: p99Loaded,
      unit: 'ms',
      reference: { name: 'no readers', value: p99Quiet },
      ratio: Math.round((p99Loaded / p99Quiet) * 100) / 100,
      note: `${orders(loaded).length} orders over ${loaded.ticks} ticks; p50 ${percentile(orders(loaded), 50)} ms (no readers: ${percentile(orders(quiet), 50)} ms)`,
    },
    { suite: 'api-load', name: 'API read p99 (deals, status), 200 readers', value: r.p99, unit: 'ms', note: `p50 ${r.p50} ms, max ${r.max} ms; ${note}` },
    { suite: 'api-load', name: 'API reads per second, 200 readers', value: Math.round(r.requests / READERS.durationSeconds), unit: 'req/s', note: `${r.requests} reads in ${READERS.durationSeconds} s` },
    { suite: 'api-load', name: 'API errors under 200 readers', value: errors, unit: 'count', note: `errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}, stream errors ${r.streamErrors}; ${r.subscribed} of ${READERS.subscribers} subscribers connected, ${r.events} events delivered` },
  ];
}
