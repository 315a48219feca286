import type { Clock } from '../../domain/ports/clock.port.js';

/** Wall-clock time, for live trading. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
