import type { TradingContext } from '../../application/shared/trading-context.js';
import type { TradingLoop } from '../../application/trading-loop/trading-loop.js';
import type { Timeframe } from '../../domain/shared/candle.js';
import type { RelayStatus } from '../../infrastructure/events/destination-relay.js';
import type { BalanceCache } from './balance-cache.js';
import type { BotWatch } from './bot-watch.js';
import type { EventStream } from './sse.js';

/** The indicator settings `/status` and `/candles` show (the strategy's). */
export interface IndicatorSettings {
  readonly rsiPeriod: number;
  readonly macdFast: number;
  readonly macdSlow: number;
  readonly macdSignal: number;
}

/** The run's event delivery, one status per destination (status and metrics read it). */
export interface EventRelaysView {
  status(): readonly RelayStatus[];
}

/** What the API server is built from; the composition (src/main/api.ts) makes it. */
export interface ApiDeps {
  /** DEALBOT_API_TOKEN; null or '' serves only health. */
  readonly token: string | null;
  readonly loop: TradingLoop;
  /** The loop's context (`loop.context`): its pairs follow runtime pair changes. */
  readonly ctx: TradingContext;
  readonly bot: { readonly mode: string; readonly exchange: string; readonly timeframe: Timeframe };
  readonly watch: BotWatch;
  readonly events: EventStream;
  /** Delivery of committed events to the configured destinations; none by default. */
  readonly eventRelays?: EventRelaysView;
  readonly indicators: IndicatorSettings;
  /** Wall clock (ms); Date.now by default. */
  readonly wallClock?: () => number;
  /** Mutating calls per client per window (60 a minute by default). */
  readonly rateLimit?: { readonly max: number; readonly windowMs: number };
  /** The balances readers see, shared with the composition's equity samples; one of its own by default. */
  readonly balances?: BalanceCache;
  /** Milliseconds between the event stream's pings (15 s). */
  readonly pingMs?: number;
}
