import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MARKET_DATA_DIR } from '../../support/market-data.js';

/** Real candles shared by the team; read in place, never copied into the repo. */
const directory = MARKET_DATA_DIR;

export interface CandleFile {
  name: string;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
}

let cache: CandleFile[] | undefined;

/** Every `*.json` candle file (rows of `[ts, open, high, low, close, volume]`); throws if there are none. */
export function candleFiles(): CandleFile[] {
  if (cache) return cache;
  const names = readdirSync(directory).filter((name) => name.endsWith('.json')).sort();
  if (names.length === 0) throw new Error(`no candle files in ${directory}`);
  cache = names.map((name) => {
    const rows = JSON.parse(readFileSync(join(directory, name), 'utf8')) as number[][];
    const column = (index: number) => Float64Array.from(rows, (row) => row[index]!);
    return { name, high: column(2), low: column(3), close: column(4) };
  });
  return cache;
}
