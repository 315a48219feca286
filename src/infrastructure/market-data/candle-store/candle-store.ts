import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Candle, Timeframe } from '../../../domain/shared/candle.js';
import { CandleDataError, checkCandles } from '../candle-rules.js';
import { candlesFromColumns, columnsFromCandles, gapStats, lowerBound, mergeCandles, sliceColumns, type CandleColumns } from './candle-columns.js';
import { decodeSeries, encodeSeries, readSeriesHeader, type SeriesHeader } from './candle-file.js';
import { checkSymbol, checkTimeframe, seriesFileName, seriesFromFileName, TIMEFRAMES } from './series-name.js';
import { fsCause } from '../../shared/fs-error.js';

import { formatUtc } from '../../shared/utc-time.js';
import { DEFAULT_CANDLE_DIR } from './store-defaults.js';

// the CLI reads these without loading the store (and node:fs/promises) for `dealbot --help`
export { DEFAULT_CANDLE_DIR } from './store-defaults.js';

/** What is stored for one pair and timeframe. Times are open times, UTC ms. */
export type StoredSeries = Omit<SeriesHeader, 'version'>;

/** Open times from `from` (inclusive) to `to` (exclusive), UTC ms; either may be left out. */
export interface TimeRange {
  readonly from?: number;
  readonly to?: number;
}

export interface WriteOptions {
  /** A stored candle that differs from a new one at the same open time is replaced instead of refused. */
  readonly replace?: boolean;
  /** For error messages: the file the candles came from, and how to name candle `index` in it. */
  readonly source?: string;
  readonly locate?: (index: number) => string;
}

export interface WriteResult {
  readonly series: StoredSeries;
  readonly received: number;
  readonly added: number;
  readonly replaced: number;
}


/**
 * Imported history: one binary columnar file per pair and timeframe (see candle-file.ts).
 * Writes merge with what is stored and replace the file atomically (temp file + rename), so a
 * refused write leaves the store as it was. One writer per series at a time.
 */
export class CandleStore {
  readonly dir: string;

  constructor(dir: string = DEFAULT_CANDLE_DIR) {
    this.dir = resolve(dir);
  }

  async write(symbol: string, timeframe: string, candles: readonly Candle[], options: WriteOptions = {}): Promise<WriteResult> {
    const tf = checkTimeframe(timeframe);
    checkSymbol(symbol);
    const source = options.source ?? `${symbol} ${tf}`;
    const locate = options.locate ?? ((i: number) => `candle ${i + 1}`);
    if (candles.length === 0) throw new CandleDataError(`${source}: no candles`);
    checkCandles(candles, source, locate, tf);
    const path = this.#path(symbol, tf);
    const stored = await this.#load(path);
    const merged = stored === null ? { columns: columnsFromCandles(candles), added: candles.length, replaced: 0, conflict: null } : mergeCandles(stored.columns, candles, options.replace ?? false);
    if (merged.conflict !== null) {
      const { index, stored: old } = merged.conflict;
      const now = candles[index] as Candle;
      const values = (c: Candle): string => `[${[c.open, c.high, c.low, c.close, c.volume].join(', ')}]`;
      throw new CandleDataError(
        `${source}: ${locate(index)}: the ${formatUtc(now.openTime)} candle ${values(now)} differs from the stored ${values(old)}; nothing stored (replace to overwrite)`,
      );
    }
    const series = seriesOf(symbol, tf, merged.columns);
    if (merged.added > 0 || merged.replaced > 0) await this.#writeAtomically(path, encodeSeries({ version: 1, ...series }, merged.columns));
    return { series, received: candles.length, added: merged.added, replaced: merged.replaced };
  }

  /** The stored candles in the range, as columns (views on one buffer). */
  async readColumns(symbol: string, timeframe: string, range: TimeRange = {}): Promise<CandleColumns> {
    const tf = checkTimeframe(timeframe);
    checkSymbol(symbol);
    checkRange(range);
    return this.#select(symbol, tf, await this.#load(this.#path(symbol, tf)), range);
  }

  async read(symbol: string, timeframe: string, range: TimeRange = {}): Promise<Candle[]> {
    return candlesFromColumns(await this.readColumns(symbol, timeframe, range));
  }

  /** Candles of several pairs on one timeframe, as the backtest's replay feed takes them. */
  async readMany(symbols: readonly string[], timeframe: string, range: TimeRange = {}): Promise<Record<string, Candle[]>> {
    const series: Record<string, Candle[]> = {};
    for (const symbol of symbols) series[symbol] = await this.read(symbol, timeframe, range);
    return series;
  }

  /** The same, as columns: what the backtest's replay feed reads without building a million objects; the files share one buffer (loadAll). */
  async readManyColumns(symbols: readonly string[], timeframe: string, range: TimeRange = {}): Promise<Record<string, CandleColumns>> {
    const tf = checkTimeframe(timeframe);
    symbols.forEach(checkSymbol);
    checkRange(range);
    const loaded = loadAll(symbols.map((symbol) => this.#path(symbol, tf)));
    const series: Record<string, CandleColumns> = {};
    for (const [i, symbol] of symbols.entries()) series[symbol] = await this.#select(symbol, tf, loaded[i]!, range);
    return series;
  }

  /** Every stored series, by pair then timeframe. */
  async list(): Promise<StoredSeries[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new CandleDataError(`${this.dir}: cannot list the candle store: ${fsCause(error)}`);
    }
    const series: StoredSeries[] = [];
    for (const name of names.filter((n) => n.endsWith('.candles') && seriesFromFileName(n) !== null).sort()) {
      const { version: _version, ...rest } = await readSeriesHeader(join(this.dir, name));
      series.push(rest);
    }
    return series.sort((a, b) => a.symbol.localeCompare(b.symbol) || TIMEFRAMES.indexOf(a.timeframe) - TIMEFRAMES.indexOf(b.timeframe));
  }

  /** The rows of a loaded series in the range; a series not stored is named with what is. */
  async #select(symbol: string, timeframe: Timeframe, stored: LoadedSeries | null, range: TimeRange): Promise<CandleColumns> {
    if (stored === null) throw await this.#notStored(symbol, timeframe);
    const { from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY } = range;
    const { columns, header } = stored;
    const start = lowerBound(columns.openTime, from);
    const end = lowerBound(columns.openTime, to);
    if (start >= end) {
      const asked = `${Number.isFinite(from) ? `from ${formatUtc(from)} ` : ''}${Number.isFinite(to) ? `before ${formatUtc(to)}` : ''}`.trim();
      throw new CandleDataError(`no ${symbol} ${timeframe} candles ${asked} UTC; stored: ${formatUtc(header.first)} to ${formatUtc(header.last)}`);
    }
    return start === 0 && end === columns.length ? columns : sliceColumns(columns, start, end);
  }

  #path(symbol: string, timeframe: Timeframe): string {
    return join(this.dir, seriesFileName(symbol, timeframe));
  }

  async #load(path: string): Promise<LoadedSeries | null> {
    return loadAll([path])[0]!;
  }

  async #notStored(symbol: string, timeframe: Timeframe): Promise<CandleDataError> {
    const stored = await this.list();
    const timeframes = stored.filter((s) => s.symbol === symbol).map((s) => s.timeframe);
    if (timeframes.length > 0) return new CandleDataError(`no ${timeframe} candles stored for ${symbol} in ${this.dir} (stored timeframes: ${timeframes.join(', ')})`);
    const pairs = [...new Set(stored.map((s) => s.symbol))];
    const what = pairs.length > 0 ? `stored pairs: ${pairs.join(', ')}` : 'nothing stored; see dealbot data import';
    return new CandleDataError(`no candles stored for ${symbol} in ${this.dir} (${what})`);
  }

  async #writeAtomically(path: string, bytes: Buffer): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
    } catch (error) {
      throw new CandleDataError(`cannot write ${this.dir}: ${fsCause(error)}; nothing stored`);
    }
    const temp = join(this.dir, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
    try {
      const file = await open(temp, 'wx');
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new CandleDataError(`cannot write ${path}: ${fsCause(error)}; nothing stored`);
    }
  }
}

function checkRange({ from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY }: TimeRange): void {
  if (from >= to) throw new CandleDataError(`empty date range: ${formatUtc(from)} is not before ${formatUtc(to)}`);
}

type LoadedSeries = { header: SeriesHeader; columns: CandleColumns };

/**
 * Every file whole, in one buffer, decoded: each file at an offset that is a multiple of 8 (the
 * columns are float64 views on it); null for a file that does not exist. One buffer rather than
 * one per file: a single large allocation gets huge pages where the allocator asks for them (the
 * installed command does, see docs/architecture.md), where a hundred half-megabyte ones fault in
 * a page per 4 KB. Synchronous calls: whoever reads candles waits for them, and the asynchronous
 * calls' trips through libuv's thread pool (an open and a stat per file, in turn) add to the
 * reading: 100 files of 480 KB, median of 7 alternating runs on a shared machine, 30 ms this way
 * against 43 ms asynchronously. A file that cannot be read is named.
 */
function loadAll(paths: readonly string[]): (LoadedSeries | null)[] {
  const cannotRead = (path: string, error: unknown): CandleDataError => new CandleDataError(`${path}: cannot read: ${fsCause(error)}`);
  const files: ({ fd: number; size: number } | null)[] = [];
  try {
    for (const path of paths) {
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw cannotRead(path, error);
        files.push(null);
        continue;
      }
      const file = { fd, size: 0 };
      files.push(file);
      try {
        file.size = fstatSync(fd).size;
      } catch (error) {
        throw cannotRead(path, error);
      }
    }
    let end = 0;
    const starts = files.map((file) => {
      const start = end;
      end += file === null ? 0 : Math.ceil(file.size / 8) * 8;
      return start;
    });
    const all = Buffer.allocUnsafeSlow(end);
    return files.map((file, i) => {
      if (file === null) return null;
      const path = paths[i]!;
      let done: number;
      try {
        done = readInto(file.fd, all, starts[i]!, file.size);
      } catch (error) {
        throw cannotRead(path, error);
      }
      return decodeSeries(all.subarray(starts[i]!, starts[i]! + done), path);
    });
  } finally {
    for (const file of files) if (file !== null) closeSync(file.fd);
  }
}

function readInto(fd: number, buffer: Buffer, offset: number, size: number): number {
  let done = 0;
  while (done < size) {
    const bytesRead = readSync(fd, buffer, offset + done, size - done, done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

function seriesOf(symbol: string, timeframe: Timeframe, columns: CandleColumns): StoredSeries {
  return { symbol, timeframe, count: columns.length, first: columns.openTime[0] as number, last: columns.openTime[columns.length - 1] as number, ...gapStats(columns.openTime, timeframe) };
}
