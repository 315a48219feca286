import type { Deal } from '../../domain/deal/deal.entity.js';
import { ZERO, type Decimal } from '../../domain/shared/decimal.js';

/** Counts and money of a set of deals; the one definition the run summary and backtest metrics share. */
export interface DealTally {
  /** Every deal opened. */
  readonly deals: number;
  /** Closed deals (the trades). */
  readonly trades: number;
  /** Closed deals with PnL > 0; the other closed deals are losses. */
  readonly wins: number;
  readonly losses: number;
  readonly cancelled: number;
  /** Deals still pending, open or closing. */
  readonly working: number;
  /** Realised PnL of the closed deals, exact, in the quote currency. */
  readonly pnl: Decimal;
  /** Fees of every order of every deal, exact, in the quote currency. */
  readonly fees: Decimal;
}

export function tallyDeals(deals: readonly Deal[]): DealTally {
  const closed = deals.filter((d) => d.status === 'closed');
  const wins = closed.filter((d) => (d.pnl ?? ZERO).gt(0)).length;
  return {
    deals: deals.length,
    trades: closed.length,
    wins,
    losses: closed.length - wins,
    cancelled: deals.filter((d) => d.status === 'cancelled').length,
    working: deals.filter((d) => !d.isFinal).length,
    pnl: closed.reduce((sum, d) => sum.plus(d.pnl ?? ZERO), ZERO),
    fees: deals.reduce((sum, d) => sum.plus(d.fees), ZERO),
  };
}
