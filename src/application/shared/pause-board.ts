import type { TradingPaused, TradingResumed } from '../../domain/operator/trading-pause.events.js';
import type { Clock } from '../../domain/ports/clock.port.js';
import type { PauseRecord, UnitOfWork } from '../../domain/ports/repositories.port.js';

/** A pause of new deals: until a time (a panic's cool-down) or until resumed (null). */
export interface Pause {
  /** The pair, or null for every pair. */
  readonly symbol: string | null;
  readonly until: number | null;
  readonly reason: string;
}

/** Where a board writes its pauses through: the database, on the market clock. */
export interface PauseStore {
  readonly uow: UnitOfWork;
  readonly clock: Clock;
}

/**
 * Which pairs may open new deals. Working deals are not touched by a pause. With a store, every
 * pause and resume is written to the database before the board changes (a failed write changes
 * nothing), with its TradingPaused / TradingResumed event in the same transaction, and `load`
 * brings the stored pauses back after a restart.
 */
export class PauseBoard {
  #all: Pause | null = null;
  readonly #pairs = new Map<string, Pause>();

  constructor(private readonly store: PauseStore | null = null) {}

  /** Takes the stored pauses still in force at `at`; the ones that ended meanwhile are deleted. */
  async load(at: number): Promise<void> {
    if (this.store === null) return;
    const stored = await this.store.uow.run(async (r) => {
      const all = await r.pauses.getAll();
      for (const ended of all.filter((p) => !active(p, at))) await r.pauses.delete(ended.symbol);
      return all.filter((p) => active(p, at));
    });
    this.#all = null;
    this.#pairs.clear();
    for (const { symbol, until, reason } of stored) this.#set(Object.freeze({ symbol, until, reason }));
  }

  /** Pauses one pair (or all, with null) until `until` (or until resumed); the longer pause wins. */
  async pause(symbol: string | null, until: number | null, reason: string): Promise<Pause> {
    const current = symbol === null ? this.#all : this.#pairs.get(symbol) ?? null;
    const longer = current !== null && (current.until === null || (until !== null && current.until >= until));
    if (longer) return current;
    const pause: Pause = Object.freeze({ symbol, until, reason });
    if (this.store !== null) {
      const at = this.store.clock.now();
      const record: PauseRecord = { symbol, until, reason, createdAt: at };
      const event: TradingPaused = { type: 'TradingPaused', occurredAt: at, symbol, until, reason };
      await this.store.uow.run(async (r) => {
        await r.pauses.save(record);
        await r.outbox.add([event]);
      });
    }
    this.#set(pause);
    return pause;
  }

  /** Lifts the pause of one pair, or (null) every pause. True when something was paused. */
  async resume(symbol: string | null): Promise<boolean> {
    const any = symbol === null ? this.#all !== null || this.#pairs.size > 0 : this.#pairs.has(symbol);
    if (this.store !== null) {
      const event: TradingResumed = { type: 'TradingResumed', occurredAt: this.store.clock.now(), symbol };
      await this.store.uow.run(async (r) => {
        await (symbol === null ? r.pauses.clear() : r.pauses.delete(symbol));
        if (any) await r.outbox.add([event]);
      });
    }
    if (symbol !== null) return this.#pairs.delete(symbol);
    this.#all = null;
    this.#pairs.clear();
    return any;
  }

  isPaused(symbol: string, at: number): boolean {
    if (this.#all === null && this.#pairs.size === 0) return false;
    return active(this.#all, at) || active(this.#pairs.get(symbol) ?? null, at);
  }

  /** The pauses in force at `at`. */
  list(at: number): Pause[] {
    return [this.#all, ...this.#pairs.values()].filter((p): p is Pause => active(p, at));
  }

  /** The pause of one pair in force at `at` (its own, else the pause of all pairs); null when none. */
  of(symbol: string, at: number): Pause | null {
    const own = this.#pairs.get(symbol) ?? null;
    if (active(own, at)) return own;
    return active(this.#all, at) ? this.#all : null;
  }

  #set(pause: Pause): void {
    if (pause.symbol === null) this.#all = pause;
    else this.#pairs.set(pause.symbol, pause);
  }
}

function active(pause: Pause | null, at: number): boolean {
  return pause !== null && (pause.until === null || at < pause.until);
}
