import { returnedByDivision, sign, ZERO, type Decimal } from '../shared/decimal.js';
import type { Fill } from './order.types.js';

/** Currencies of fees that no price was known for, by currency. */
export type FeeAmounts = Readonly<Record<string, Decimal>>;

/** Sums over an order's fills, worked out once per change of its fills. */
export interface OrderTotals {
  readonly fills: readonly Fill[];
  readonly filled: Decimal;
  /** Quote value traded: sum of price x amount. */
  readonly cost: Decimal;
  /** Every fee valued in quote where a value is known: quote fees, base fees at the fill price, converted third-currency fees. */
  readonly fee: Decimal;
  /** Fees that cost quote value outside the traded amounts: quote fees and converted third-currency fees. */
  readonly paidFee: Decimal;
  /** Fees paid in the base currency: they reduce what the account holds of it. */
  readonly baseFee: Decimal;
  /** Third-currency fees with no known quote value. */
  readonly unconvertedFees: FeeAmounts;
  /** Worked out on first use: undefined until then. */
  average: Decimal | null | undefined;
}

export const NO_FEES: FeeAmounts = Object.freeze({});

export function emptyTotals(fills: readonly Fill[]): OrderTotals {
  return { fills, filled: ZERO, cost: ZERO, fee: ZERO, paidFee: ZERO, baseFee: ZERO, unconvertedFees: NO_FEES, average: undefined };
}

/** The totals with one more fill (the same additions, in the same order, as summing them all). */
export function plusFill(t: OrderTotals, fill: Fill, fills: readonly Fill[], symbol: string): OrderTotals {
  const kind = feeKind(fill, symbol);
  let { fee, paidFee, baseFee, unconvertedFees } = t;
  if (kind === 'quote') {
    fee = fee.plus(fill.fee);
    paidFee = paidFee.plus(fill.fee);
  } else if (kind === 'base') {
    fee = fee.plus(fill.fee.times(fill.price));
    baseFee = baseFee.plus(fill.fee);
  } else if (fill.feeQuote !== undefined && fill.feeQuote !== null) {
    fee = fee.plus(fill.feeQuote);
    paidFee = paidFee.plus(fill.feeQuote);
  } else {
    unconvertedFees = addFee(unconvertedFees, fill.feeCurrency as string, fill.fee);
  }
  return { fills, filled: t.filled.plus(fill.amount), cost: t.cost.plus(fill.price.times(fill.amount)), fee, paidFee, baseFee, unconvertedFees, average: undefined };
}

export function totalsOf(fills: readonly Fill[], symbol: string): OrderTotals {
  let totals = emptyTotals(fills);
  for (const fill of fills) totals = plusFill(totals, fill, fills, symbol);
  return totals;
}

/** The quote currency of a `BASE/QUOTE` symbol: the one a fill's fee is in when it names none. */
export function quoteOf(symbol: string): string {
  return symbol.slice(symbol.indexOf('/') + 1);
}

/** Whether a fill's fee was paid in the pair's quote, its base, or another currency. */
export function feeKind(fill: Pick<Fill, 'fee' | 'feeCurrency'>, symbol: string): 'quote' | 'base' | 'other' {
  const currency = fill.feeCurrency;
  if (currency === undefined || sign(fill.fee) === 0 || currency === quoteOf(symbol)) return 'quote';
  return currency === symbol.slice(0, symbol.indexOf('/')) ? 'base' : 'other';
}

export function addFee(fees: FeeAmounts, currency: string, amount: Decimal): FeeAmounts {
  return Object.freeze({ ...fees, [currency]: (fees[currency] ?? ZERO).plus(amount) });
}

/** The sum of two sets of per-currency fees. */
export function addFees(a: FeeAmounts, b: FeeAmounts): FeeAmounts {
  let sum = a;
  for (const [currency, amount] of Object.entries(b)) sum = addFee(sum, currency, amount);
  return sum;
}

/**
 * cost / filled. One fill (the usual case) of price p and amount a makes it (p x a) / a = p
 * exactly, which the division returns unchanged when p has at most DP decimals: then it is p.
 */
export function averageOf({ fills, filled, cost }: OrderTotals): Decimal | null {
  if (sign(filled) <= 0) return null;
  const only = fills.length === 1 ? (fills[0] as Fill) : null;
  return only !== null && returnedByDivision(only.price) ? only.price : cost.div(filled);
}
