import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { syntheticMarket } from '../../bench/backtest/synthetic-market.js';
import type { ParamValue } from '../../src/application/optimize/search-space.js';
import { parseConfigYaml, validateConfig } from '../../src/infrastructure/config/config.loader.js';
import { resolveParamPath } from '../../src/infrastructure/config/optimize-paths.js';
import { trialConfig } from '../../src/infrastructure/config/trial-config.js';
import type { CandleColumns } from '../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { CandleStore } from '../../src/infrastructure/market-data/candle-store/candle-store.js';
import { startTrialPool, type TrialPool } from '../../src/main/optimize.js';

/** The optimize section the fixture's config searches: 2 x 3 x 2 = 12 combinations, one of them invalid (fast 14 >= slow 14). */
export const FIXTURE_OPTIMIZE = `optimize:
  objective: profit
  minTrades: 1
  sampler: random
  trials: 6
  seed: 42
  parameters:
    strategy.macdFast: { int: [10, 14], step: 4 }
    strategy.macdSlow: { choice: [14, 26, 30] }
    pairs.*.profitMarkup: { decimal: ["0.004", "0.006"], step: "0.002" }
`;

/** A config for the stored synthetic market of `syntheticMarket(pairs, candles)`, with `optimize` appended. */
export function fixtureConfigText(symbols: readonly string[], optimize: string = FIXTURE_OPTIMIZE): string {
  const pairs = symbols
    .map((symbol) => `  - symbol: ${symbol}   # a synthetic pair
    dealQuota: "100"
    profitMarkup: "0.004"
    dealCount: 2
    orderLifeTime: 900
    paperMarket: { priceStep: "0.01", amountStep: "0.00001", minCost: "1" }`)
    .join('\n');
  return `# optimize fixture
timeframe: 1m
windowSize: 100
market:
  source: stored
paper:
  balances:
    USDT: "1000"
exits:
  stopLoss: "0.05"
pairs:
${pairs}
${optimize}`;
}

/** A temporary folder with the candles in a store (data/) and the config (config.yaml). */
export async function optimizeFixture(options: { pairs?: number; candles?: number; optimize?: string } = {}): Promise<{ dir: string; dataDir: string; config: string; symbols: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-optimize-'));
  const dataDir = join(dir, 'data');
  const market = syntheticMarket(options.pairs ?? 1, options.candles ?? 3000);
  const store = new CandleStore(dataDir);
  // the synthetic market starts 20 s off the minute grid the store keeps
  for (const [symbol, candles] of Object.entries(market)) await store.write(symbol, '1m', candles.map((c) => ({ ...c, openTime: c.openTime - (c.openTime % 60_000) })));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, fixtureConfigText(Object.keys(market), options.optimize));
  return { dir, dataDir, config, symbols: Object.keys(market) };
}

/**
 * The fixture read back as a study reads it: its candles as columns, its config as written
 * (`raw`), its optimize section, and `build`, a trial's config from its values.
 */
export async function loadedOptimizeFixture(options: { pairs?: number; candles?: number } = {}) {
  const fixture = await optimizeFixture(options);
  const series: Record<string, CandleColumns> = await new CandleStore(fixture.dataDir).readManyColumns(fixture.symbols, '1m');
  const raw = parseConfigYaml(readFileSync(fixture.config, 'utf8'), fixture.config);
  const section = validateConfig(raw, fixture.config).optimize!;
  const paths = new Map(section.parameters.map((p) => [p.path, resolveParamPath(p.path, fixture.symbols)]));
  const build = (values: Readonly<Record<string, ParamValue>>) => trialConfig(raw, values, paths);
  return { fixture, series, raw, section, build };
}

/** The sources' entry point: trial workers run the TypeScript sources, as the tests do. */
const SOURCE_MAIN = new URL('../../src/main.ts', import.meta.url).href;

/** Starts worker-thread trial pools over `series`; every pool started is closed after the file's tests. */
export function trialPools(): (series: Readonly<Record<string, CandleColumns>>, workers: number) => TrialPool {
  const pools: TrialPool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.close()));
  });
  return (series, workers) => {
    const pool = startTrialPool(SOURCE_MAIN, series, workers);
    pools.push(pool);
    return pool;
  };
}
