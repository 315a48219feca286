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
  readonly equity: readonly EquityPoint[];
  readonly candlesProcessed: number;
}
