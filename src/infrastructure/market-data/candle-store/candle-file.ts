import { open } from 'node:fs/promises';
import { endianness } from 'node:os';
import type { Timeframe } from '../../../domain/shared/candle.js';
import { CandleDataError } from '../candle-rules.js';
import { COLUMN_NAMES, type CandleColumns } from './candle-columns.js';

/**
 * One stored series, in one file:
 *   bytes 0-7    magic `DLBCNDL1`
 *   bytes 8-11   length H of the JSON header, uint32 little-endian
 *   bytes 12-15  zero
 *   16 .. 16+H   the header (SeriesHeader as JSON, space-padded to a multiple of 8 bytes)
 *   then         six float64 little-endian columns of `count` values each, in COLUMN_NAMES order
 * The header carries the figures `data list` shows, so listing reads no columns.
 */
export interface SeriesHeader {
  readonly version: 1;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly count: number;
  readonly first: number;
  readonly last: number;
  readonly gaps: number;
  readonly missingBars: number;
}

const MAGIC = 'DLBCNDL1';
const PREFIX = 16;
const LITTLE_ENDIAN = endianness() === 'LE';

export function encodeSeries(header: SeriesHeader, columns: CandleColumns): Buffer {
  const json = JSON.stringify(header);
  const headerLength = Math.ceil(Buffer.byteLength(json) / 8) * 8;
  const bodyStart = PREFIX + headerLength;
  const buffer = Buffer.alloc(bodyStart + 8 * COLUMN_NAMES.length * columns.length);
  buffer.write(MAGIC, 0, 'latin1');
  buffer.writeUInt32LE(headerLength, 8);
  buffer.fill(' ', PREFIX, bodyStart).write(json, PREFIX, 'utf8');
  COLUMN_NAMES.forEach((name, k) => {
    const column = columns[name];
    const at = bodyStart + k * 8 * columns.length;
    if (LITTLE_ENDIAN) buffer.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), at);
    else column.forEach((value, i) => buffer.writeDoubleLE(value, at + 8 * i));
  });
  return buffer;
}

/** The length of the JSON header, from the fixed prefix. */
function headerLengthOf(prefix: Buffer, path: string): number {
  if (prefix.length < PREFIX || prefix.toString('latin1', 0, 8) !== MAGIC) throw new CandleDataError(`${path}: not a dealbot candle file`);
  return prefix.readUInt32LE(8);
}

function parseHeader(bytes: Buffer, path: string): SeriesHeader {
  try {
    const header = JSON.parse(bytes.toString('utf8')) as SeriesHeader;
    if (header.version !== 1) throw new Error(`version ${String(header.version)} is not supported`);
    return header;
  } catch (error) {
    throw new CandleDataError(`${path}: unreadable header (${(error as Error).message})`);
  }
}

export function decodeSeries(buffer: Buffer, path: string): { header: SeriesHeader; columns: CandleColumns } {
  const headerLength = headerLengthOf(buffer.subarray(0, PREFIX), path);
  const header = parseHeader(buffer.subarray(PREFIX, PREFIX + headerLength), path);
  const bodyStart = PREFIX + headerLength;
  const count = header.count;
  if (buffer.length !== bodyStart + 8 * COLUMN_NAMES.length * count) throw new CandleDataError(`${path}: truncated or corrupt (${buffer.length} bytes for ${count} candles)`);
  const aligned = LITTLE_ENDIAN && (buffer.byteOffset + bodyStart) % 8 === 0;
  const column = (k: number): Float64Array => {
    const at = bodyStart + k * 8 * count;
    if (aligned) return new Float64Array(buffer.buffer, buffer.byteOffset + at, count);
    const values = new Float64Array(count);
    for (let i = 0; i < count; i += 1) values[i] = buffer.readDoubleLE(at + 8 * i);
    return values;
  };
  return { header, columns: { length: count, openTime: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) } };
}

/** Only the header: what `list()` needs, without reading the columns. */
export async function readSeriesHeader(path: string): Promise<SeriesHeader> {
  const file = await open(path, 'r');
  try {
    const prefix = Buffer.alloc(PREFIX);
    const { bytesRead } = await file.read(prefix, 0, PREFIX, 0);
    const headerLength = headerLengthOf(prefix.subarray(0, bytesRead), path);
    const headerBytes = Buffer.alloc(headerLength);
    await file.read(headerBytes, 0, headerLength, PREFIX);
    return parseHeader(headerBytes, path);
  } finally {
    await file.close();
  }
}
