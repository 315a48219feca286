import type { BacktestSetup } from '../application/backtest/backtest-runner.js';
import { SimulatedClock } from '../infrastructure/clock/simulated.clock.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import { FanoutPublisher } from '../infrastructure/events/fanout.publisher.js';
import { CandleReplayFeed, type CandleSeries } from '../infrastructure/market-data/candle-replay.market-feed.js';
import { MatchingReplayFeed } from '../infrastructure/market-data/matching.market-feed.js';
import { InMemoryUnitOfWork } from '../infrastructure/persistence/in-memory/in-memory.unit-of-work.js';
import { paperContext, strategyOf, type PaperAccount } from './paper-context.js';

/**
 * A backtest: replayed candles, a simulated clock, the paper exchange; deterministic ids. With
 * `from`, the candles before it are history the indicators warm up on, as live trading's are.
 */
export function composeBacktest(config: DealbotConfig, series: Readonly<Record<string, CandleSeries>>, account: PaperAccount = {}, replay: { readonly from?: number } = {}): BacktestSetup {
  const clock = new SimulatedClock(0);
  const events = new FanoutPublisher();
  const { ctx, exchange } = paperContext(config, clock, account, new InMemoryUnitOfWork(undefined, events), 'bt');
  const feed = new MatchingReplayFeed(new CandleReplayFeed({ series, timeframe: config.timeframe, clock, ...(replay.from !== undefined && { from: replay.from }) }), exchange);
  const expectedTicks = Math.max(0, ...Object.values(series).map((s) => s.length));
  return { ctx, events, feed, strategy: strategyOf(config), timeframe: config.timeframe, windowSize: config.windowSize, expectedTicks };
}
