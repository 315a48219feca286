import type { LoopWatch, TradingLoop } from '../../application/trading-loop/trading-loop.js';
import type { DomainEvent } from '../../domain/events.js';
import type { ClosedCandle } from '../../domain/ports/market-feed.port.js';
import type { EventRelaysView } from './api-deps.js';

export interface ApiServerOptions {
  readonly host: string;
  readonly port: number;
  /** DEALBOT_API_TOKEN; null: only health is served. */
  readonly token: string | null;
  /** For tests: mutating calls per client per window, and the event stream's ping. */
  readonly rateLimit?: { readonly max: number; readonly windowMs: number };
  readonly pingMs?: number;
}

/** The API of one `dealbot run`, made before its session so that it sees every event. */
export interface ApiHub {
  /** For the run's event publisher: every committed batch of events. */
  publish(events: readonly DomainEvent[]): void;
  /** For `loop.run`: the start and each tick's arrival. */
  readonly loopWatch: LoopWatch;
  /** For `loop.run`: after each tick, the equity sample. */
  afterTick(tick: readonly ClosedCandle[], changed: boolean): Promise<void>;
  /** Listens over the session's loop; resolves with the URL. */
  start(session: { readonly loop: TradingLoop; readonly eventRelays?: EventRelaysView }): Promise<string>;
  close(): Promise<void>;
}

