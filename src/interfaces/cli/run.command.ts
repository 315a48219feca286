import { summarize } from '../../application/report/trading-summary.js';
import type { DomainEvent } from '../../domain/events.js';
import type { EventPublisher } from '../../domain/ports/event-publisher.port.js';
import { loadCheckedConfig } from './config-check.command.js';
import { formatEvent } from './event-line.js';
import type { CliDeps } from './session.js';
import { renderSummary, summaryToJson } from './summary-view.js';

export interface RunOptions {
  readonly config: string;
  readonly candles?: number;
  readonly pace?: number;
  readonly seed?: number;
  readonly database?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** Paper trading until the feed ends or Ctrl-C / SIGTERM; the summary is printed either way. */
export async function runCommand(deps: CliDeps, options: RunOptions): Promise<number> {
  const loaded = loadCheckedConfig(options.config);
  const config = {
    ...loaded,
    database: options.database ?? process.env.DATABASE_URL ?? loaded.database,
    market: { ...loaded.market, candles: options.candles ?? loaded.market.candles, paceMs: options.pace ?? loaded.market.paceMs, seed: options.seed ?? loaded.market.seed },
  };
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const publisher: EventPublisher = {
    async publish(events: readonly DomainEvent[]) {
      if (options.quiet || options.json) return;
      for (const event of events) {
        const line = formatEvent(event);
        if (line) out(line);
      }
    },
  };
  const session = await deps.composePaperSession(config, publisher);
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  if (!options.json) out(`dealbot: paper trading ${config.pairs.map((p) => p.symbol).join(', ')} on the simulated market (${config.market.candles} x ${config.timeframe} candles, seed ${config.market.seed}); Ctrl-C stops`);
  let summary;
  try {
    await session.loop.run(stop.signal);
    summary = summarize(
      config.pairs.map((p) => p.symbol),
      await session.readDeals(),
      await session.ctx.exchange.fetchBalance(),
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await session.close();
  }
  const quotes = new Set(config.pairs.map((p) => p.symbol.split('/')[1]));
  if (options.json) out(JSON.stringify({ stopped: stop.signal.aborted ? 'signal' : 'end of feed', ticks: session.loop.stats.ticks, ...(summaryToJson(summary) as object) }, null, 2));
  else out(`\n${stop.signal.aborted ? 'Stopped' : 'Feed ended'} after ${session.loop.stats.ticks} candles per pair.\n\n${renderSummary(summary, quotes.size === 1 ? [...quotes][0] ?? '' : 'mixed')}`);
  return 0;
}
