import { isTimeframe, TIMEFRAME_MS, type Timeframe } from '../../../domain/shared/candle.js';
import { CandleDataError } from '../candle-rules.js';

const SYMBOL = /^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/;
/** freqtrade's file naming: `ETH_BTC-5m.json`, `ETH_BTC-5m.csv`; also the store's own files. */
const SERIES_NAME = /^([A-Za-z0-9]{1,20})_([A-Za-z0-9]{1,20})-(\d+[mhdwM])(?:\.[\w.]+)?$/;

export const TIMEFRAMES = Object.keys(TIMEFRAME_MS) as Timeframe[];

export function checkSymbol(symbol: string): string {
  if (!SYMBOL.test(symbol)) throw new CandleDataError(`pair "${symbol}" must look like BASE/QUOTE in capitals, e.g. ETH/BTC`);
  return symbol;
}

export function checkTimeframe(timeframe: string): Timeframe {
  if (!isTimeframe(timeframe)) throw new CandleDataError(`unknown timeframe "${timeframe}"; one of ${TIMEFRAMES.join(', ')}`);
  return timeframe;
}

/** The pair and timeframe a file name like `ETH_BTC-5m.json` implies, or null. */
export function seriesFromFileName(name: string): { symbol: string; timeframe: string } | null {
  const match = SERIES_NAME.exec(name);
  if (!match) return null;
  const [, base, quote, timeframe] = match as unknown as [string, string, string, string];
  return { symbol: `${base.toUpperCase()}/${quote.toUpperCase()}`, timeframe };
}

/** `ETH/BTC`, `5m` -> `ETH_BTC-5m.candles`. */
export function seriesFileName(symbol: string, timeframe: Timeframe): string {
  return `${symbol.replace('/', '_')}-${timeframe}.candles`;
}
