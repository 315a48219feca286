import type { Candle } from '../../domain/shared/candle.js';
import { candleProblem, CandleDataError } from './candle-rules.js';

const TIME_COLUMNS = ['timestamp', 'date', 'time', 'open_time'];
const VALUE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?))?(Z|[+-]\d{2}:?\d{2})?$/i;
/** Numeric times below this are seconds (up to the year 5138), at or above it milliseconds (from 1973). */
const MILLISECONDS_FROM = 1e11;

/** Candles and, for each, its 1-based line in the file. */
export interface CsvCandles {
  readonly candles: Candle[];
  readonly lines: number[];
}

const lineError = (source: string, line: number, reason: string): CandleDataError => new CandleDataError(`${source}: line ${line}: ${reason}`);

/**
 * OHLCV candles from CSV with a header naming the columns (any order, any case, extra columns
 * ignored): a time column (`timestamp`, `date`, `time` or `open_time`: milliseconds, seconds or
 * an ISO date, UTC when no zone is given) and open, high, low, close, volume. Comma, semicolon
 * or tab separated. The same row rules as the freqtrade JSON parser; any problem throws a
 * CandleDataError naming `source`, the line and the reason. Blank lines are skipped.
 */
export function parseCsvCandles(text: string, source: string): CsvCandles {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = rows.findIndex((row) => row.trim() !== '');
  if (headerIndex < 0) throw new CandleDataError(`${source}: empty file`);
  const headerRow = rows[headerIndex] as string;
  const separator = [',', ';', '\t'].find((s) => headerRow.includes(s)) ?? ',';
  const header = splitRow(headerRow, separator).map((name) => name.toLowerCase());
  const timeName = TIME_COLUMNS.find((name) => header.includes(name));
  const missing = [timeName === undefined ? TIME_COLUMNS.slice(0, 3).join('|') : null, ...VALUE_COLUMNS.filter((name) => !header.includes(name))].filter((m) => m !== null);
  if (missing.length > 0) throw lineError(source, headerIndex + 1, `the header lacks ${missing.join(', ')} (header: ${headerRow.trim()})`);
  const timeAt = header.indexOf(timeName as string);
  const valueAt = VALUE_COLUMNS.map((name) => header.indexOf(name));
  const candles: Candle[] = [];
  const lines: number[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (let r = headerIndex + 1; r < rows.length; r += 1) {
    const row = rows[r] as string;
    if (row.trim() === '') continue;
    const line = r + 1;
    const cells = splitRow(row, separator);
    const cell = (at: number, name: string): string => {
      const value = cells[at];
      if (value === undefined || value === '') throw lineError(source, line, `missing column ${name}`);
      return value;
    };
    const openTime = parseTime(cell(timeAt, timeName as string), (reason) => lineError(source, line, reason));
    const [open, high, low, close, volume] = VALUE_COLUMNS.map((name, k) => {
      const value = cell(valueAt[k] as number, name);
      if (!NUMBER.test(value)) throw lineError(source, line, `${name} "${value}" is not a number`);
      return Number(value);
    }) as [number, number, number, number, number];
    const candle = { openTime, open, high, low, close, volume };
    const problem = candleProblem(candle, previous);
    if (problem !== null) throw lineError(source, line, problem);
    previous = openTime;
    candles.push(candle);
    lines.push(line);
  }
  return { candles, lines };
}

function splitRow(row: string, separator: string): string[] {
  return row.split(separator).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim());
}

function parseTime(value: string, fail: (reason: string) => Error): number {
  if (NUMBER.test(value)) {
    const n = Number(value);
    const ms = n >= MILLISECONDS_FROM ? n : Math.round(n * 1000);
    if (!Number.isSafeInteger(ms) || ms < 0) throw fail(`timestamp ${value} is not a whole number of milliseconds`);
    return ms;
  }
  const iso = ISO.exec(value);
  if (iso) {
    const [, day, time = '00:00', zone = 'Z'] = iso as unknown as [string, string, string | undefined, string | undefined];
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const calendarDay = new Date(Date.UTC(y, m - 1, d));
    const ms = Date.parse(`${day}T${time}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone.toUpperCase()}`);
    if (Number.isFinite(ms) && calendarDay.getUTCMonth() === m - 1 && calendarDay.getUTCDate() === d) return ms;
  }
  throw fail(`timestamp "${value}" is not milliseconds, seconds or an ISO date`);
}
