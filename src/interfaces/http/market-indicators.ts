import type { Candle } from '../../domain/shared/candle.js';
import { macd, rsi } from '../../indicators/index.js';
import type { IndicatorSettings } from './api-deps.js';

export interface IndicatorSeries {
  readonly rsi: [number, number][];
  readonly macd: [number, number, number, number][];
}

export interface LastIndicators {
  readonly rsi: number | null;
  readonly macd: number | null;
  readonly signal: number | null;
  readonly histogram: number | null;
}

const finite = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v);

/** RSI and MACD over the candles' closes, as [time, values...] points; warm-up positions left out. */
export function indicatorSeries(candles: readonly Candle[], settings: IndicatorSettings): IndicatorSeries {
  const closes = candles.map((c) => c.close);
  const r = rsi(closes, settings.rsiPeriod);
  const m = macd(closes, settings.macdFast, settings.macdSlow, settings.macdSignal);
  const rsiPoints: [number, number][] = [];
  const macdPoints: [number, number, number, number][] = [];
  candles.forEach((c, i) => {
    if (Number.isFinite(r[i])) rsiPoints.push([c.openTime, r[i]!]);
    if (Number.isFinite(m.histogram[i])) macdPoints.push([c.openTime, m.macd[i]!, m.signal[i]!, m.histogram[i]!]);
  });
  return { rsi: rsiPoints, macd: macdPoints };
}

/** The indicators at the last candle; null where they are still warming up. */
export function lastIndicators(candles: readonly Candle[], settings: IndicatorSettings): LastIndicators {
  if (candles.length === 0) return { rsi: null, macd: null, signal: null, histogram: null };
  const closes = candles.map((c) => c.close);
  const r = rsi(closes, settings.rsiPeriod);
  const m = macd(closes, settings.macdFast, settings.macdSlow, settings.macdSignal);
  const i = closes.length - 1;
  return { rsi: finite(r[i]), macd: finite(m.macd[i]), signal: finite(m.signal[i]), histogram: finite(m.histogram[i]) };
}
