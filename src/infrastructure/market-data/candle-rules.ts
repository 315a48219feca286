import { DomainError } from '../../domain/shared/domain-error.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../domain/shared/candle.js';

/**
 * Candle data that must not be stored or replayed: a malformed file, an unknown pair or
 * timeframe, an empty date range. A DomainError so the CLI prints it as one line.
 */
export class CandleDataError extends DomainError {
  override readonly name = 'CandleDataError';
  constructor(message: string) {
    super(message, 'CANDLE_DATA');
  }
}

/**
 * Why a candle cannot follow a candle opening at `previousOpenTime`, or null when it can; the
 * one set of rules every importer applies. With a timeframe, the open time must also sit on
 * its UTC grid (a 5m candle opens at :00, :05, ...).
 */
export function candleProblem(candle: Candle, previousOpenTime: number, timeframe?: Timeframe): string | null {
  const { openTime, open, high, low, close, volume } = candle;
  const values = [openTime, open, high, low, close, volume];
  if (!values.every(Number.isFinite)) return `non-finite number in [${values.join(', ')}]`;
  if (!Number.isSafeInteger(openTime)) return `timestamp ${openTime} is not a whole number of milliseconds`;
  if (open <= 0 || high <= 0 || low <= 0 || close <= 0) return `prices must be > 0, got open ${open}, high ${high}, low ${low}, close ${close}`;
  if (volume < 0) return `negative volume ${volume}`;
  if (high < low) return `high ${high} < low ${low}`;
  if (high < Math.max(open, close)) return `high ${high} < max(open ${open}, close ${close})`;
  if (low > Math.min(open, close)) return `low ${low} > min(open ${open}, close ${close})`;
  if (openTime <= previousOpenTime) {
    return `${openTime === previousOpenTime ? 'duplicate timestamp' : 'timestamps out of order'}: ${openTime} after ${previousOpenTime}`;
  }
  if (timeframe !== undefined && openTime % TIMEFRAME_MS[timeframe] !== 0) return `open time ${new Date(openTime).toISOString()} is not on the ${timeframe} grid`;
  return null;
}

/** Throws a CandleDataError naming `source` and the place (`locate(index)`) of the first bad candle. */
export function checkCandles(candles: readonly Candle[], source: string, locate: (index: number) => string, timeframe?: Timeframe): void {
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < candles.length; i += 1) {
    const candle = candles[i] as Candle;
    const problem = candleProblem(candle, previous, timeframe);
    if (problem !== null) throw new CandleDataError(`${source}: ${locate(i)}: ${problem}`);
    previous = candle.openTime;
  }
}
