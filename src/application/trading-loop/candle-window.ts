import type { Candle } from '../../domain/shared/candle.js';

/** The last `size` closed candles of one pair, in a ring: O(1) per candle. */
export class CandleWindow {
  readonly #ring: (Candle | undefined)[];
  #next = 0;
  #count = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`window size must be an integer >= 1, got ${size}`);
    this.#ring = new Array<Candle | undefined>(size);
  }

  push(candle: Candle): void {
    this.#ring[this.#next] = candle;
    this.#next = (this.#next + 1) % this.size;
    if (this.#count < this.size) this.#count += 1;
  }

  get length(): number {
    return this.#count;
  }

  get last(): Candle | undefined {
    return this.#count === 0 ? undefined : this.#ring[(this.#next - 1 + this.size) % this.size];
  }

  /** Oldest first. */
  toArray(): Candle[] {
    const out: Candle[] = [];
    const start = (this.#next - this.#count + this.size) % this.size;
    for (let i = 0; i < this.#count; i++) out.push(this.#ring[(start + i) % this.size] as Candle);
    return out;
  }
}
