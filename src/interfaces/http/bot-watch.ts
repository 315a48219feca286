import type { LoopWatch } from '../../application/trading-loop/trading-loop.js';
import { ReadGate } from './read-gate.js';
import type { DomainEvent } from '../../domain/events.js';
import type { Candle } from '../../domain/shared/candle.js';
import { CandleRing } from './candle-ring.js';
import { Histogram } from './histogram.js';

/** A bounded first-in-first-out list: the newest `capacity` items. */
export class Ring<T> {
  #items: T[] = [];

  constructor(readonly capacity: number) {}

  push(item: T): void {
    this.#items.push(item);
    if (this.#items.length > this.capacity * 2) this.#items = this.#items.slice(-this.capacity);
  }

  /** The newest `limit` items, oldest first. */
  last(limit: number = this.capacity): T[] {
    return this.#items.slice(-Math.min(limit, this.capacity));
  }
}

export interface EquitySample {
  readonly time: number;
  /** Quote balance plus holdings at the last price, exact decimal text. */
  readonly equity: string;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * What the API shows that the loop does not keep: whether it has started, when the last tick
 * came (wall clock), each pair's recent candles, the equity sampled each tick, and the time
 * from a tick's candles arriving to the orders it sent. Fed by the composition.
 */
export class BotWatch {
  #started = false;
  #version = 0;
  #lastTickAt: number | null = null;
  /** Wall time the tick being run arrived; null between ticks (an operator's order is not a tick's). */
  #tickArrivedAt: number | null = null;
  /** Per pair, in typed arrays: 100 pairs x 1000 candles are 4.8 MB outside the heap, not 100,000 objects on it. */
  readonly #candles = new Map<string, CandleRing>();
  readonly equity: Ring<EquitySample>;
  /** Reads wait while a tick runs (see ReadGate). */
  readonly reads = new ReadGate();
  readonly tickToOrder = new Histogram('dealbot_tick_to_order_seconds', 'Seconds from a tick\'s candles arriving to an order it sent', LATENCY_BUCKETS);

  constructor(
    private readonly wallClock: () => number,
    readonly candleCapacity = 1000,
    equityCapacity = 5000,
  ) {
    this.equity = new Ring(equityCapacity);
  }

  /** Moves on with every tick and every batch of domain events: what the API shows may have changed. */
  get version(): number {
    return this.#version;
  }

  /** Something may have changed that no event tells yet (an operator's call just answered). */
  touch(): void {
    this.#version += 1;
  }

  get started(): boolean {
    return this.#started;
  }

  get lastTickAt(): number | null {
    return this.#lastTickAt;
  }

  /** What the loop tells: its start, and each tick's arrival. */
  readonly loopWatch: LoopWatch = {
    started: () => {
      this.#started = true;
    },
    arrived: (tick) => {
      const now = this.wallClock();
      this.#lastTickAt = now;
      this.#tickArrivedAt = now;
      this.#version += 1;
      this.reads.tickStarted();
      for (const closed of tick) this.#ring(closed.symbol).push(closed.candle);
    },
    warmedUp: (symbol, history) => {
      const ring = this.#ring(symbol);
      for (let i = Math.max(0, history.length - this.candleCapacity); i < history.length; i += 1) ring.push(history[i]!);
    },
  };

  /** After a tick's steps: the equity sample, and the tick is over. */
  tickDone(equity: EquitySample | null): void {
    this.#tickArrivedAt = null;
    this.#version += 1;
    this.reads.tickEnded();
    if (equity !== null) this.equity.push(equity);
  }

  /** Committed events: an order placed during a tick is that tick's latency. */
  observe(events: readonly DomainEvent[]): void {
    this.#version += 1;
    if (this.#tickArrivedAt === null) return;
    for (const event of events) {
      if (event.type === 'OrderPlaced') this.tickToOrder.observe((this.wallClock() - this.#tickArrivedAt) / 1000);
    }
  }

  candles(symbol: string, limit?: number): Candle[] {
    return this.#candles.get(symbol)?.last(limit) ?? [];
  }

  #ring(symbol: string): CandleRing {
    let ring = this.#candles.get(symbol);
    if (ring === undefined) {
      ring = new CandleRing(this.candleCapacity);
      this.#candles.set(symbol, ring);
    }
    return ring;
  }
}
