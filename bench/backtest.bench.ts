import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { handWrittenBacktest, toColumns } from './backtest/hand-written.js';
import { syntheticMarket } from './backtest/synthetic-market.js';
import type { Candle } from '../src/domain/shared/candle.js';
import type { BenchResult } from './result.js';

const CASES = [
  { name: '1 pair x 1,000,000 1m candles', pairs: 1, candles: 1_000_000, dca: false },
  { name: '100 pairs x 10,000 1m candles', pairs: 100, candles: 10_000, dca: false },
  // the hand-written reference trades plain deals: the ratio says what DCA deals cost on top
  { name: '100 pairs x 10,000 1m candles, DCA (3 safety orders)', pairs: 100, candles: 10_000, dca: true },
] as const;

interface CaseRun {
  candles: number;
  coldCandlesPerSecond: number;
  warmCandlesPerSecond: number;
  deals: number;
  closed: number;
  coldMaxRssMb: number;
  maxRssMb: number;
}

function runCase(pairs: number, candles: number, dca: boolean): CaseRun {
  const script = fileURLToPath(new URL('./backtest/run-case.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, String(pairs), String(candles), ...(dca ? ['dca'] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as CaseRun;
}

/**
 * Best of ten runs of the hand-written loop over the same candles. It is first compiled on
 * small inputs: a first call on a million candles gets V8's on-stack-replacement code, which
 * is up to three times slower than the full compile and made this reference swing run to run.
 */
function reference(pairs: number, candles: number): { candlesPerSecond: number; opened: number } {
  const warmUp = toColumns(syntheticMarket(1, 20_000)['P000/USDT'] as Candle[]);
  for (let i = 0; i < 200; i += 1) handWrittenBacktest(warmUp, 200);
  const columns = Object.values(syntheticMarket(pairs, candles)).map(toColumns);
  let best = Infinity;
  let opened = 0;
  for (let round = 0; round < 11; round += 1) {
    const start = performance.now();
    opened = 0;
    for (const c of columns) opened += handWrittenBacktest(c, 200)[0] as number;
    const ms = performance.now() - start;
    if (round > 0) best = Math.min(best, ms);
  }
  return { candlesPerSecond: ((pairs * candles) / best) * 1000, opened };
}

export default async function backtestBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const c of CASES) {
    const limit = reference(c.pairs, c.candles);
    const run = runCase(c.pairs, c.candles, c.dca);
    const limitRef = { name: 'hand-written Float64Array loop', value: limit.candlesPerSecond };
    const deals = `${run.deals} deals (${run.closed} closed) vs ${limit.opened} in the reference`;
    const throughput = (kind: string, value: number, note: string): BenchResult => ({
      suite: 'backtest',
      name: `${c.name}, ${kind}`,
      value,
      unit: 'candles/s',
      reference: limitRef,
      ratio: value / limit.candlesPerSecond,
      note,
    });
    results.push(throughput('warm', run.warmCandlesPerSecond, `target ratio >= 0.125; best of 10 runs after a first one (the reference: compiled on small inputs, then best of 10); ${deals}`));
    results.push(throughput('cold', run.coldCandlesPerSecond, 'the first run in a fresh process, compiling as it goes (what one `dealbot backtest` sees)'));
    results.push({
      suite: 'backtest',
      name: `${c.name}: peak memory`,
      value: run.coldMaxRssMb,
      unit: 'MB',
      note: `${c.pairs === 100 && !c.dca ? 'target < 500 MB; ' : ''}whole process after the first run, candles included (${run.maxRssMb.toFixed(0)} MB after all eleven)`,
    });
  }
  return results;
}
