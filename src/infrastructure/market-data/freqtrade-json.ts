import { readFile } from 'node:fs/promises';
import type { Candle } from '../../domain/shared/candle.js';
import { candleProblem } from './candle-rules.js';

const rowError = (source: string, index: number, reason: string): Error => new Error(`${source}: row ${index + 1}: ${reason}`);

/**
 * Candles in freqtrade's JSON format (also ccxt's fetchOHLCV layout):
 * `[[timestamp_ms, open, high, low, close, volume], ...]`, open times strictly increasing.
 * Any problem throws an Error naming `source`, the 1-based row and the reason.
 */
export function parseFreqtradeCandles(text: string, source: string): Candle[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(data)) throw new Error(`${source}: not an array of candles`);
  const candles = new Array<Candle>(data.length);
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i += 1) {
    const row: unknown = data[i];
    if (!Array.isArray(row) || row.length !== 6 || !row.every((value) => typeof value === 'number')) {
      throw rowError(source, i, `expected an array of 6 numbers [timestamp_ms, open, high, low, close, volume], got ${JSON.stringify(row)}`);
    }
    const [openTime, open, high, low, close, volume] = row as [number, number, number, number, number, number];
    const candle: Candle = { openTime, open, high, low, close, volume };
    const problem = candleProblem(candle, previous);
    if (problem !== null) throw rowError(source, i, problem);
    previous = openTime;
    candles[i] = candle;
  }
  return candles;
}

export async function loadFreqtradeCandles(path: string): Promise<Candle[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read (${(error as Error).message})`);
  }
  return parseFreqtradeCandles(text, path);
}
