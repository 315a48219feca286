import { describe, expect, it } from 'vitest';
import { isTimeframe, TIMEFRAME_MS } from '../../../src/domain/shared/candle.js';

describe('timeframes', () => {
  it('are the eight candle sizes of the README, in milliseconds', () => {
    expect(TIMEFRAME_MS).toEqual({ '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 });
  });

  it('isTimeframe knows exactly those, not inherited names', () => {
    for (const tf of Object.keys(TIMEFRAME_MS)) expect(isTimeframe(tf), tf).toBe(true);
    for (const tf of ['2m', '1M', '1w', '', 'toString', 'constructor', '__proto__']) expect(isTimeframe(tf), tf).toBe(false);
  });
});
