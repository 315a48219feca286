import { createRequire } from 'node:module';

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}

interface Talib {
  version: string;
  execute(request: Record<string, unknown>): TalibResult;
}

// Loaded eagerly: if the binding is missing, every test file importing this fails.
export const talib = createRequire(import.meta.url)('talib') as Talib;

export type Series = Record<string, Float64Array>;

/**
 * Runs a TA-Lib function over the whole input and returns each output spread
 * over the input's length: NaN before `begIndex`, `outX[k]` at `begIndex + k`.
 * Output names lose their `out` prefix (`outMACDSignal` -> `MACDSignal`).
 */
export function reference(name: string, inputs: Record<string, ArrayLike<number>>, options: Record<string, number> = {}): Series {
  const length = Object.values(inputs)[0]?.length ?? 0;
  const request: Record<string, unknown> = { name, startIdx: 0, endIdx: length - 1, ...options };
  for (const [key, values] of Object.entries(inputs)) request[key] = Array.from(values);
  const { begIndex, result } = talib.execute(request);
  const series: Series = {};
  for (const [key, values] of Object.entries(result)) {
    const spread = new Float64Array(length).fill(NaN);
    values.forEach((value, k) => (spread[begIndex + k] = value));
    series[key.replace(/^out/, '')] = spread;
  }
  return series;
}

/** Index of TA-Lib's first output for these options (its lookback), measured on a long input. */
export function firstOutputIndex(name: string, inputNames: string[], options: Record<string, number>): number {
  const values = Array.from({ length: 1000 }, (_, i) => 100 + Math.sin(i) * 10 + (i % 7));
  const inputs = Object.fromEntries(inputNames.map((key) => [key, values]));
  const request = { name, startIdx: 0, endIdx: values.length - 1, ...inputs, ...options };
  return talib.execute(request).begIndex;
}
