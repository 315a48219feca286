import { atr, bollinger, ema, macd, rsi, sma, stochastic } from '../../../src/indicators/index.js';
import { unitScale, type IndicatorCase } from './indicator-case.js';
import { firstOutputIndex, reference, type Series } from './talib.js';

function single(name: string, period: number, ours: (v: ArrayLike<number>, p: number) => Float64Array): IndicatorCase {
  const options = { optInTimePeriod: period };
  return {
    label: `${name}(${period})`,
    ours: ({ close }) => ({ value: ours(close, period) }),
    talib: ({ close }) => ({ value: reference(name, { inReal: close }, options).Real! }),
    warmUp: firstOutputIndex(name, ['inReal'], options),
  };
}

function macdCase(fast: number, slow: number, signal: number): IndicatorCase {
  const options = { optInFastPeriod: fast, optInSlowPeriod: slow, optInSignalPeriod: signal };
  return {
    label: `MACD(${fast},${slow},${signal})`,
    ours: ({ close }) => ({ ...macd(close, fast, slow, signal) }),
    talib: ({ close }) => {
      const out = reference('MACD', { inReal: close }, options);
      return { macd: out.MACD!, signal: out.MACDSignal!, histogram: out.MACDHist! };
    },
    warmUp: firstOutputIndex('MACD', ['inReal'], options),
  };
}

/**
 * Compared with TA-Lib run on the prices scaled by a power of ten into [1, 10)
 * and divided back: TA-Lib's absolute variance cut-off must not be copied.
 */
function bollingerCase(period: number, stdDev: number): IndicatorCase {
  const options = { optInTimePeriod: period, optInNbDevUp: stdDev, optInNbDevDn: stdDev, optInMAType: 0 };
  return {
    label: `BBANDS(${period},${stdDev})`,
    ours: ({ close }) => ({ ...bollinger(close, period, stdDev) }),
    talib: ({ close }) => {
      const scale = unitScale(close);
      const out = reference('BBANDS', { inReal: Array.from(close, (v) => v * scale) }, options);
      const back = (series: Float64Array) => series.map((v) => v / scale);
      return { upper: back(out.RealUpperBand!), middle: back(out.RealMiddleBand!), lower: back(out.RealLowerBand!) };
    },
    warmUp: firstOutputIndex('BBANDS', ['inReal'], options),
  };
}

function atrCase(period: number): IndicatorCase {
  const options = { optInTimePeriod: period };
  return {
    label: `ATR(${period})`,
    ours: ({ high, low, close }) => ({ value: atr(high, low, close, period) }),
    talib: ({ high, low, close }) => ({ value: reference('ATR', { high, low, close }, options).Real! }),
    warmUp: firstOutputIndex('ATR', ['high', 'low', 'close'], options),
  };
}

function stochasticCase(kPeriod: number, kSmooth: number, dPeriod: number): IndicatorCase {
  const options = { optInFastK_Period: kPeriod, optInSlowK_Period: kSmooth, optInSlowK_MAType: 0, optInSlowD_Period: dPeriod, optInSlowD_MAType: 0 };
  return {
    label: `STOCH(${kPeriod},${kSmooth},${dPeriod})`,
    ours: ({ high, low, close }) => ({ ...stochastic(high, low, close, kPeriod, kSmooth, dPeriod) }),
    talib: ({ high, low, close }): Series => {
      const out = reference('STOCH', { high, low, close }, options);
      return { k: out.SlowK!, d: out.SlowD! };
    },
    warmUp: firstOutputIndex('STOCH', ['high', 'low', 'close'], options),
  };
}

export const allCases: IndicatorCase[] = [
  ...[2, 5, 20, 50].map((p) => single('SMA', p, sma)),
  ...[2, 9, 20, 50].map((p) => single('EMA', p, ema)),
  ...[2, 6, 14, 30].map((p) => single('RSI', p, rsi)),
  macdCase(12, 26, 9),
  macdCase(5, 35, 5),
  macdCase(3, 10, 16),
  macdCase(2, 3, 2),
  bollingerCase(20, 2),
  bollingerCase(5, 1),
  bollingerCase(50, 2.5),
  atrCase(14),
  atrCase(5),
  atrCase(1),
  stochasticCase(14, 3, 3),
  stochasticCase(5, 3, 3),
  stochasticCase(9, 1, 1),
  stochasticCase(3, 5, 4),
];
