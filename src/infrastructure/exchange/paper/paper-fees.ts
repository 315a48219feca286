import type { OrderSide } from '../../../domain/order/order.types.js';
import { dec, ONE, roundUpToStep, ZERO, type Decimal, type DecimalInput } from '../../../domain/shared/decimal.js';
import type { MarketRules } from '../../../domain/shared/market-rules.js';
import type { BalanceLedger } from './balance.ledger.js';

/**
 * Which currency a paper fill's fee is charged in, as real exchanges do it:
 * - `quote`: always the quote currency (the simplest model; backtests by default);
 * - `received`: the currency the trade brings in (Binance's default: a buy pays its fee in
 *   the base asset it buys, so the account holds less than the order's amount);
 * - `{ currency: 'BNB', discount }`: a third currency at its price in the quote (the
 *   `BNB/<quote>` market's last close), less the discount (Binance: 25 %); when the account
 *   lacks it, or no price is known, the fee falls back to the received currency, as on Binance.
 */
export type PaperFeeMode = 'quote' | 'received' | { readonly currency: string; readonly discount?: DecimalInput };

/** A fee as charged: what it takes from which currency, and its quote value where known. */
export interface ChargedFee {
  readonly amount: Decimal;
  readonly currency: string;
  /** Taken from the quote currency. */
  readonly fromQuote: Decimal;
  /** Taken from the base currency (out of what a buy brings). */
  readonly fromBase: Decimal;
  /** A third currency's fee valued in quote; null otherwise. */
  readonly quoteValue: Decimal | null;
}

/** Third-currency fees are kept to 8 decimals (an asset's precision on Binance), rounded up. */
const OTHER_FEE_STEP = dec('0.00000001');

export class PaperFees {
  readonly #mode: PaperFeeMode;
  readonly #discount: Decimal;

  constructor(
    mode: PaperFeeMode,
    private readonly ledger: BalanceLedger,
    private readonly lastClose: (symbol: string) => number,
  ) {
    this.#mode = mode;
    this.#discount = typeof mode === 'object' ? dec(mode.discount ?? 0) : ZERO;
    if (this.#discount.lt(0) || this.#discount.gte(1)) throw new RangeError(`paper fee discount must be in [0, 1), got ${this.#discount.toString()}`);
  }

  /** The fee of a trade worth `cost` (quote) for `amount` (base) at `rate`; a third currency's is taken from the ledger here. */
  charge(side: OrderSide, market: MarketRules, cost: Decimal, amount: Decimal, rate: Decimal): ChargedFee {
    const mode = this.#mode;
    if (typeof mode === 'object') {
      const other = this.#chargeOther(mode.currency, market, cost.times(rate).times(ONE.minus(this.#discount)));
      if (other !== null) return other;
    }
    if (mode === 'quote' || side === 'sell') {
      const fee = cost.times(rate);
      return { amount: fee, currency: market.quote, fromQuote: fee, fromBase: ZERO, quoteValue: null };
    }
    const fee = amount.times(rate);
    return { amount: fee, currency: market.base, fromQuote: ZERO, fromBase: fee, quoteValue: null };
  }

  #chargeOther(currency: string, market: MarketRules, quoteFee: Decimal): ChargedFee | null {
    const price = this.lastClose(`${currency}/${market.quote}`);
    if (!(price > 0)) return null;
    const fee = roundUpToStep(quoteFee.div(dec(price)), OTHER_FEE_STEP);
    if (this.ledger.tryReserve(currency, fee) !== null) return null;
    this.ledger.settle(currency, fee, fee);
    return { amount: fee, currency, fromQuote: ZERO, fromBase: ZERO, quoteValue: fee.times(dec(price)) };
  }
}
