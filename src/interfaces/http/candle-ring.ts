import type { Candle } from '../../domain/shared/candle.js';

/** openTime, open, high, low, close, volume. */
const FIELDS = 6;
/** Slots of the first allocation; doubled as candles come, up to the capacity. */
const FIRST_SLOTS = 64;

/**
 * The newest `capacity` candles of one pair in one Float64Array (48 bytes a candle, outside the
 * JS heap), oldest overwritten first. The array grows by doubling up to the capacity, so a pair
 * with 500 candles holds 512 slots. Candle objects are made only when read.
 */
export class CandleRing {
  #data = new Float64Array(0);
  /** Slot of the oldest candle. */
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number >= 1, got ${capacity}`);
  }

  get size(): number {
    return this.#size;
  }

  push(candle: Candle): void {
    let slots = this.#data.length / FIELDS;
    if (this.#size === slots && slots < this.capacity) slots = this.#grow(slots);
    let slot: number;
    if (this.#size < slots) {
      slot = (this.#start + this.#size) % slots;
      this.#size += 1;
    } else {
      slot = this.#start;
      this.#start = (this.#start + 1) % slots;
    }
    const d = this.#data;
    const at = slot * FIELDS;
    d[at] = candle.openTime;
    d[at + 1] = candle.open;
    d[at + 2] = candle.high;
    d[at + 3] = candle.low;
    d[at + 4] = candle.close;
    d[at + 5] = candle.volume;
  }

  /** The newest `limit` candles (all by default), oldest first, as new objects. */
  last(limit: number = this.capacity): Candle[] {
    const n = Math.max(0, Math.min(limit, this.#size));
    const slots = this.#data.length / FIELDS;
    const d = this.#data;
    const out: Candle[] = new Array<Candle>(n);
    for (let i = 0; i < n; i += 1) {
      const at = ((this.#start + this.#size - n + i) % slots) * FIELDS;
      out[i] = { openTime: d[at]!, open: d[at + 1]!, high: d[at + 2]!, low: d[at + 3]!, close: d[at + 4]!, volume: d[at + 5]! };
    }
    return out;
  }

  /** A full array of `slots` becomes a larger one, oldest first from slot 0. */
  #grow(slots: number): number {
    const next = Math.min(this.capacity, Math.max(FIRST_SLOTS, slots * 2));
    const data = new Float64Array(next * FIELDS);
    const head = this.#data.subarray(this.#start * FIELDS);
    data.set(head);
    data.set(this.#data.subarray(0, this.#start * FIELDS), head.length);
    this.#data = data;
    this.#start = 0;
    return next;
  }
}
