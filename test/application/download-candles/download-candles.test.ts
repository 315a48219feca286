import { describe, expect, it } from 'vitest';
import { DownloadCandles, type DownloadProgress } from '../../../src/application/download-candles/download-candles.use-case.js';
import type { CandleHistorySource, CandleSink, StoredCandles } from '../../../src/application/download-candles/download-ports.js';
import type { Candle, Timeframe } from '../../../src/domain/shared/candle.js';

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;
/** 2024-01-03 00:00:30 UTC: the 00:00 candle is still forming. */
const END = Date.UTC(2024, 0, 3);
const NOW = END + 30_000;

const bar = (openTime: number): Candle => ({ openTime, open: 10, high: 11, low: 9, close: 10.5, volume: 1 });

/** An exchange with a candle every minute from `from` up to and including the forming one. */
class FakeExchange implements CandleHistorySource {
  readonly calls: { symbol: string; since: number; until: number | undefined; limit: number | undefined }[] = [];
  failOnCall: number | null = null;
  /** Ignores `until` and returns the forming candle too, as some exchanges do. */
  sloppy = false;
  constructor(private readonly from: number) {}

  async fetchOHLCV(symbol: string, _tf: Timeframe, since: number, query: { until?: number; limit?: number } = {}): Promise<Candle[]> {
    this.calls.push({ symbol, since, until: query.until, limit: query.limit });
    if (this.failOnCall === this.calls.length) throw new Error(`binance fetchOHLCV ${symbol}: 503 Service Unavailable`);
    const out: Candle[] = [];
    const until = this.sloppy ? END + MINUTE : (query.until ?? Infinity);
    for (let t = Math.max(since, this.from); t < until && t <= END && out.length < (query.limit ?? Infinity); t += MINUTE) out.push(bar(t));
    return out;
  }
}

/** A store in memory that refuses a page holding `refuse`. */
class FakeSink implements CandleSink {
  readonly series = new Map<string, Candle[]>();
  refuse: number | null = null;

  async stored(symbol: string): Promise<StoredCandles | null> {
    const rows = this.series.get(symbol) ?? [];
    if (rows.length === 0) return null;
    return { first: rows[0]!.openTime, last: rows.at(-1)!.openTime, count: rows.length, gaps: 0, missingBars: 0 };
  }

  async write(symbol: string, _tf: Timeframe, candles: readonly Candle[]) {
    if (this.refuse !== null && candles.some((c) => c.openTime === this.refuse)) throw new Error(`binance: candle at ${this.refuse}: high 9 < low 11`);
    const rows = this.series.get(symbol) ?? [];
    const known = new Set(rows.map((c) => c.openTime));
    const fresh = candles.filter((c) => !known.has(c.openTime));
    this.series.set(symbol, [...rows, ...fresh].sort((a, b) => a.openTime - b.openTime));
    return { added: fresh.length, series: (await this.stored(symbol))! };
  }
}

function rig(options: { pageSize?: number; from?: number } = {}) {
  const source = new FakeExchange(options.from ?? END - 5 * DAY);
  const sink = new FakeSink();
  const download = new DownloadCandles({ source, sink, clock: { now: () => NOW }, pageSize: options.pageSize ?? 1000 });
  return { source, sink, download };
}

describe('DownloadCandles', () => {
  it('with nothing stored, fetches `days` back up to the last closed candle, page by page, each page stored', async () => {
    const { source, sink, download } = rig();
    const progress: DownloadProgress[] = [];
    const [btc] = await download.run({ pairs: ['BTC/USDT'], timeframe: '1m', days: 2 }, (p) => progress.push(p));
    expect(btc).toEqual({
      symbol: 'BTC/USDT',
      timeframe: '1m',
      added: 2880,
      received: { first: END - 2 * DAY, last: END - MINUTE, count: 2880 },
      stored: { first: END - 2 * DAY, last: END - MINUTE, count: 2880, gaps: 0, missingBars: 0 },
    });
    expect(source.calls.map((c) => [(c.since - (END - 2 * DAY)) / MINUTE, c.until, c.limit])).toEqual([
      [0, END, 1000],
      [1000, END, 1000],
      [2000, END, 1000],
    ]);
    expect(sink.series.get('BTC/USDT')?.some((c) => c.openTime >= END)).toBe(false);
    expect(progress.map((p) => p.done)).toEqual([0, 1000, 2000, 2880]);
    expect(progress.every((p) => p.total === 2880 && p.symbol === 'BTC/USDT')).toBe(true);
  });

  it('resumes after the last stored candle, whatever --days says; asks nothing when up to date', async () => {
    const { source, sink, download } = rig();
    await sink.write('BTC/USDT', '1m', [bar(END - 100 * MINUTE), bar(END - 90 * MINUTE)]);
    const [first] = await download.run({ pairs: ['BTC/USDT'], timeframe: '1m', days: 30 });
    expect(source.calls.map((c) => c.since)).toEqual([END - 89 * MINUTE]);
    expect(first).toMatchObject({ added: 89, received: { first: END - 89 * MINUTE, last: END - MINUTE, count: 89 }, stored: { count: 91 } });
    const [again] = await download.run({ pairs: ['BTC/USDT'], timeframe: '1m', days: 30 });
    expect(source.calls).toHaveLength(1);
    expect(again).toEqual({ symbol: 'BTC/USDT', timeframe: '1m', added: 0, received: null, stored: first!.stored });
  });

  it('drops the forming candle when the exchange sends it anyway', async () => {
    const { source, sink, download } = rig({ pageSize: 500 });
    source.sloppy = true;
    const [btc] = await download.run({ pairs: ['BTC/USDT'], timeframe: '1m', days: 1 });
    expect(btc?.added).toBe(1440);
    expect(sink.series.get('BTC/USDT')!.at(-1)!.openTime).toBe(END - MINUTE);
  });

  it('a failed page stores nothing of it, ends that pair with the reason, and the next pair goes on', async () => {
    const { source, sink, download } = rig();
    source.failOnCall = 2;
    const [btc, eth] = await download.run({ pairs: ['BTC/USDT', 'ETH/USDT'], timeframe: '1m', days: 2 });
    expect(btc).toMatchObject({ added: 1000, error: 'page from 2024-01-01 16:40 UTC failed, nothing of it stored: binance fetchOHLCV BTC/USDT: 503 Service Unavailable' });
    expect(sink.series.get('BTC/USDT')).toHaveLength(1000);
    expect(eth).toMatchObject({ added: 2880 });
    expect(eth?.error).toBeUndefined();
  });

  it('a page the store refuses stores nothing of it; a later run resumes before it', async () => {
    const { sink, download } = rig();
    sink.refuse = END - 2 * DAY + 1500 * MINUTE;
    const [btc] = await download.run({ pairs: ['BTC/USDT'], timeframe: '1m', days: 2 });
    expect(btc).toMatchObject({ added: 1000, error: expect.stringMatching(/^page from 2024-01-01 16:40 UTC refused, nothing of it stored: binance: candle at \d+: high 9 < low 11$/) });
    expect(sink.series.get('BTC/USDT')!.at(-1)!.openTime).toBe(END - 2 * DAY + 999 * MINUTE);
    sink.refuse = null;
    const [retry] = await download.run({ pairs: ['BTC/USDT'], timeframe: '1m', days: 2 });
    expect(retry).toMatchObject({ added: 1880, stored: { count: 2880 } });
  });

  it('starts at the first candle the exchange has when it has less than asked for', async () => {
    const { source, download } = rig({ from: END - 100 * MINUTE });
    const [btc] = await download.run({ pairs: ['BTC/USDT', 'BTC/USDT'], timeframe: '1m', days: 2 });
    expect(btc).toMatchObject({ added: 100, received: { first: END - 100 * MINUTE, last: END - MINUTE } });
    expect(source.calls).toHaveLength(1);
  });

  it('refuses --days below 1 and a page size below 1', async () => {
    const { download } = rig();
    await expect(download.run({ pairs: ['BTC/USDT'], timeframe: '1m', days: 0 })).rejects.toThrow('days must be a whole number >= 1, got 0');
    expect(() => new DownloadCandles({ source: new FakeExchange(0), sink: new FakeSink(), clock: { now: () => NOW }, pageSize: 0 })).toThrow(RangeError);
  });
});
