import { describe, expect, it } from 'vitest';
import { parseCsvCandles } from '../../../src/infrastructure/market-data/csv-candles.js';

const T = Date.UTC(2018, 0, 10, 4, 55);

describe('CSV candles: columns and times', () => {
  it('reads columns by name, in any order and case, ignoring extra columns', () => {
    const text = 'Volume,CLOSE,low,High,open,Timestamp,trades\n10,1.5,0.5,2,1,1515560100000,7\n';
    expect(parseCsvCandles(text, 'a.csv')).toEqual({ candles: [{ openTime: T, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }], lines: [2] });
  });

  it.each([
    ['milliseconds', 'timestamp', '1515560100000'],
    ['seconds', 'timestamp', '1515560100'],
    ['ISO with Z', 'date', '2018-01-10T04:55:00Z'],
    ['ISO with a space and no zone (UTC)', 'date', '2018-01-10 04:55:00'],
    ['ISO without seconds', 'time', '2018-01-10T04:55'],
    ['ISO with an offset', 'date', '2018-01-10 05:55:00+01:00'],
    ['ISO with a compact offset', 'date', '2018-01-10T05:55:00.000+0100'],
    ['a quoted ISO date', 'date', '"2018-01-10 04:55:00+00:00"'],
  ])('reads a time in %s', (_name, column, value) => {
    expect(parseCsvCandles(`${column},open,high,low,close,volume\n${value},1,2,0.5,1.5,10`, 'a.csv').candles[0]?.openTime).toBe(T);
  });

  it('takes semicolons or tabs, CRLF line ends, a BOM, and skips blank lines (lines still count)', () => {
    const text = '\uFEFFdate;open;high;low;close;volume\r\n\r\n1515560100000;1;2;0.5;1.5;10\r\n1515560400000;1;2;0.5;1.5;0\r\n\r\n';
    const parsed = parseCsvCandles(text, 'a.csv');
    expect(parsed.lines).toEqual([3, 4]);
    expect(parsed.candles.map((c) => c.openTime)).toEqual([T, T + 300_000]);
    expect(parseCsvCandles('date\topen\thigh\tlow\tclose\tvolume\n1515560100000\t1\t2\t0.5\t1.5\t1e1', 'a.tsv').candles[0]?.volume).toBe(10);
  });

  it('reads an empty body as no candles', () => {
    expect(parseCsvCandles('date,open,high,low,close,volume\n', 'a.csv')).toEqual({ candles: [], lines: [] });
  });
});

describe('CSV candles: refused with the file, the line and the reason', () => {
  const header = 'date,open,high,low,close,volume';
  const ok = '1515560100000,1,2,0.5,1.5,10';
  const cases: [string, string, string][] = [
    ['an empty file', '', 'bad.csv: empty file'],
    ['no header', ok, 'bad.csv: line 1: the header lacks timestamp|date|time, open, high, low, close, volume (header: 1515560100000,1,2,0.5,1.5,10)'],
    ['a header without volume', 'date,open,high,low,close\n1,1,1,1,1', 'bad.csv: line 1: the header lacks volume'],
    ['a row missing a column', `${header}\n${ok}\n1515560400000,1,2,0.5,1.5`, 'bad.csv: line 3: missing column volume'],
    ['an empty cell', `${header}\n1515560100000,1,,0.5,1.5,10`, 'bad.csv: line 2: missing column high'],
    ['NaN', `${header}\n1515560100000,1,2,NaN,1.5,10`, 'bad.csv: line 2: low "NaN" is not a number'],
    ['a word', `${header}\n1515560100000,1,2,0.5,abc,10`, 'bad.csv: line 2: close "abc" is not a number'],
    ['a negative price', `${header}\n1515560100000,-1,2,0.5,1.5,10`, 'bad.csv: line 2: prices must be > 0'],
    ['a negative volume', `${header}\n1515560100000,1,2,0.5,1.5,-3`, 'bad.csv: line 2: negative volume -3'],
    ['high below low', `${header}\n1515560100000,1,0.4,0.5,1,10`, 'bad.csv: line 2: high 0.4 < low 0.5'],
    ['high below the close', `${header}\n1515560100000,1,2,0.5,2.5,10`, 'bad.csv: line 2: high 2 < max(open 1, close 2.5)'],
    ['a duplicate', `${header}\n${ok}\n${ok}`, 'bad.csv: line 3: duplicate timestamp: 1515560100000 after 1515560100000'],
    ['unsorted rows', `${header}\n1515560400000,1,2,0.5,1.5,10\n\n${ok}`, 'bad.csv: line 4: timestamps out of order: 1515560100000 after 1515560400000'],
    ['a bad date', `${header}\n2018-02-30 00:00,1,2,0.5,1.5,10`, 'bad.csv: line 2: timestamp "2018-02-30 00:00" is not milliseconds, seconds or an ISO date'],
    ['a local date format', `${header}\n10/01/2018 04:55,1,2,0.5,1.5,10`, 'bad.csv: line 2: timestamp "10/01/2018 04:55" is not'],
    ['a fractional millisecond', `${header}\n1515560100000.5,1,2,0.5,1.5,10`, 'bad.csv: line 2: timestamp 1515560100000.5 is not a whole number of milliseconds'],
  ];
  it.each(cases)('refuses %s', (_name, text, message) => {
    expect(() => parseCsvCandles(text, 'bad.csv')).toThrow(message);
  });
});
