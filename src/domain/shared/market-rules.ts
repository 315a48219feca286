import type { Decimal } from './decimal.js';

/** What an exchange allows on one market: precision as step sizes, minimum size, fees. */
export interface MarketRules {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly amountStep: Decimal;
  readonly priceStep: Decimal;
  readonly minAmount: Decimal;
  readonly minCost: Decimal;
  readonly makerFee: Decimal;
  readonly takerFee: Decimal;
  /**
   * The currency this account pays the market's fees in when it chose one (Binance's "pay fees
   * with BNB": BNB); absent when fees come out of the quote or the received currency. Where it
   * is the market's base, a sell's fee is charged in the coin being sold, from the account's
   * balance beside the order: sells leave room for it in the deal (see sellableAmount).
   */
  readonly feeCurrency?: string;
}
