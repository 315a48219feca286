import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CandleDataError } from './candle-rules.js';
import type { CandleStore, WriteResult } from './candle-store/candle-store.js';
import { checkSymbol, checkTimeframe, seriesFromFileName } from './candle-store/series-name.js';
import { parseCsvCandles } from './csv-candles.js';
import { parseFreqtradeCandles } from './freqtrade-json.js';
import { fsCause } from '../shared/fs-error.js';
import type { Candle } from '../../domain/shared/candle.js';

export interface ImportOptions {
  /** `BASE/QUOTE`; by default from a freqtrade-style file name (`ETH_BTC-5m.json`). */
  readonly pair?: string;
  /** By default from the file name too. */
  readonly timeframe?: string;
  /** Overwrite stored candles that differ from the file's instead of refusing the file. */
  readonly replace?: boolean;
}

export interface ImportResult extends WriteResult {
  readonly file: string;
  readonly format: 'json' | 'csv';
}

/**
 * Reads a freqtrade JSON or CSV candle file (optionally gzipped), checks every row and stores
 * it. Any problem throws a CandleDataError naming the file, the row or line and the reason, and
 * then nothing is stored.
 */
export async function importCandleFile(store: CandleStore, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const name = basename(file);
  const fromName = seriesFromFileName(name);
  const symbol = checkSymbol(options.pair ?? fromName?.symbol ?? missing(file, 'pair (--pair)'));
  const timeframe = checkTimeframe(options.timeframe ?? fromName?.timeframe ?? missing(file, 'timeframe (--timeframe)'));
  const text = await readText(file);
  const format = formatOf(file, text);
  let candles: Candle[];
  let locate: (index: number) => string;
  if (format === 'json') {
    try {
      candles = parseFreqtradeCandles(text, file);
    } catch (error) {
      throw new CandleDataError((error as Error).message);
    }
    locate = (i) => `row ${i + 1}`;
  } else {
    const parsed = parseCsvCandles(text, file);
    candles = parsed.candles;
    locate = (i) => `line ${parsed.lines[i] ?? '?'}`;
  }
  const written = await store.write(symbol, timeframe, candles, { replace: options.replace ?? false, source: file, locate });
  return { ...written, file, format };
}

/** By the extension, else by the content: a JSON array, or a CSV header naming `open`. */
function formatOf(file: string, text: string): 'json' | 'csv' {
  const plain = basename(file).replace(/\.gz$/i, '').toLowerCase();
  if (plain.endsWith('.json')) return 'json';
  if (/\.(csv|tsv|txt)$/.test(plain)) return 'csv';
  if (text.trimStart().startsWith('[')) return 'json';
  if (/open/i.test(text.split('\n', 1)[0] ?? '')) return 'csv';
  throw new CandleDataError(`${file}: neither freqtrade JSON nor CSV with a header (read: .json, .csv, .tsv, .txt, each optionally .gz)`);
}

function missing(file: string, what: string): never {
  throw new CandleDataError(`${file}: cannot tell the ${what}; give it, or name the file like ETH_BTC-5m.json`);
}

async function readText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new CandleDataError(`${file}: cannot read: ${fsCause(error)}`);
  }
  if (!/\.gz$/i.test(file)) return bytes.toString('utf8');
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch (error) {
    throw new CandleDataError(`${file}: not gzip (${(error as Error).message})`);
  }
}
