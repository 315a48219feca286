import type { TradingContext } from '../../application/shared/trading-context.js';
import type { TradingLoop } from '../../application/trading-loop/trading-loop.js';
import type { Deal } from '../../domain/deal/deal.entity.js';
import type { EventPublisher } from '../../domain/ports/event-publisher.port.js';
import type { DealbotConfig } from '../../infrastructure/config/config.schema.js';

/** A composed trading session, as the CLI drives it. */
export interface PaperSession {
  readonly loop: TradingLoop;
  readonly ctx: TradingContext;
  readDeals(): Promise<Deal[]>;
}

/** What main.ts hands the CLI: the composition, not the adapters. */
export interface CliDeps {
  composePaperSession(config: DealbotConfig, publisher: EventPublisher): PaperSession;
  readonly defaultConfigPath: string;
}
