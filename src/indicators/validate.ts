/** Throws a RangeError unless `value` is an integer >= `min`. */
export function assertPeriod(name: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

/** Throws a RangeError unless `value` is a finite number >= 0. */
export function assertNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
}

/** Throws a RangeError unless high, low and close have the same length. */
export function assertSameLength(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>): void {
  if (high.length !== close.length || low.length !== close.length) {
    throw new RangeError(`high, low and close must have the same length, got ${high.length}, ${low.length}, ${close.length}`);
  }
}
