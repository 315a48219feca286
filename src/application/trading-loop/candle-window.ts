import type { Candle } from '../../domain/shared/candle.js';

/**
 * The last `size` closed candles of one pair, in a ring of six float columns: O(1) per
 * candle, nothing allocated. A pushed candle is copied, so a feed may reuse its objects.
 */
export class CandleWindow {
  readonly #openTime: Float64Array;
  readonly #open: Float64Array;
  readonly #high: Float64Array;
  readonly #low: Float64Array;
  readonly #close: Float64Array;
  readonly #volume: Float64Array;
  #next = 0;
  #count = 0;
  #last: Candle | undefined = undefined;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`window size must be an integer >= 1, got ${size}`);
    this.#openTime = new Float64Array(size);
    this.#open = new Float64Array(size);
    this.#high = new Float64Array(size);
    this.#low = new Float64Array(size);
    this.#close = new Float64Array(size);
    this.#volume = new Float64Array(size);
  }

  push(candle: Candle): void {
    const i = this.#next;
    this.#openTime[i] = candle.openTime;
    this.#open[i] = candle.open;
    this.#high[i] = candle.high;
    this.#low[i] = candle.low;
    this.#close[i] = candle.close;
    this.#volume[i] = candle.volume;
    this.#next = i + 1 === this.size ? 0 : i + 1;
    if (this.#count < this.size) this.#count += 1;
    this.#last = undefined;
  }

  get length(): number {
    return this.#count;
  }

  /** The newest candle, as an object of its own. */
  get last(): Candle | undefined {
    if (this.#count === 0) return undefined;
    this.#last ??= this.#at(this.#next === 0 ? this.size - 1 : this.#next - 1);
    return this.#last;
  }

  /** The newest close; NaN when empty. */
  get lastClose(): number {
    return this.#count === 0 ? Number.NaN : (this.#close[this.#next === 0 ? this.size - 1 : this.#next - 1] as number);
  }

  /** Oldest first. */
  toArray(): Candle[] {
    const out: Candle[] = [];
    const start = (this.#next - this.#count + this.size) % this.size;
    for (let i = 0; i < this.#count; i++) out.push(this.#at((start + i) % this.size));
    return out;
  }

  #at(i: number): Candle {
    return { openTime: this.#openTime[i]!, open: this.#open[i]!, high: this.#high[i]!, low: this.#low[i]!, close: this.#close[i]!, volume: this.#volume[i]! };
  }
}
