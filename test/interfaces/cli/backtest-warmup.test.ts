import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/application/backtest/backtest-runner.js';
import { TradingLoop } from '../../../src/application/trading-loop/trading-loop.js';
import { dealToSnapshot, type DealSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import { SignalService } from '../../../src/domain/services/signal.service.js';
import { RsiMacdStrategy } from '../../../src/domain/services/strategy.js';
import { SimulatedClock } from '../../../src/infrastructure/clock/simulated.clock.js';
import { loadConfigFile } from '../../../src/infrastructure/config/config.loader.js';
import type { DealbotConfig } from '../../../src/infrastructure/config/config.schema.js';
import { PaperExchange } from '../../../src/infrastructure/exchange/paper/paper.exchange.js';
import { CandleReplayFeed } from '../../../src/infrastructure/market-data/candle-replay.market-feed.js';
import { importCandleFile } from '../../../src/infrastructure/market-data/candle-import.js';
import { lowerBound, sliceColumns, type CandleColumns } from '../../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { CandleStore } from '../../../src/infrastructure/market-data/candle-store/candle-store.js';
import { MatchingFeed } from '../../../src/infrastructure/market-data/matching.market-feed.js';
import { runBacktestCommand } from '../../../src/interfaces/cli/backtest.command.js';
import { CLI_DEPS, composePaperSession } from '../../../src/main.js';
import { composeBacktest } from '../../../src/main/backtest.js';
import { marketDataPath } from '../../support/market-data.js';

const CONFIG = join(resolve(import.meta.dirname, '../../..'), 'config/backtest.example.yaml');
const SYMBOLS = ['ETH/BTC', 'ADA/BTC'];
const STEP = 5 * 60_000;
/** Seven days into the stored candles (2018-01-10 to 2018-01-30): both pairs have far more than windowSize before it. */
const FROM = Date.UTC(2018, 0, 17, 12);
const FIRST_HOURS = FROM + 3 * 3_600_000;

const snapshots = (deals: readonly Parameters<typeof dealToSnapshot>[0][]): DealSnapshot[] => JSON.parse(JSON.stringify(deals.map(dealToSnapshot))) as DealSnapshot[];

/**
 * The paper trading composition (`dealbot run` on stored candles: paper exchange, SQLite
 * store, the same ids) driving a loop whose replay serves the `warmup` candles before each
 * series' replayed part as history, the way live trading warms up on the exchange's history.
 */
async function paperTrade(config: DealbotConfig, series: Record<string, CandleColumns>, warmup: number): Promise<DealSnapshot[]> {
  const session = await composePaperSession(config, { publish: async () => {} }, series, 'bt');
  try {
    const { ctx } = session;
    if (!(ctx.clock instanceof SimulatedClock) || !(ctx.exchange instanceof PaperExchange)) throw new Error('a paper session on stored candles has a simulated clock and the paper exchange');
    const feed = new MatchingFeed(new CandleReplayFeed({ series, timeframe: config.timeframe, clock: ctx.clock, warmup }), ctx.exchange);
    await new TradingLoop(ctx, feed, new RsiMacdStrategy(new SignalService(config.strategy)), { timeframe: config.timeframe, windowSize: config.windowSize }).run();
    return snapshots(await session.readDeals());
  } finally {
    await session.close();
  }
}

describe('backtest --from warms up on the stored candles before it, as live trading does', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dealbot-bt-warmup-'));
  const config: DealbotConfig = { ...loadConfigFile(CONFIG), database: 'sqlite::memory:' };
  const window = config.windowSize;
  let stored: Record<string, CandleColumns>;
  let backtest: Awaited<ReturnType<typeof runBacktestCommand>>;
  let deals: DealSnapshot[];

  beforeAll(async () => {
    const store = new CandleStore(dataDir);
    for (const file of ['ETH_BTC-5m.json', 'ADA_BTC-5m.json']) await importCandleFile(store, marketDataPath(file));
    stored = await store.readManyColumns(SYMBOLS, '5m');
    backtest = await runBacktestCommand(CLI_DEPS, { config: CONFIG, dataDir, from: FROM, progress: false });
    deals = snapshots(backtest.result.deals);
  });

  /** Per pair, the `before` candles before FROM and every one from it on. */
  const around = (before: number): Record<string, CandleColumns> =>
    Object.fromEntries(
      SYMBOLS.map((symbol) => {
        const columns = stored[symbol] as CandleColumns;
        const start = lowerBound(columns.openTime, FROM);
        expect(start).toBeGreaterThanOrEqual(before);
        return [symbol, sliceColumns(columns, start - before, columns.length)];
      }),
    );

  it('equals, deal for deal (orders, fills, PnL), paper trading the same period after warming up on the windowSize candles before it', async () => {
    expect(window).toBe(500);
    const paper = await paperTrade(config, around(window), window);
    expect(deals.length).toBeGreaterThan(10);
    expect(deals.filter((d) => d.createdAt < FIRST_HOURS).length).toBeGreaterThan(0); // the warm-up decides from the first candle on
    expect(paper).toEqual(deals);
  });

  it('trades, values and reports from --from on: deals, equity curve, candles and the report\'s candles', () => {
    const { result, series } = backtest;
    expect(result.startTime).toBe(FROM);
    expect(result.equity.times[0]).toBe(FROM + STEP);
    const replayed = SYMBOLS.reduce((n, symbol) => n + (stored[symbol] as CandleColumns).length - lowerBound((stored[symbol] as CandleColumns).openTime, FROM), 0);
    expect(result.candlesProcessed).toBe(replayed);
    for (const deal of deals) expect(deal.createdAt).toBeGreaterThanOrEqual(FROM + STEP);
    for (const symbol of SYMBOLS) expect(series[symbol]?.openTime[0]).toBe(FROM);
  });

  it('differs from a cold start at --from in the first hours (what the parity above would miss without the warm-up)', async () => {
    const cold = await paperTrade(config, around(0), 0);
    const early = (list: DealSnapshot[]) => list.filter((d) => d.createdAt < FIRST_HOURS);
    // MACD(12,26,9) needs 35 candles before its first cross: a cold start opens nothing for about three hours
    expect(early(cold)).toEqual([]);
    expect(early(deals).length).toBeGreaterThan(0);
    // and the backtest run cold (its candles read from --from alone) is that cold start
    const coldBacktest = await runBacktest(composeBacktest(config, around(0)));
    expect(snapshots(coldBacktest.deals)).toEqual(cold);
  });
});
