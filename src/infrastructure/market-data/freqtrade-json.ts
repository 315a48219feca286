import { readFile } from 'node:fs/promises';
import type { Candle } from '../../domain/shared/candle.js';

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
    if (!row.every(Number.isFinite)) throw rowError(source, i, `non-finite number in ${JSON.stringify(row)}`);
    if (!Number.isSafeInteger(openTime)) throw rowError(source, i, `timestamp ${openTime} is not a whole number of milliseconds`);
    if (open <= 0 || high <= 0 || low <= 0 || close <= 0) {
      throw rowError(source, i, `prices must be > 0, got open ${open}, high ${high}, low ${low}, close ${close}`);
    }
    if (volume < 0) throw rowError(source, i, `negative volume ${volume}`);
    if (high < low) throw rowError(source, i, `high ${high} < low ${low}`);
    if (high < Math.max(open, close)) throw rowError(source, i, `high ${high} < max(open ${open}, close ${close})`);
    if (low > Math.min(open, close)) throw rowError(source, i, `low ${low} > min(open ${open}, close ${close})`);
    if (openTime <= previous) {
      const problem = openTime === previous ? 'duplicate timestamp' : 'timestamps out of order';
      throw rowError(source, i, `${problem}: ${openTime} after ${previous}`);
    }
    previous = openTime;
    candles[i] = { openTime, open, high, low, close, volume };
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
