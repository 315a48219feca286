import { ema, macd, rsi, sma } from '../../../src/indicators/index.js';
import { firstOutputIndex, reference, type Series } from './talib.js';

/** One indicator configuration over close prices, with its TA-Lib counterpart. */
export interface CloseCase {
  label: string;
  ours(values: ArrayLike<number>): Series;
  talib(values: ArrayLike<number>): Series;
  /** TA-Lib's lookback: the index of its first output. */
  warmUp: number;
}

function single(label: string, name: string, period: number, ours: (v: ArrayLike<number>, p: number) => Float64Array): CloseCase {
  const options = { optInTimePeriod: period };
  return {
    label,
    ours: (values) => ({ value: ours(values, period) }),
    talib: (values) => ({ value: reference(name, { inReal: values }, options).Real! }),
    warmUp: firstOutputIndex(name, ['inReal'], options),
  };
}

function macdCase(fast: number, slow: number, signal: number): CloseCase {
  const options = { optInFastPeriod: fast, optInSlowPeriod: slow, optInSignalPeriod: signal };
  return {
    label: `MACD(${fast},${slow},${signal})`,
    ours: (values) => ({ ...macd(values, fast, slow, signal) }),
    talib: (values) => {
      const out = reference('MACD', { inReal: values }, options);
      return { macd: out.MACD!, signal: out.MACDSignal!, histogram: out.MACDHist! };
    },
    warmUp: firstOutputIndex('MACD', ['inReal'], options),
  };
}

export const closeCases: CloseCase[] = [
  ...[2, 5, 20, 50].map((p) => single(`SMA(${p})`, 'SMA', p, sma)),
  ...[2, 9, 20, 50].map((p) => single(`EMA(${p})`, 'EMA', p, ema)),
  ...[2, 6, 14, 30].map((p) => single(`RSI(${p})`, 'RSI', p, rsi)),
  macdCase(12, 26, 9),
  macdCase(5, 35, 5),
  macdCase(3, 10, 16),
  macdCase(2, 3, 2),
];
