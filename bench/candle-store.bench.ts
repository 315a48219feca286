import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Candle } from '../src/domain/shared/candle.js';
import { CandleStore } from '../src/infrastructure/market-data/candle-store/candle-store.js';
import { parseFreqtradeCandles } from '../src/infrastructure/market-data/freqtrade-json.js';
import { syntheticCloses } from './measure.js';
import type { BenchResult } from './result.js';

const CANDLES = 1_000_000;
const MINUTE = 60_000;
const REPEATS = 7;

function syntheticCandles(): Candle[] {
  const closes = syntheticCloses(CANDLES);
  const start = Date.UTC(2023, 0, 1);
  return Array.from(closes, (close, i) => {
    const open = i === 0 ? close : closes[i - 1]!;
    return { openTime: start + i * MINUTE, open, high: Math.max(open, close) * 1.001, low: Math.min(open, close) * 0.999, close, volume: (i % 1000) + 0.5 };
  });
}

/**
 * A full collection before each timed run, so a run is not charged for the garbage of the one
 * before it (a backtest loads its candles once and keeps them).
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Median and best milliseconds of each async function, run interleaved after one warm-up round. */
async function timeInterleaved(fns: (() => Promise<unknown>)[]): Promise<{ median: number; best: number }[]> {
  const samples = fns.map(() => [] as number[]);
  for (let round = 0; round <= REPEATS; round += 1) {
    for (const [k, fn] of fns.entries()) {
      collectGarbage();
      const start = performance.now();
      await fn();
      if (round > 0) samples[k]!.push(performance.now() - start);
    }
  }
  return samples.map((times) => {
    const sorted = times.sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)]!, best: sorted[0]! };
  });
}

/** Time to load a year-scale series (1,000,000 1m candles) from the store, against re-parsing the same candles as freqtrade JSON. */
export default async function candleStoreBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-bench-candles-'));
  try {
    const candles = syntheticCandles();
    const store = new CandleStore(join(dir, 'store'));
    await store.write('BTC/USDT', '1m', candles);
    const jsonPath = join(dir, 'BTC_USDT-1m.json');
    writeFileSync(jsonPath, JSON.stringify(candles.map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume])));
    const fromStore = await store.read('BTC/USDT', '1m');
    const fromJson = parseFreqtradeCandles(await readFile(jsonPath, 'utf8'), jsonPath);
    if (fromStore.length !== CANDLES || fromStore.some((c, i) => c.close !== fromJson[i]!.close || c.openTime !== fromJson[i]!.openTime)) {
      throw new Error('the store and the JSON file do not hold the same candles');
    }
    const [candleArray, columns, json] = await timeInterleaved([
      () => store.read('BTC/USDT', '1m'),
      () => store.readColumns('BTC/USDT', '1m'),
      async () => parseFreqtradeCandles(await readFile(jsonPath, 'utf8'), jsonPath),
    ]);
    const reference = { name: 'JSON re-parse (read + parse freqtrade JSON)', value: json!.median };
    const note = (t: { best: number }) => `median of ${REPEATS} runs over ${CANDLES.toLocaleString('en-US')} candles; best ${t.best.toFixed(1)} ms; heap collected before each run; ratio < 1 is faster than the reference`;
    return [
      { suite: 'candle-store', name: 'load 1,000,000 stored 1m candles as Candle[]', value: candleArray!.median, unit: 'ms', reference, ratio: candleArray!.median / json!.median, note: note(candleArray!) },
      { suite: 'candle-store', name: 'load 1,000,000 stored 1m candles as columns', value: columns!.median, unit: 'ms', reference, ratio: columns!.median / json!.median, note: note(columns!) },
      { suite: 'candle-store', name: 'JSON re-parse of the same 1,000,000 candles', value: json!.median, unit: 'ms', note: note(json!) },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
