import type { Clock } from '../../domain/ports/clock.port.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../domain/shared/candle.js';
import type { CandleHistorySource, CandleSink, StoredCandles } from './download-ports.js';

const DAY_MS = 86_400_000;

export interface DownloadRequest {
  readonly pairs: readonly string[];
  readonly timeframe: Timeframe;
  /** How far back to start for a pair with nothing stored. */
  readonly days: number;
}

/** Where one pair's download stands: candle periods covered so far out of those asked for. */
export interface DownloadProgress {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly done: number;
  readonly total: number;
}

/** One pair's outcome. `error` is set when a page failed; the pages before it stay stored. */
export interface PairDownload {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly added: number;
  /** Open times of the first and last candle received, or null when none was missing. */
  readonly received: { readonly first: number; readonly last: number; readonly count: number } | null;
  /** The stored series after the download; null when nothing is stored. */
  readonly stored: StoredCandles | null;
  readonly error?: string;
}

export interface DownloadCandlesDeps {
  readonly source: CandleHistorySource;
  readonly sink: CandleSink;
  /** Decides which candles have closed. */
  readonly clock: Clock;
  /** Candles asked for per page; each page is stored (or refused) as a whole. */
  readonly pageSize: number;
}

const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * `data download`: closed candles of each pair from an exchange into the store, page by page,
 * from where the stored series ends (or `days` back when nothing is stored) up to the last
 * closed candle. A page that fails to arrive or is refused by the store stores nothing and
 * ends that pair's download; the other pairs go on.
 */
export class DownloadCandles {
  constructor(private readonly deps: DownloadCandlesDeps) {
    if (!Number.isSafeInteger(deps.pageSize) || deps.pageSize < 1) throw new RangeError(`pageSize must be a whole number >= 1, got ${deps.pageSize}`);
  }

  async run(request: DownloadRequest, onProgress?: (progress: DownloadProgress) => void): Promise<PairDownload[]> {
    if (!(Number.isSafeInteger(request.days) && request.days >= 1)) throw new RangeError(`days must be a whole number >= 1, got ${request.days}`);
    const out: PairDownload[] = [];
    for (const symbol of new Set(request.pairs)) out.push(await this.#pair(symbol, request, onProgress));
    return out;
  }

  async #pair(symbol: string, request: DownloadRequest, onProgress?: (progress: DownloadProgress) => void): Promise<PairDownload> {
    const { timeframe } = request;
    const step = TIMEFRAME_MS[timeframe];
    // The candle opening at `end` is still forming: only earlier ones are asked for and stored.
    const end = Math.floor(this.deps.clock.now() / step) * step;
    let added = 0;
    let received = null as PairDownload['received'];
    let stored: StoredCandles | null = null;
    const result = (error?: string): PairDownload => ({ symbol, timeframe, added, received, stored, ...(error !== undefined && { error }) });
    try {
      stored = await this.deps.sink.stored(symbol, timeframe);
    } catch (error) {
      return result(`cannot read what is stored: ${messageOf(error)}`);
    }
    const start = stored === null ? end - request.days * DAY_MS : stored.last + step;
    const total = Math.max(0, (end - start) / step);
    let done = 0;
    onProgress?.({ symbol, timeframe, done, total });
    for (let cursor = start; cursor < end; ) {
      let page: Candle[];
      try {
        const rows = await this.deps.source.fetchOHLCV(symbol, timeframe, cursor, { until: end, limit: this.deps.pageSize });
        page = rows.filter((c) => c.openTime >= cursor && c.openTime < end);
      } catch (error) {
        return result(`page from ${utc(cursor)} failed, nothing of it stored: ${messageOf(error)}`);
      }
      if (page.length === 0) break;
      try {
        const written = await this.deps.sink.write(symbol, timeframe, page);
        added += written.added;
        stored = written.series;
      } catch (error) {
        return result(`page from ${utc(cursor)} refused, nothing of it stored: ${messageOf(error)}`);
      }
      const first = page[0] as Candle;
      const lastOfPage = page[page.length - 1] as Candle;
      received = { first: received === null ? first.openTime : received.first, last: lastOfPage.openTime, count: (received === null ? 0 : received.count) + page.length };
      cursor = lastOfPage.openTime + step;
      done = Math.min(total, (cursor - start) / step);
      onProgress?.({ symbol, timeframe, done, total });
      // A short page is the exchange's last word on the range.
      if (page.length < this.deps.pageSize) break;
    }
    if (done < total) onProgress?.({ symbol, timeframe, done: total, total });
    return result();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
