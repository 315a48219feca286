import type { Decimal } from '../shared/decimal.js';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';

/** One trade against an order; applied once per tradeId. */
export interface Fill {
  readonly tradeId: string;
  readonly price: Decimal;
  readonly amount: Decimal;
  /** The fee as the exchange charged it, in `feeCurrency`. */
  readonly fee: Decimal;
  /** The currency the fee was paid in; absent means the pair's quote currency. */
  readonly feeCurrency?: string;
  /** A fee in a third currency (e.g. BNB) valued in the quote currency at the trade's time; absent or null where no price was known. */
  readonly feeQuote?: Decimal | null;
  readonly timestamp: number;
}
