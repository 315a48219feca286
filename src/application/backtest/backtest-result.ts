import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Balances } from '../../domain/ports/exchange.port.js';
import type { Timeframe } from '../../domain/shared/candle.js';
import type { Decimal } from '../../domain/shared/decimal.js';

/** Account value in the quote currency after a tick: quote balance + base balances at the close. */
export interface EquityPoint {
  /** Close time of the tick, UTC ms. */
  readonly time: number;
  readonly equity: number;
}

/**
 * The equity curve as two parallel columns, one point per tick: no object per point, so a
 * million-tick curve is two typed arrays the garbage collector never walks. A report that
 * wants points builds them from the columns.
 */
export interface EquityCurve {
  readonly length: number;
  /** Close time of each tick, UTC ms. */
  readonly times: Float64Array;
  /** The account value after each tick. */
  readonly equities: Float64Array;
}

/** A curve of the given points (tests and small curves). */
export function equityCurveOf(points: readonly EquityPoint[]): EquityCurve {
  return { length: points.length, times: Float64Array.from(points, (p) => p.time), equities: Float64Array.from(points, (p) => p.equity) };
}

/** Everything a backtest produced; reports and metrics are computed from this alone. */
export interface BacktestResult {
  readonly pairs: readonly string[];
  readonly timeframe: Timeframe;
  /** Open time of the first replayed candle and close time of the last, UTC ms. */
  readonly startTime: number;
  readonly endTime: number;
  /** The quote currency all pairs share; PnL and equity are in it. */
  readonly quote: string;
  readonly startingBalances: Balances;
  readonly finalBalances: Balances;
  readonly startingEquity: Decimal;
  /** Each pair's last close (a pair with no candle replayed is absent): what working deals and held assets are valued at. */
  readonly lastCloses: Readonly<Record<string, Decimal>>;
  /** Every deal, oldest first, with its orders and fills. */
  readonly deals: readonly Deal[];
  /** One point per tick. */
  readonly equity: EquityCurve;
  readonly candlesProcessed: number;
  /** The bots the pairs trade for, in the order of the pairs; absent or one (`default`) without `bots:`. */
  readonly bots?: readonly BotOfRun[];
}

/** A bot of a run: its pairs and its quote budget (null: the account's balance only). */
export interface BotOfRun {
  readonly name: string;
  readonly symbols: readonly string[];
  readonly budget: Readonly<Record<string, Decimal>> | null;
}
