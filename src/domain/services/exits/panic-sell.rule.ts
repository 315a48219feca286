/**
 * Panic sell: watches one market for a crash, the last price `drop` (a fraction) or more below
 * the highest high of the last `windowMs`. Fed every closed candle (or ticker price) of its
 * market in time order; amortised O(1) per observation. Floats: this is a signal, not money.
 */
export class PanicDetector {
  readonly #keep: number;
  readonly #windowMs: number;
  /** Candidate highs, decreasing, with their times: a ring buffer used as a deque. */
  #times: Float64Array;
  #highs: Float64Array;
  #front = 0;
  #size = 0;

  constructor(
    readonly symbol: string,
    drop: number,
    windowMs: number,
    capacity = 16,
  ) {
    if (!(drop > 0 && drop < 1)) throw new RangeError(`drop must be > 0 and < 1, got ${drop}`);
    if (!(windowMs > 0)) throw new RangeError(`window must be > 0 ms, got ${windowMs}`);
    this.#keep = 1 - drop;
    this.#windowMs = windowMs;
    this.#times = new Float64Array(Math.max(2, capacity));
    this.#highs = new Float64Array(Math.max(2, capacity));
  }

  /** `time` is the candle's open time (or the tick's time); true when the market is in a crash. */
  observe(time: number, high: number, close: number): boolean {
    const capacity = this.#times.length;
    const oldest = time - this.#windowMs;
    while (this.#size > 0 && (this.#times[this.#front] as number) <= oldest) {
      this.#front = (this.#front + 1) % capacity;
      this.#size -= 1;
    }
    // Stryker disable next-line EqualityOperator: dropping an equal older high or keeping it leaves the same maximum
    while (this.#size > 0 && (this.#highs[(this.#front + this.#size - 1) % capacity] as number) <= high) this.#size -= 1;
    if (this.#size === capacity) this.#grow();
    const back = (this.#front + this.#size) % this.#times.length;
    this.#times[back] = time;
    this.#highs[back] = high;
    this.#size += 1;
    return close <= (this.#highs[this.#front] as number) * this.#keep;
  }

  #grow(): void {
    const size = this.#size;
    const times = new Float64Array(size * 2);
    const highs = new Float64Array(size * 2);
    // Stryker disable next-line EqualityOperator: one more copy lands in the slot the next high is written to
    for (let i = 0; i < size; i += 1) {
      times[i] = this.#times[(this.#front + i) % size] as number;
      highs[i] = this.#highs[(this.#front + i) % size] as number;
    }
    this.#times = times;
    this.#highs = highs;
    this.#front = 0;
  }
}
