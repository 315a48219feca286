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
}
