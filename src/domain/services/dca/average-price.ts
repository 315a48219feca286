import { ONE, roundUpToStep, sign, sumDecimals, type Decimal } from '../../shared/decimal.js';
import type { DcaStopLoss } from '../../currency-pair/dca-settings.js';
import { stopLossPrice } from '../exits/stop-loss.rule.js';

/** One buy fill of a deal: the base order's or a safety order's. */
export interface BuyFill {
  readonly price: Decimal;
  readonly amount: Decimal;
}

/** What a deal's buys add up to. */
export interface Position {
  /** Sum of price x amount over the fills, exact. */
  readonly cost: Decimal;
  /** Sum of the amounts, exact. */
  readonly amount: Decimal;
  /** cost / amount: exact when the quotient has at most 40 decimals, else to 40 places (half to even). */
  readonly average: Decimal;
}

/** The position after `fills` (any order); null when they bought nothing. */
export function positionOf(fills: readonly BuyFill[]): Position | null {
  const amount = sumDecimals(fills.map((fill) => fill.amount));
  if (sign(amount) <= 0) return null;
  const cost = sumDecimals(fills.map((fill) => fill.price.times(fill.amount)));
  return { cost, amount, average: cost.div(amount) };
}

/** The take-profit price of a DCA deal: `average x (1 + takeProfit)`, rounded up to the price step (never below the target). */
export function averageTakeProfitPrice(average: Decimal, takeProfit: Decimal, priceStep: Decimal): Decimal {
  return roundUpToStep(average.times(ONE.plus(takeProfit)), priceStep);
}

/**
 * A DCA deal's stop: `drop` below the base order's price or below the average, as the setting
 * says, rounded up to the price step like every stop loss.
 */
export function dcaStopPrice(stop: DcaStopLoss, basePrice: Decimal, average: Decimal, priceStep: Decimal): Decimal {
  return stopLossPrice(stop.from === 'base' ? basePrice : average, stop.drop, priceStep);
}
