/**
 * Maximum of the last `window` values in amortised O(1) per update, using a
 * deque of candidates in decreasing order (a ring buffer of `window` slots).
 */
export class RollingMax {
  readonly window: number;
  private readonly values: Float64Array;
  private readonly positions: Float64Array;
  private front = 0;
  private size = 0;
  private position = 0;

  constructor(window: number) {
    this.window = window;
    this.values = new Float64Array(window);
    this.positions = new Float64Array(window);
  }

  /** Adds a value and returns the maximum of the window that ends with it. */
  update(value: number): number {
    const capacity = this.window;
    const values = this.values;
    const position = this.position++;
    if (this.size > 0 && this.positions[this.front]! <= position - capacity) {
      if (++this.front === capacity) this.front = 0;
      this.size--;
    }
    let back = this.front + this.size - 1;
    if (back >= capacity) back -= capacity;
    while (this.size > 0 && values[back]! <= value) {
      this.size--;
      if (--back < 0) back = capacity - 1;
    }
    if (++back === capacity) back = 0;
    values[back] = value;
    this.positions[back] = position;
    this.size++;
    return values[this.front]!;
  }

  /** True once `window` values were seen. */
  get full(): boolean {
    return this.position >= this.window;
  }

  reset(): void {
    this.front = 0;
    this.size = 0;
    this.position = 0;
  }
}
