import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Candle } from '../../../../src/domain/shared/candle.js';
import { CandleStore } from '../../../../src/infrastructure/market-data/candle-store/candle-store.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);
const candle = (minute: number, close = 100 + minute): Candle => ({ openTime: T0 + minute * MINUTE, open: close, high: close + 1, low: close - 1, close, volume: Math.abs(minute) });
const minutes = (...ms: number[]): Candle[] => ms.map((m) => candle(m));

const dirs: string[] = [];
function tempStore(): CandleStore {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-store-'));
  dirs.push(dir);
  return new CandleStore(join(dir, 'candles'));
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const storedBytes = (store: CandleStore): Record<string, string> =>
  Object.fromEntries(readdirSync(store.dir).map((name) => [name, readFileSync(join(store.dir, name)).toString('base64')]));

describe('CandleStore: write and read', () => {
  it('reads back exactly what it stored, with count, range and gaps', async () => {
    const store = tempStore();
    const candles = minutes(0, 1, 2, 5, 6, 9);
    const written = await store.write('ETH/BTC', '1m', candles);
    expect(written).toMatchObject({ received: 6, added: 6, replaced: 0 });
    expect(await store.read('ETH/BTC', '1m')).toEqual(candles);
    expect(await store.list()).toEqual([{ symbol: 'ETH/BTC', timeframe: '1m', count: 6, first: T0, last: T0 + 9 * MINUTE, gaps: 2, missingBars: 4 }]);
  });

  it('reads a range: from inclusive, to exclusive, by open time', async () => {
    const store = tempStore();
    await store.write('ETH/BTC', '1m', minutes(0, 1, 2, 3, 4));
    const read = async (from?: number, to?: number) => (await store.read('ETH/BTC', '1m', { from, to })).map((c) => (c.openTime - T0) / MINUTE);
    expect(await read(T0 + MINUTE, T0 + 3 * MINUTE)).toEqual([1, 2]);
    expect(await read(T0 + 30_000)).toEqual([1, 2, 3, 4]);
    expect(await read(undefined, T0 + 1)).toEqual([0]);
    const columns = await store.readColumns('ETH/BTC', '1m', { from: T0 + 3 * MINUTE });
    expect([...columns.openTime]).toEqual([T0 + 3 * MINUTE, T0 + 4 * MINUTE]);
    expect([...columns.close]).toEqual([103, 104]);
  });

  it('lists series by pair, then timeframe', async () => {
    const store = tempStore();
    expect(await store.list()).toEqual([]);
    await store.write('XRP/ETH', '1m', minutes(0));
    await store.write('ADA/BTC', '1h', [{ ...candle(0), openTime: T0 }]);
    await store.write('ADA/BTC', '5m', [{ ...candle(0), openTime: T0 }, { ...candle(0), openTime: T0 + 15 * MINUTE }]);
    expect((await store.list()).map((s) => `${s.symbol} ${s.timeframe} ${s.count} ${s.gaps}/${s.missingBars}`)).toEqual(['ADA/BTC 5m 2 1/2', 'ADA/BTC 1h 1 0/0', 'XRP/ETH 1m 1 0/0']);
  });

  it('reads several pairs at once for a backtest', async () => {
    const store = tempStore();
    await store.write('ETH/BTC', '1m', minutes(0, 1));
    await store.write('ADA/BTC', '1m', minutes(1, 2));
    expect(await store.readMany(['ETH/BTC', 'ADA/BTC'], '1m', { from: T0 + MINUTE })).toEqual({ 'ETH/BTC': minutes(1), 'ADA/BTC': minutes(1, 2) });
  });

  it('reads several pairs into one buffer, as each alone reads, and names what is missing or empty', async () => {
    const store = tempStore();
    await store.write('ETH/BTC', '1m', minutes(0, 1, 2));
    await store.write('ADA/BTC', '1m', minutes(1, 2, 3, 4, 5));
    await store.write('XRP/ETH', '1m', minutes(7));
    const symbols = ['ETH/BTC', 'ADA/BTC', 'XRP/ETH'];
    const many = await store.readManyColumns(symbols, '1m', { from: T0 + MINUTE });
    for (const symbol of symbols) expect(many[symbol]).toEqual(await store.readColumns(symbol, '1m', { from: T0 + MINUTE }));
    expect(new Set(symbols.map((symbol) => many[symbol]!.close.buffer)).size).toBe(1);
    await expect(store.readManyColumns(['ETH/BTC', 'SOL/BTC'], '1m')).rejects.toThrow(/no candles stored for SOL\/BTC in .* \(stored pairs: ADA\/BTC, ETH\/BTC, XRP\/ETH\)$/);
    await expect(store.readManyColumns(symbols, '1m', { from: T0 + 6 * MINUTE })).rejects.toThrow('no ETH/BTC 1m candles from 2024-01-01 00:06 UTC; stored: 2024-01-01 00:00 to 2024-01-01 00:02');
    await expect(store.readManyColumns(symbols, '1m', { from: T0, to: T0 })).rejects.toThrow('empty date range');
    writeFileSync(join(store.dir, 'ADA_BTC-1m.candles'), readFileSync(join(store.dir, 'ADA_BTC-1m.candles')).subarray(0, 150));
    await expect(store.readManyColumns(symbols, '1m')).rejects.toThrow(/ADA_BTC-1m\.candles: truncated or corrupt/);
  });
});

describe('CandleStore: merging an import with what is stored', () => {
  it('adds new candles before, between and after the stored ones; equal overlaps are kept once', async () => {
    const store = tempStore();
    await store.write('ETH/BTC', '1m', minutes(2, 4, 6));
    const merged = await store.write('ETH/BTC', '1m', minutes(0, 3, 4, 7));
    expect(merged).toMatchObject({ received: 4, added: 3, replaced: 0 });
    expect(await store.read('ETH/BTC', '1m')).toEqual(minutes(0, 2, 3, 4, 6, 7));
  });

  it('re-importing the same candles changes nothing, not even the file', async () => {
    const store = tempStore();
    await store.write('ETH/BTC', '1m', minutes(0, 1, 2));
    const before = storedBytes(store);
    expect(await store.write('ETH/BTC', '1m', minutes(1, 2))).toMatchObject({ added: 0, replaced: 0 });
    expect(storedBytes(store)).toEqual(before);
  });

  it('refuses a candle that disagrees with the stored one, naming it, and stores nothing', async () => {
    const store = tempStore();
    await store.write('ETH/BTC', '1m', minutes(0, 1, 2));
    const before = storedBytes(store);
    const changed = [candle(3), { ...candle(1), volume: 99 }];
    await expect(store.write('ETH/BTC', '1m', [candle(-1), ...changed].sort((a, b) => a.openTime - b.openTime), { source: 'new.json', locate: (i) => `row ${i + 1}` })).rejects.toThrow(
      'new.json: row 2: the 2024-01-01 00:01 candle [101, 102, 100, 101, 99] differs from the stored [101, 102, 100, 101, 1]; nothing stored (replace to overwrite)',
    );
    expect(storedBytes(store)).toEqual(before);
  });

  it('with replace, the new candle wins', async () => {
    const store = tempStore();
    await store.write('ETH/BTC', '1m', minutes(0, 1, 2));
    const changed = { ...candle(1), volume: 99 };
    expect(await store.write('ETH/BTC', '1m', [changed, candle(3)], { replace: true })).toMatchObject({ added: 1, replaced: 1 });
    expect(await store.read('ETH/BTC', '1m')).toEqual([candle(0), changed, candle(2), candle(3)]);
  });
});

describe('CandleStore: refusals', () => {
  it('refuses bad candles with the place and reason, leaving the store untouched', async () => {
    const store = tempStore();
    await store.write('ETH/BTC', '1m', minutes(0));
    const before = storedBytes(store);
    const cases: [Candle[], RegExp][] = [
      [[candle(5), candle(4)], /^ETH\/BTC 1m: candle 2: timestamps out of order/],
      [[candle(5), candle(5)], /candle 2: duplicate timestamp/],
      [[{ ...candle(5), high: Number.NaN }], /candle 1: non-finite number/],
      [[{ ...candle(5), low: -1 }], /candle 1: prices must be > 0/],
      [[{ ...candle(5), high: 1, low: 2 }], /candle 1: high 1 < low 2/],
      [[{ ...candle(5), openTime: T0 + 5 * MINUTE + 1 }], /candle 1: open time 2024-01-01T00:05:00\.001Z is not on the 1m grid/],
      [[], /^ETH\/BTC 1m: no candles/],
    ];
    for (const [candles, message] of cases) await expect(store.write('ETH/BTC', '1m', candles)).rejects.toThrow(message);
    expect(storedBytes(store)).toEqual(before);
    expect(readdirSync(store.dir)).toEqual(['ETH_BTC-1m.candles']);
  });

  it('names an unknown pair, an unknown timeframe and a bad pair spelling', async () => {
    const store = tempStore();
    await expect(store.read('ETH/BTC', '1m')).rejects.toThrow(/no candles stored for ETH\/BTC in .*candles \(nothing stored; see dealbot data import\)$/);
    await store.write('ETH/BTC', '1m', minutes(0));
    await store.write('ADA/BTC', '1m', minutes(0));
    await expect(store.read('SOL/BTC', '1m')).rejects.toThrow(/no candles stored for SOL\/BTC in .* \(stored pairs: ADA\/BTC, ETH\/BTC\)$/);
    await expect(store.read('ETH/BTC', '1h')).rejects.toThrow(/no 1h candles stored for ETH\/BTC in .* \(stored timeframes: 1m\)$/);
    await expect(store.read('ETH/BTC', '2m')).rejects.toThrow('unknown timeframe "2m"; one of 1m, 3m, 5m, 15m, 30m, 1h, 4h, 1d');
    await expect(store.read('eth-btc', '1m')).rejects.toThrow('pair "eth-btc" must look like BASE/QUOTE in capitals');
    await expect(store.write('ETH/BTC', '7m', minutes(0))).rejects.toThrow('unknown timeframe "7m"');
  });

  it('says when a date range holds no data, and what is stored', async () => {
    const store = tempStore();
    await store.write('ETH/BTC', '1m', minutes(0, 1));
    await expect(store.read('ETH/BTC', '1m', { from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 1, 1) })).rejects.toThrow(
      'no ETH/BTC 1m candles from 2025-01-01 00:00 before 2025-02-01 00:00 UTC; stored: 2024-01-01 00:00 to 2024-01-01 00:01',
    );
    await expect(store.read('ETH/BTC', '1m', { from: T0 + 5 * MINUTE, to: T0 })).rejects.toThrow('empty date range: 2024-01-01 00:05 is not before 2024-01-01 00:00');
  });

  it('refuses a file that is not its own format', async () => {
    const store = tempStore();
    await store.write('ETH/BTC', '1m', minutes(0, 1));
    const path = join(store.dir, 'ETH_BTC-1m.candles');
    writeFileSync(path, readFileSync(path).subarray(0, 200));
    await expect(store.read('ETH/BTC', '1m')).rejects.toThrow(/ETH_BTC-1m\.candles: truncated or corrupt/);
    writeFileSync(path, 'hello, world, this is not a candle file');
    await expect(store.read('ETH/BTC', '1m')).rejects.toThrow(/not a dealbot candle file/);
  });
});

describe('CandleStore: a million candles', () => {
  it('stores and loads 1,000,000 1m candles exactly', async () => {
    const store = tempStore();
    const count = 1_000_000;
    const candles = new Array<Candle>(count);
    for (let i = 0; i < count; i += 1) {
      const close = 100 + Math.sin(i / 1000) * 10 + i * 1e-6;
      candles[i] = { openTime: T0 + (i + Math.floor(i / 100_000)) * MINUTE, open: close, high: close + 0.5, low: close - 0.5, close, volume: i % 97 };
    }
    await store.write('BTC/USDT', '1m', candles);
    const [series] = await store.list();
    expect(series).toMatchObject({ count, gaps: 9, missingBars: 9 });
    const loaded = await store.read('BTC/USDT', '1m');
    expect(loaded).toHaveLength(count);
    expect(loaded[0]).toEqual(candles[0]);
    expect(loaded[count - 1]).toEqual(candles[count - 1]);
    for (let i = 0; i < count; i += 4_999) expect(loaded[i]).toEqual(candles[i]);
    expect(loaded.every((c, i) => c.close === candles[i]!.close && c.openTime === candles[i]!.openTime)).toBe(true);
  });
});
