import { gzipSync } from 'node:zlib';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { badInputTable, candleRows, storeCandles, storedConfig, type BadCase } from './harness.js';

/** `data import <file>` of a file with this content. */
const imported = (name: string, file: string, content: string | Buffer, says: RegExp, extra: string[] = []): BadCase => ({
  name,
  args: ['data', 'import', file, ...extra],
  files: { [file]: content },
  code: 1,
  says,
});

const json = (rows: unknown): string => JSON.stringify(rows);
const good = candleRows(5);
const row = (i: number, change: (r: number[]) => unknown[]): unknown[][] => good.map((r, k) => (k === i ? change([...r] as number[]) : r));
const csv = (lines: string[]): string => `${lines.join('\n')}\n`;
const HEADER = 'date,open,high,low,close,volume';
const line = (date: string, o = '1', h = '2', l = '0.5', c = '1.5', v = '10'): string => [date, o, h, l, c, v].join(',');

const backtest = (name: string, args: string[], says: RegExp, setup?: (d: string) => void | Promise<void>): BadCase => ({
  name,
  args: ['backtest', '-c', 'c.yaml', '--no-progress', ...args],
  files: { 'c.yaml': storedConfig() },
  ...(setup && { setup }),
  code: 1,
  says,
});

const cases: BadCase[] = [
  { name: 'missing candle file', args: ['data', 'import', 'ETH_BTC-5m.json'], code: 1, says: /ETH_BTC-5m\.json: cannot read: no such file/ },
  { name: 'candle path is a folder', args: ['data', 'import', 'ETH_BTC-5m.json'], files: { 'ETH_BTC-5m.json/x': '' }, code: 1, says: /ETH_BTC-5m\.json: cannot read: it is a folder/ },
  {
    name: 'unreadable candle file (permission denied)',
    args: ['data', 'import', 'ETH_BTC-5m.json'],
    files: { 'ETH_BTC-5m.json': json(good) },
    setup: (d) => chmodSync(join(d, 'ETH_BTC-5m.json'), 0o000),
    readOnlyDir: true,
    code: 1,
    says: /ETH_BTC-5m\.json: cannot read: permission denied/,
  },
  imported('JSON cut short', 'ETH_BTC-5m.json', '[[1,2', /ETH_BTC-5m\.json: not JSON/),
  imported('JSON object, not an array', 'ETH_BTC-5m.json', '{"a": 1}', /ETH_BTC-5m\.json: not an array of candles/),
  imported('JSON empty array', 'ETH_BTC-5m.json', '[]', /ETH_BTC-5m\.json: no candles/),
  imported('JSON row of 5 numbers', 'ETH_BTC-5m.json', json(row(2, (r) => r.slice(0, 5))), /ETH_BTC-5m\.json: row 3: expected an array of 6 numbers/),
  imported('JSON row of 7 numbers', 'ETH_BTC-5m.json', json(row(0, (r) => [...r, 1])), /ETH_BTC-5m\.json: row 1: expected an array of 6 numbers/),
  imported('JSON row with a string', 'ETH_BTC-5m.json', json(row(1, (r) => [r[0], '1', ...r.slice(2)])), /ETH_BTC-5m\.json: row 2: expected an array of 6 numbers/),
  imported('JSON row with null', 'ETH_BTC-5m.json', json(row(1, (r) => [r[0], null, ...r.slice(2)])), /ETH_BTC-5m\.json: row 2: /),
  imported('JSON row not an array', 'ETH_BTC-5m.json', json([...good.slice(0, 4), 7]), /ETH_BTC-5m\.json: row 5: /),
  imported('JSON negative price', 'ETH_BTC-5m.json', json(row(1, (r) => [r[0], -1, ...r.slice(2)])), /ETH_BTC-5m\.json: row 2: prices must be > 0/),
  imported('JSON high below low', 'ETH_BTC-5m.json', json(row(3, (r) => [r[0], 1, 0.5, 2, 1, 1])), /ETH_BTC-5m\.json: row 4: high 0\.5 < low 2/),
  imported('JSON close above high', 'ETH_BTC-5m.json', json(row(3, (r) => [r[0], 1, 2, 0.5, 3, 1])), /ETH_BTC-5m\.json: row 4: high 2 < max/),
  imported('JSON negative volume', 'ETH_BTC-5m.json', json(row(2, (r) => [...r.slice(0, 5), -5])), /ETH_BTC-5m\.json: row 3: negative volume/),
  imported('JSON duplicate timestamp', 'ETH_BTC-5m.json', json(row(2, (r) => [good[1]?.[0], ...r.slice(1)])), /ETH_BTC-5m\.json: row 3: duplicate timestamp/),
  imported('JSON timestamps out of order', 'ETH_BTC-5m.json', json(row(3, (r) => [good[0]?.[0], ...r.slice(1)])), /ETH_BTC-5m\.json: row 4: timestamps out of order/),
  imported('JSON fractional timestamp', 'ETH_BTC-5m.json', json(row(1, (r) => [(r[0] as number) + 0.5, ...r.slice(1)])), /ETH_BTC-5m\.json: row 2: timestamp .* is not a whole number/),
  imported('JSON timestamp 1e23', 'ETH_BTC-5m.json', json(row(4, (r) => [1e23, ...r.slice(1)])), /ETH_BTC-5m\.json: row 5: timestamp 1e\+23 is not a whole number/),
  imported('JSON number too large for a double', 'ETH_BTC-5m.json', `[[1704067200000, 1e999, 2, 0.5, 1, 1]]`, /ETH_BTC-5m\.json: row 1: non-finite number/),
  imported('JSON open time off the 5m grid', 'ETH_BTC-5m.json', json(row(1, (r) => [(r[0] as number) + 60_000, ...r.slice(1)])), /ETH_BTC-5m\.json: row 2: open time .* is not on the 5m grid/),
  imported('JSON binary garbage', 'ETH_BTC-5m.json', Buffer.from([0xff, 0xfe, 0, 1, 2, 3]), /ETH_BTC-5m\.json: not JSON/),
  imported('no pair in the name', 'candles.json', json(good), /candles\.json: cannot tell the pair \(--pair\)/),
  imported('no timeframe in the name, pair given', 'ETH_BTC.json', json(good), /ETH_BTC\.json: cannot tell the timeframe \(--timeframe\)/, ['--pair', 'ETH/BTC']),
  imported('timeframe in the name unknown', 'ETH_BTC-7m.json', json(good), /unknown timeframe "7m"/),
  imported('neither JSON nor CSV', 'ETH_BTC-5m.dat', 'hello world\n', /ETH_BTC-5m\.dat: neither freqtrade JSON nor CSV/),
  imported('.gz that is not gzip', 'ETH_BTC-5m.json.gz', json(good), /ETH_BTC-5m\.json\.gz: not gzip/),
  imported('gzip of bad JSON', 'ETH_BTC-5m.json.gz', gzipSync('[[1,'), /ETH_BTC-5m\.json\.gz: not JSON/),
  imported('CSV empty', 'ETH_BTC-5m.csv', '', /ETH_BTC-5m\.csv: empty file/),
  imported('CSV header only', 'ETH_BTC-5m.csv', `${HEADER}\n`, /ETH_BTC-5m\.csv: no candles/),
  imported('CSV header without close', 'ETH_BTC-5m.csv', csv(['date,open,high,low,volume', '2024-01-01,1,2,0.5,1']), /ETH_BTC-5m\.csv: line 1: the header lacks close/),
  imported('CSV header without a time column', 'ETH_BTC-5m.csv', csv(['open,high,low,close,volume', '1,2,0.5,1,1']), /ETH_BTC-5m\.csv: line 1: the header lacks timestamp\|date\|time/),
  imported('CSV price not a number', 'ETH_BTC-5m.csv', csv([HEADER, line('2024-01-01T00:00:00Z'), line('2024-01-01T00:05:00Z', 'abc')]), /ETH_BTC-5m\.csv: line 3: open "abc" is not a number/),
  imported('CSV missing column', 'ETH_BTC-5m.csv', csv([HEADER, '2024-01-01T00:00:00Z,1,2,0.5']), /ETH_BTC-5m\.csv: line 2: missing column close/),
  imported('CSV impossible date', 'ETH_BTC-5m.csv', csv([HEADER, line('2018-02-30')]), /ETH_BTC-5m\.csv: line 2: timestamp "2018-02-30" is not/),
  imported('CSV date words', 'ETH_BTC-5m.csv', csv([HEADER, line('yesterday')]), /ETH_BTC-5m\.csv: line 2: timestamp "yesterday"/),
  imported('CSV duplicate date', 'ETH_BTC-5m.csv', csv([HEADER, line('2024-01-01T00:00:00Z'), line('2024-01-01T00:00:00Z')]), /ETH_BTC-5m\.csv: line 3: duplicate timestamp/),
  imported('CSV negative volume', 'ETH_BTC-5m.csv', csv([HEADER, line('2024-01-01T00:00:00Z', '1', '2', '0.5', '1.5', '-1')]), /ETH_BTC-5m\.csv: line 2: negative volume/),
  imported('CSV timestamp beyond safe integers', 'ETH_BTC-5m.csv', csv([HEADER, line('100000000000000000000000')]), /ETH_BTC-5m\.csv: line 2: timestamp 1\d+ is not a whole number/),
  imported('CSV off the grid', 'ETH_BTC-5m.csv', csv([HEADER, line('2024-01-01T00:00:00Z'), line('2024-01-01T00:07:00Z')]), /ETH_BTC-5m\.csv: line 3: .* is not on the 5m grid/),
  {
    name: 'candles differing from the stored ones, without --replace',
    args: ['data', 'import', 'ETH_BTC-5m.json'],
    files: { 'ETH_BTC-5m.json': json(row(0, (r) => [r[0], 0.07, 0.08, 0.06, 0.07, 1])) },
    setup: (d) => storeCandles(d),
    code: 1,
    says: /ETH_BTC-5m\.json: row 1: the 2024-01-01 00:00 candle .* differs from the stored .*; nothing stored/,
  },
  {
    name: 'import into a folder without write permission',
    args: ['data', 'import', 'ETH_BTC-5m.json'],
    files: { 'ETH_BTC-5m.json': json(good) },
    readOnlyDir: true,
    code: 1,
    says: /cannot write .*data\/candles: permission denied \(EACCES\); nothing stored/,
  },
  imported('--data-dir is a file', 'ETH_BTC-5m.json', json(good), /store: .*ETH_BTC-5m\.json.* is not a folder|ETH_BTC-5m\.json.*a part of the path is not a folder/, ['--data-dir', 'ETH_BTC-5m.json']),
  { name: 'data list: --data-dir is a file', args: ['data', 'list', '--data-dir', 'f'], files: { f: 'x' }, code: 1, says: /\/f: cannot list the candle store: a part of the path is not a folder/ },
  { name: 'data list: corrupted candle file', args: ['data', 'list'], files: { 'data/candles/ETH_BTC-5m.candles': 'garbage, not candles' }, code: 1, says: /ETH_BTC-5m\.candles: / },
  { name: 'data list: unreadable store (permission denied)', args: ['data', 'list'], files: { 'data/candles/x': '' }, setup: (d) => chmodDir(join(d, 'data/candles'), 0o000), readOnlyDir: true, code: 1, says: /data\/candles: cannot list the candle store: permission denied/ },
  backtest('backtest: nothing stored', [], /no candles stored for ETH\/BTC in .*data\/candles/),
  backtest('backtest: corrupted candle file', [], /ETH_BTC-5m\.candles: /, storeCorrupt),
  backtest('backtest: --from after the stored candles', ['--from', '2030-01-01'], /no ETH\/BTC 5m candles from 2030-01-01 00:00/, (d) => storeCandles(d)),
  backtest('backtest: --timeframe with nothing stored', ['--timeframe', '1h'], /no 1h candles stored for ETH\/BTC .*stored timeframes: 5m/, (d) => storeCandles(d)),
  backtest('backtest: --data-dir missing', ['--data-dir', 'nowhere'], /no candles stored for ETH\/BTC in .*nowhere/),
];

function chmodDir(path: string, mode: number): void {
  chmodSync(path, mode);
}
function storeCorrupt(dir: string): void {
  mkdirSync(join(dir, 'data/candles'), { recursive: true });
  writeFileSync(join(dir, 'data/candles/ETH_BTC-5m.candles'), 'not a candle file at all');
}

badInputTable('bad candle files', cases);
