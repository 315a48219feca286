/** A pause of new deals: until a time (a panic's cool-down) or until resumed (null). */
export interface Pause {
  /** The pair, or null for every pair. */
  readonly symbol: string | null;
  readonly until: number | null;
  readonly reason: string;
}

/**
 * Which pairs may open new deals. Working deals are not touched by a pause. Kept in memory:
 * a restart forgets pauses (a panic's cool-down included).
 */
export class PauseBoard {
  #all: Pause | null = null;
  readonly #pairs = new Map<string, Pause>();

  /** Pauses one pair (or all, with null) until `until` (or until resumed); the longer pause wins. */
  pause(symbol: string | null, until: number | null, reason: string): Pause {
    const current = symbol === null ? this.#all : this.#pairs.get(symbol) ?? null;
    const longer = current !== null && (current.until === null || (until !== null && current.until >= until));
    const pause = longer ? current : Object.freeze({ symbol, until, reason });
    if (symbol === null) this.#all = pause;
    else this.#pairs.set(symbol, pause);
    return pause;
  }

  /** Lifts the pause of one pair, or (null) every pause. True when something was paused. */
  resume(symbol: string | null): boolean {
    if (symbol !== null) return this.#pairs.delete(symbol);
    const any = this.#all !== null || this.#pairs.size > 0;
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
}

function active(pause: Pause | null, at: number): boolean {
  return pause !== null && (pause.until === null || at < pause.until);
}
