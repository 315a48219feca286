import { expect } from 'vitest';

/** Mean absolute value of the inputs: the scale for the absolute part of the tolerance. */
export function priceLevel(...inputs: ArrayLike<number>[]): number {
  let sum = 0;
  let count = 0;
  for (const values of inputs) {
    for (let i = 0; i < values.length; i++) sum += Math.abs(values[i]!);
    count += values.length;
  }
  return count === 0 ? 0 : sum / count;
}

/**
 * Asserts same length, NaN at exactly the same positions, and elsewhere
 * |actual - expected| <= 1e-6 * |expected| + 1e-9 * level.
 */
export function expectClose(actual: Float64Array, expected: Float64Array, level: number, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (Number.isNaN(b) || Number.isNaN(a)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) expect.fail(`${label}[${i}]: got ${a}, TA-Lib ${b}`);
      continue;
    }
    if (!(Math.abs(a - b) <= 1e-6 * Math.abs(b) + 1e-9 * level)) {
      expect.fail(`${label}[${i}]: got ${a}, TA-Lib ${b} (level ${level})`);
    }
  }
}

/** Index of the first non-NaN value, or the length if there is none. */
export function firstValueIndex(values: Float64Array): number {
  const index = values.findIndex((value) => !Number.isNaN(value));
  return index === -1 ? values.length : index;
}
