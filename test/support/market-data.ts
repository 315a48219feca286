import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The shared real candles, read in place (never copied into the repository). */
export const MARKET_DATA_DIR = process.env.DEALBOT_MARKET_DATA ?? resolve(import.meta.dirname, '../../../shared/data/market');

export function marketDataPath(file: string): string {
  const path = join(MARKET_DATA_DIR, file);
  if (!existsSync(path)) throw new Error(`market data file missing: ${path} (set DEALBOT_MARKET_DATA to the folder of the shared candles)`);
  return path;
}
