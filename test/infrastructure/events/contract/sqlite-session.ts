import { join } from 'node:path';
import type { TradedPair, TradingContext } from '../../../../src/application/shared/trading-context.js';
import { TradingLoop } from '../../../../src/application/trading-loop/trading-loop.js';
import { CurrencyPair } from '../../../../src/domain/currency-pair/currency-pair.entity.js';
import type { ExitRulesProps } from '../../../../src/domain/currency-pair/exit-rules.js';
import type { Strategy } from '../../../../src/domain/services/strategy.js';
import { TradingService } from '../../../../src/domain/services/trading.service.js';
import type { Candle } from '../../../../src/domain/shared/candle.js';
import { SimulatedClock } from '../../../../src/infrastructure/clock/simulated.clock.js';
import type { StoredEvent } from '../../../../src/infrastructure/events/event-envelope.js';
import { PaperExchange } from '../../../../src/infrastructure/exchange/paper/paper.exchange.js';
import { SequentialIds } from '../../../../src/infrastructure/ids/sequential-ids.js';
import { CandleReplayFeed } from '../../../../src/infrastructure/market-data/candle-replay.market-feed.js';
import { MatchingFeed } from '../../../../src/infrastructure/market-data/matching.market-feed.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork } from '../../../../src/infrastructure/persistence/sql/index.js';
import { marketFor } from '../../../support/paper-harness.js';

export interface SessionPair {
  readonly dealQuota: string;
  readonly profitMarkup: string;
  readonly dealCount: number;
  readonly orderLifeTime: number;
  readonly exits?: ExitRulesProps;
}

/**
 * A paper session as `dealbot run --paper` composes it (paper exchange, candle replay, the
 * trading loop), stored in a SQLite file: every event goes through the real outbox table.
 */
export async function sqliteSession(folder: string, name: string, pairs: Record<string, SessionPair>, series: Record<string, readonly Candle[]>, strategy: Strategy, stopOrders = true) {
  const clock = new SimulatedClock(0);
  const database = await openDatabase(`sqlite:${join(folder, `${name}.db`)}`);
  await migrateToLatest(database);
  const uow = new SqlUnitOfWork(database, () => clock.now());
  const traded = new Map<string, TradedPair>(Object.entries(pairs).map(([symbol, props]) => [symbol, { pair: CurrencyPair.create({ ...props, symbol }), market: marketFor(symbol) }]));
  const exchange = new PaperExchange({ markets: [...traded.values()].map((p) => p.market), balances: { USDT: '1000' }, clock, stopOrders });
  const ctx: TradingContext = { exchange, uow, clock, ids: new SequentialIds('t'), trading: new TradingService(), prefix: 'dlb-', pairs: traded };
  const feed = new MatchingFeed(new CandleReplayFeed({ series, timeframe: '1m', clock }), exchange);
  const loop = new TradingLoop(ctx, feed, strategy, { timeframe: '1m', windowSize: 500 });
  return {
    loop,
    /** Steps the loop one tick at a time, yielding each tick's open time. */
    async *ticks() {
      await loop.start();
      for await (const tick of feed.ticks(Object.keys(series), '1m')) {
        await loop.tick(tick);
        yield tick[0]?.candle.openTime ?? 0;
      }
    },
    /** Every event the session committed, in outbox order, as the relay reads them. */
    async stored(): Promise<StoredEvent[]> {
      const rows = await uow.read((r) => r.outbox.unpublished(100_000));
      return rows.map((row) => ({ sequence: row.id, eventId: null, event: row.event }));
    },
    close: () => database.close(),
  };
}
