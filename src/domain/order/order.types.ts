import type { Decimal } from '../shared/decimal.js';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';

/** One trade against an order; applied once per tradeId. Fees are in the quote currency. */
export interface Fill {
  readonly tradeId: string;
  readonly price: Decimal;
  readonly amount: Decimal;
  readonly fee: Decimal;
  readonly timestamp: number;
}
