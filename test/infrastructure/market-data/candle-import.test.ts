import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { importCandleFile } from '../../../src/infrastructure/market-data/candle-import.js';
import { CandleStore } from '../../../src/infrastructure/market-data/candle-store/candle-store.js';
import { loadFreqtradeCandles } from '../../../src/infrastructure/market-data/freqtrade-json.js';
import { marketDataPath } from '../../support/market-data.js';

/** The figures of the data folder's README. */
const FILES = [
  { file: 'ADA_BTC-5m.json', symbol: 'ADA/BTC', timeframe: '5m', count: 5_720, first: Date.UTC(2018, 0, 10, 4, 55), last: Date.UTC(2018, 0, 30, 4, 50), gaps: 5, missingBars: 40 },
  { file: 'ETH_BTC-5m.json', symbol: 'ETH/BTC', timeframe: '5m', count: 5_760, first: Date.UTC(2018, 0, 10, 4, 55), last: Date.UTC(2018, 0, 30, 4, 50), gaps: 0, missingBars: 0 },
  { file: 'UNITTEST_BTC-1m.json', symbol: 'UNITTEST/BTC', timeframe: '1m', count: 13_681, first: Date.UTC(2017, 10, 4, 23, 2), last: Date.UTC(2017, 10, 14, 22, 59), gaps: 538, missingBars: 717 },
  { file: 'UNITTEST_BTC-30m.json', symbol: 'UNITTEST/BTC', timeframe: '30m', count: 1_920, first: Date.UTC(2017, 11, 3, 13, 0), last: Date.UTC(2018, 0, 12, 12, 30), gaps: 0, missingBars: 0 },
  { file: 'XRP_ETH-1m.json', symbol: 'XRP/ETH', timeframe: '1m', count: 3_560, first: Date.UTC(2019, 9, 11, 0, 0), last: Date.UTC(2019, 9, 13, 11, 19), gaps: 0, missingBars: 0 },
  { file: 'XRP_ETH-5m.json', symbol: 'XRP/ETH', timeframe: '5m', count: 712, first: Date.UTC(2019, 9, 11, 0, 0), last: Date.UTC(2019, 9, 13, 11, 15), gaps: 0, missingBars: 0 },
];

const ROOT = mkdtempSync(join(tmpdir(), 'dealbot-import-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));
let dirs = 0;
const tempStore = (): CandleStore => new CandleStore(join(ROOT, `store-${(dirs += 1)}`));
function tempFile(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(ROOT, 'files-')), name);
  writeFileSync(path, content);
  return path;
}
const snapshot = (store: CandleStore): Record<string, string> =>
  existsSync(store.dir) ? Object.fromEntries(readdirSync(store.dir).map((n) => [n, readFileSync(join(store.dir, n)).toString('base64')])) : {};

function toCsv(candles: readonly Candle[], time: (ms: number) => string, header = 'date,open,high,low,close,volume'): string {
  return [header, ...candles.map((c) => [time(c.openTime), c.open, c.high, c.low, c.close, c.volume].join(','))].join('\n');
}

describe('data import: the real freqtrade files', () => {
  const store = tempStore();

  it.each(FILES)('$file is stored and read back exactly', async ({ file, symbol, timeframe, count }) => {
    const path = marketDataPath(file);
    const imported = await importCandleFile(store, path);
    expect(imported).toMatchObject({ file: path, format: 'json', received: count, added: count, replaced: 0 });
    expect(await store.read(symbol, timeframe)).toEqual(await loadFreqtradeCandles(path));
  });

  it('lists the counts, ranges and gaps of the data README', async () => {
    await Promise.all(FILES.map(({ file }) => importCandleFile(store, marketDataPath(file))));
    expect(await store.list()).toEqual(FILES.map(({ file: _file, ...series }) => series));
  });

  it('importing a file again adds nothing', async () => {
    expect(await importCandleFile(store, marketDataPath('XRP_ETH-5m.json'))).toMatchObject({ received: 712, added: 0, replaced: 0 });
  });
});

describe('data import: CSV', () => {
  it.each([
    ['milliseconds', (ms: number) => String(ms)],
    ['seconds', (ms: number) => String(ms / 1000)],
    ['ISO dates', (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('.000Z', '+00:00')],
  ])('a CSV of the UNITTEST/BTC 1m candles with times in %s reads back as the JSON', async (_name, time) => {
    const candles = await loadFreqtradeCandles(marketDataPath('UNITTEST_BTC-1m.json'));
    const store = tempStore();
    const imported = await importCandleFile(store, tempFile('UNITTEST_BTC-1m.csv', toCsv(candles, time)));
    expect(imported).toMatchObject({ format: 'csv', added: 13_681, series: { gaps: 538, missingBars: 717 } });
    expect(await store.read('UNITTEST/BTC', '1m')).toEqual(candles);
  });

  it('takes the pair and timeframe from options when the name does not tell them', async () => {
    const candles = await loadFreqtradeCandles(marketDataPath('XRP_ETH-5m.json'));
    const file = tempFile('history.csv', toCsv(candles, String));
    const store = tempStore();
    await expect(importCandleFile(store, file)).rejects.toThrow(`${file}: cannot tell the pair (--pair); give it, or name the file like ETH_BTC-5m.json`);
    await expect(importCandleFile(store, file, { pair: 'XRP/ETH' })).rejects.toThrow('cannot tell the timeframe (--timeframe)');
    await expect(importCandleFile(store, file, { pair: 'XRP/ETH', timeframe: '1m' })).resolves.toMatchObject({ added: 712 });
    expect((await store.list())[0]).toMatchObject({ symbol: 'XRP/ETH', timeframe: '1m', count: 712, gaps: 711, missingBars: 2_844 });
  });

  it('reads gzipped freqtrade JSON', async () => {
    const store = tempStore();
    const file = tempFile('ETH_BTC-5m.json.gz', gzipSync(readFileSync(marketDataPath('ETH_BTC-5m.json'))));
    await expect(importCandleFile(store, file)).resolves.toMatchObject({ format: 'json', added: 5_760 });
  });
});

describe('data import: malformed files are refused and nothing is stored', () => {
  async function refused(name: string, content: string, message: string | RegExp): Promise<void> {
    const store = tempStore();
    await importCandleFile(store, marketDataPath('XRP_ETH-5m.json'));
    const before = snapshot(store);
    const file = tempFile(name, content);
    await expect(importCandleFile(store, file)).rejects.toThrow(typeof message === 'string' ? `${file}: ${message}` : message);
    expect(snapshot(store)).toEqual(before);
  }

  it('a CSV with a bad row deep inside names its line', async () => {
    const candles = await loadFreqtradeCandles(marketDataPath('UNITTEST_BTC-1m.json'));
    const lines = toCsv(candles, String).split('\n');
    const broken = (edit: (fields: string[]) => string[], line = 5_000): string => lines.map((l, i) => (i === line - 1 ? edit(l.split(',')).join(',') : l)).join('\n');
    await refused('UNITTEST_BTC-1m.csv', broken((f) => [f[0]!, f[1]!, 'NaN', ...f.slice(3)]), 'line 5000: high "NaN" is not a number');
    await refused('UNITTEST_BTC-1m.csv', broken((f) => [f[0]!, '-0.001', ...f.slice(2)]), /line 5000: prices must be > 0/);
    await refused('UNITTEST_BTC-1m.csv', broken((f) => [f[0]!, f[1]!, '0.0001', '0.0002', ...f.slice(4)]), /line 5000: high 0\.0001 < low 0\.0002/);
    await refused('UNITTEST_BTC-1m.csv', broken((f) => f.slice(0, 5)), 'line 5000: missing column volume');
    await refused('UNITTEST_BTC-1m.csv', broken((f) => [lines[4998]!.split(',')[0]!, ...f.slice(1)]), /line 5000: duplicate timestamp/);
    await refused('UNITTEST_BTC-1m.csv', broken((f) => [String(Number(f[0]) - 3_600_000), ...f.slice(1)]), /line 5000: timestamps out of order/);
  });

  it('a JSON file with a bad row names the row', async () => {
    const rows = JSON.parse(readFileSync(marketDataPath('ETH_BTC-5m.json'), 'utf8')) as number[][];
    rows[41] = [rows[41]![0]!, 1, 2, 3, 1.5, 10];
    await refused('ETH_BTC-5m.json', JSON.stringify(rows), 'row 42: high 2 < low 3');
    await refused('ETH_BTC-5m.json', '[[1515560100000, 1, 2, 0.5, 1.5]]', /row 1: expected an array of 6 numbers/);
    await refused('ETH_BTC-5m.json', '[]', 'no candles');
  });

  it('candles off the timeframe grid (a 1m file imported as 5m) are refused', async () => {
    const rows = readFileSync(marketDataPath('XRP_ETH-1m.json'), 'utf8');
    await refused('XRP_ETH-5m.json', rows, 'row 2: open time 2019-10-11T00:01:00.000Z is not on the 5m grid');
  });

  it('a candle that disagrees with the stored one is refused unless replace is given', async () => {
    const rows = JSON.parse(readFileSync(marketDataPath('XRP_ETH-5m.json'), 'utf8')) as number[][];
    rows[10]![5] = 1234;
    await refused('XRP_ETH-5m.json', JSON.stringify(rows.slice(5, 20)), /row 6: the 2019-10-11 00:50 candle \[.*, 1234\] differs from the stored \[.*\]; nothing stored/);
    const store = tempStore();
    await importCandleFile(store, marketDataPath('XRP_ETH-5m.json'));
    const file = tempFile('XRP_ETH-5m.json', JSON.stringify(rows.slice(5, 20)));
    await expect(importCandleFile(store, file, { replace: true })).resolves.toMatchObject({ added: 0, replaced: 1 });
    expect((await store.read('XRP/ETH', '5m'))[10]?.volume).toBe(1234);
  });

  it('an unreadable file, an unknown timeframe and a bad pair say which', async () => {
    const store = tempStore();
    await expect(importCandleFile(store, join(ROOT, 'NOPE_BTC-1m.json'))).rejects.toThrow(/NOPE_BTC-1m\.json: cannot read: no such file or folder \(ENOENT\)/);
    await expect(importCandleFile(store, marketDataPath('ETH_BTC-5m.json'), { timeframe: '2h' })).rejects.toThrow('unknown timeframe "2h"');
    await expect(importCandleFile(store, marketDataPath('ETH_BTC-5m.json'), { pair: 'eth/btc' })).rejects.toThrow('pair "eth/btc" must look like BASE/QUOTE');
    await expect(importCandleFile(store, tempFile('ETH_BTC-5m.feather', Buffer.from([0x41, 0x52, 0x52, 0x4f, 0x57, 0x31, 0, 0])))).rejects.toThrow(
      /ETH_BTC-5m\.feather: neither freqtrade JSON nor CSV with a header/,
    );
    expect(existsSync(store.dir)).toBe(false);
  });

  it('reads a file without a known extension by its content', async () => {
    const store = tempStore();
    await expect(importCandleFile(store, tempFile('ETH_BTC-5m', readFileSync(marketDataPath('ETH_BTC-5m.json'))))).resolves.toMatchObject({ format: 'json', added: 5_760 });
    await expect(importCandleFile(store, tempFile('XRP_ETH-1h', 'date,open,high,low,close,volume\n2024-01-01,1,1,1,1,0\n'))).resolves.toMatchObject({ format: 'csv', added: 1 });
  });
});
