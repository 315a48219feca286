import { MARKET_DATA_DIR } from '../../support/market-data.js';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { loadFreqtradeCandles, parseFreqtradeCandles } from '../../../src/infrastructure/market-data/freqtrade-json.js';

const DATA = MARKET_DATA_DIR;

/** Figures from the data set's README. */
const FILES = [
  { file: 'ADA_BTC-5m.json', step: 5, count: 5_720, first: Date.UTC(2018, 0, 10, 4, 55), last: Date.UTC(2018, 0, 30, 4, 50), gaps: 5, missing: 40 },
  { file: 'ETH_BTC-5m.json', step: 5, count: 5_760, first: Date.UTC(2018, 0, 10, 4, 55), last: Date.UTC(2018, 0, 30, 4, 50), gaps: 0, missing: 0 },
  { file: 'UNITTEST_BTC-1m.json', step: 1, count: 13_681, first: Date.UTC(2017, 10, 4, 23, 2), last: Date.UTC(2017, 10, 14, 22, 59), gaps: 538, missing: 717 },
  { file: 'UNITTEST_BTC-30m.json', step: 30, count: 1_920, first: Date.UTC(2017, 11, 3, 13, 0), last: Date.UTC(2018, 0, 12, 12, 30), gaps: 0, missing: 0 },
  { file: 'XRP_ETH-1m.json', step: 1, count: 3_560, first: Date.UTC(2019, 9, 11, 0, 0), last: Date.UTC(2019, 9, 13, 11, 19), gaps: 0, missing: 0 },
  { file: 'XRP_ETH-5m.json', step: 5, count: 712, first: Date.UTC(2019, 9, 11, 0, 0), last: Date.UTC(2019, 9, 13, 11, 15), gaps: 0, missing: 0 },
];

function gapsOf(candles: readonly Candle[], stepMs: number): { gaps: number; missing: number } {
  let gaps = 0;
  let missing = 0;
  for (let i = 1; i < candles.length; i += 1) {
    const skipped = (candles[i]!.openTime - candles[i - 1]!.openTime) / stepMs - 1;
    if (skipped > 0) {
      gaps += 1;
      missing += skipped;
    }
  }
  return { gaps, missing };
}

describe('freqtrade JSON candles: the real test data', () => {
  it.each(FILES)('$file loads with the README counts, range and gaps', async ({ file, step, count, first, last, gaps, missing }) => {
    const candles = await loadFreqtradeCandles(`${DATA}/${file}`);
    expect(candles).toHaveLength(count);
    expect(candles[0]!.openTime).toBe(first);
    expect(candles.at(-1)!.openTime).toBe(last);
    expect(gapsOf(candles, step * 60_000)).toEqual({ gaps, missing });
  });

  it('keeps the values of each row', async () => {
    const candles = await loadFreqtradeCandles(`${DATA}/UNITTEST_BTC-1m.json`);
    expect(candles[0]).toEqual({ openTime: 1_509_836_520_000, open: 0.00162008, high: 0.00162008, low: 0.00162008, close: 0.00162008, volume: 108.14853839 });
    expect(candles[5]).toMatchObject({ openTime: 1_509_836_820_000, open: 0.00162, high: 0.00162, low: 0.00160345, close: 0.00160345 });
    expect(candles.filter((c) => c.high === c.low)).toHaveLength(1_935);
  });

  it('accepts zero volume and flat candles (XRP/ETH)', async () => {
    const oneMinute = await loadFreqtradeCandles(`${DATA}/XRP_ETH-1m.json`);
    expect(oneMinute.filter((c) => c.volume === 0)).toHaveLength(1_091);
    expect(oneMinute.filter((c) => c.high === c.low)).toHaveLength(2_054);
    expect((await loadFreqtradeCandles(`${DATA}/XRP_ETH-5m.json`)).filter((c) => c.volume === 0)).toHaveLength(6);
  });

  it('names the path of a file it cannot read', async () => {
    await expect(loadFreqtradeCandles(`${DATA}/NOPE-1m.json`)).rejects.toThrow(/NOPE-1m\.json: cannot read/);
  });
});

describe('freqtrade JSON candles: malformed input', () => {
  const ok = '[1000, 1, 2, 0.5, 1.5, 10]';
  const cases: [string, string, RegExp][] = [
    ['not JSON', '[[1000, 1, 2', /^bad\.json: not JSON/],
    ['not an array', '{"candles": []}', /^bad\.json: not an array/],
    ['a row that is not an array', `[${ok}, 5]`, /^bad\.json: row 2: expected an array of 6 numbers/],
    ['a row of 5 numbers', `[${ok}, [2000, 1, 2, 0.5, 1.5]]`, /^bad\.json: row 2: expected an array of 6 numbers/],
    ['a row of 7 numbers', `[[1000, 1, 2, 0.5, 1.5, 10, 0]]`, /^bad\.json: row 1: expected an array of 6 numbers/],
    ['a text in a row', `[[1000, "1", 2, 0.5, 1.5, 10]]`, /row 1: expected an array of 6 numbers/],
    ['a null in a row', `[[1000, 1, 2, 0.5, null, 10]]`, /row 1: expected an array of 6 numbers/],
    ['a non-finite number', `[${ok}, [2000, 1, 1e999, 0.5, 1.5, 10]]`, /^bad\.json: row 2: non-finite number/],
    ['a fractional timestamp', `[[1000.5, 1, 2, 0.5, 1.5, 10]]`, /row 1: timestamp 1000\.5 is not a whole number/],
    ['a zero price', `[${ok}, [2000, 0, 2, 0, 1.5, 10]]`, /^bad\.json: row 2: prices must be > 0/],
    ['a negative price', `[[1000, 1, 2, -0.5, 1.5, 10]]`, /row 1: prices must be > 0/],
    ['a negative volume', `[${ok}, ${ok.replace('1000', '2000').replace('10]', '-0.1]')}]`, /^bad\.json: row 2: negative volume -0\.1/],
    ['high below low', `[[1000, 1, 0.4, 0.5, 1, 10]]`, /row 1: high 0\.4 < low 0\.5/],
    ['high below the close', `[[1000, 1, 2, 0.5, 2.5, 10]]`, /row 1: high 2 < max\(open 1, close 2\.5\)/],
    ['low above the open', `[[1000, 0.4, 2, 0.5, 1.5, 10]]`, /row 1: low 0\.5 > min\(open 0\.4, close 1\.5\)/],
    ['a duplicate timestamp', `[${ok}, [2000, 1, 2, 0.5, 1.5, 10], [2000, 1, 2, 0.5, 1.5, 10]]`, /^bad\.json: row 3: duplicate timestamp: 2000 after 2000/],
    ['unsorted timestamps', `[[3000, 1, 2, 0.5, 1.5, 10], ${ok}]`, /^bad\.json: row 2: timestamps out of order: 1000 after 3000/],
  ];

  it.each(cases)('refuses %s, naming the file, row and reason', (_name, text, message) => {
    expect(() => parseFreqtradeCandles(text, 'bad.json')).toThrow(message);
  });

  it('parses a well-formed text, including an empty list', () => {
    expect(parseFreqtradeCandles(`[${ok}, [2000, 1.5, 1.5, 1.5, 1.5, 0]]`, 'good.json')).toEqual([
      { openTime: 1000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 },
      { openTime: 2000, open: 1.5, high: 1.5, low: 1.5, close: 1.5, volume: 0 },
    ]);
    expect(parseFreqtradeCandles('[]', 'empty.json')).toEqual([]);
  });
});
