import { Macd, Rsi } from '../src/indicators/index.js';
import { measureInterleaved, syntheticCloses } from './measure.js';
import type { BenchResult } from './result.js';

const CANDLES = 1_000_000;

/** Final RSI, MACD, signal and histogram. */
type Final = [number, number, number, number];

function streaming(closes: Float64Array): Final {
  const rsi = new Rsi(14);
  const macd = new Macd(12, 26, 9);
  for (let i = 0; i < closes.length; i++) {
    const close = closes[i]!;
    rsi.update(close);
    macd.update(close);
  }
  return [rsi.value, macd.macd, macd.signal, macd.histogram];
}

/**
 * The same RSI(14) and MACD(12,26,9) arithmetic written inline: the first 34
 * candles seed the averages (TA-Lib's seeding), then one tight loop.
 */
function handWritten(closes: Float64Array): Final {
  let previous = closes[0]!, gain = 0, loss = 0;
  for (let i = 1; i <= 14; i++) {
    const change = closes[i]! - previous;
    previous = closes[i]!;
    if (change < 0) loss -= change;
    else gain += change;
  }
  loss /= 14;
  gain /= 14;
  for (let i = 15; i < 34; i++) {
    const change = closes[i]! - previous;
    previous = closes[i]!;
    loss *= 13;
    gain *= 13;
    if (change < 0) loss -= change;
    else gain += change;
    loss /= 14;
    gain /= 14;
  }
  const kFast = 2 / 13, kSlow = 2 / 27, kSignal = 2 / 10;
  let slowSum = 0, fastSum = 0;
  for (let i = 0; i < 26; i++) slowSum += closes[i]!;
  for (let i = 14; i < 26; i++) fastSum += closes[i]!;
  let slow = slowSum / 26, fast = fastSum / 12;
  let signalSum = fast - slow;
  for (let i = 26; i < 34; i++) {
    slow = (closes[i]! - slow) * kSlow + slow;
    fast = (closes[i]! - fast) * kFast + fast;
    signalSum += fast - slow;
  }
  let line = fast - slow, signal = signalSum / 9, histogram = line - signal, rsi = NaN;
  for (let i = 34; i < closes.length; i++) {
    const close = closes[i]!;
    const change = close - previous;
    previous = close;
    loss *= 13;
    gain *= 13;
    if (change < 0) loss -= change;
    else gain += change;
    loss /= 14;
    gain /= 14;
    const total = gain + loss;
    rsi = total !== 0 ? 100 * (gain / total) : 0;
    slow = (close - slow) * kSlow + slow;
    fast = (close - fast) * kFast + fast;
    line = fast - slow;
    signal = (line - signal) * kSignal + signal;
    histogram = line - signal;
  }
  return [rsi, line, signal, histogram];
}

export default async function indicatorsBench(): Promise<BenchResult[]> {
  const closes = syntheticCloses(CANDLES);
  const a = streaming(closes);
  const b = handWritten(closes);
  if (!a.every((value, k) => Object.is(value, b[k])) || a.some(Number.isNaN)) {
    throw new Error(`streaming ${a.join()} != hand-written ${b.join()}`);
  }
  const [timedStreaming, timedHand] = measureInterleaved([() => streaming(closes), () => handWritten(closes)]);
  const perSecond = (ms: number) => CANDLES / (ms / 1000);
  const streamingRate = perSecond(timedStreaming!.median);
  const handRate = perSecond(timedHand!.median);
  const runs = `median of ${timedStreaming!.runs} runs over ${CANDLES.toLocaleString('en-US')} candles`;
  return [
    {
      suite: 'indicators',
      name: 'streaming Rsi(14) + Macd(12,26,9) update',
      value: streamingRate,
      unit: 'candles/s',
      reference: { name: 'hand-written loop', value: handRate },
      ratio: streamingRate / handRate,
      note: `${runs}; best ${Math.round(perSecond(timedStreaming!.best)).toLocaleString('en-US')}/s; target ratio >= 0.5`,
    },
    {
      suite: 'indicators',
      name: 'hand-written RSI(14) + MACD(12,26,9) loop',
      value: handRate,
      unit: 'candles/s',
      note: `${runs}; best ${Math.round(perSecond(timedHand!.best)).toLocaleString('en-US')}/s`,
    },
  ];
}
