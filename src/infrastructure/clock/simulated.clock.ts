import type { Clock } from '../../domain/ports/clock.port.js';

/** The market's time in simulation: set by the feed, never moves backwards. */
export class SimulatedClock implements Clock {
  #now: number;

  constructor(startMs = 0) {
    if (!Number.isFinite(startMs)) throw new RangeError(`clock start must be a finite number, got ${startMs}`);
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  set(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`clock time must be a finite number, got ${ms}`);
    if (ms < this.#now) throw new RangeError(`clock cannot move backwards: ${ms} < ${this.#now}`);
    this.#now = ms;
  }
}
