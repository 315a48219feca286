import { ONE, roundUpToStep, type Decimal } from '../../shared/decimal.js';
import type { TrailingStopRule } from '../../currency-pair/exit-rules.js';

/** The price at which the trailing stop starts to follow: `activation` above the buy's average. */
export function trailingActivationPrice(average: Decimal, rule: TrailingStopRule): Decimal {
  return average.times(ONE.plus(rule.activation));
}

/** The trailing stop: `distance` below the high-water mark, rounded up to the price step. */
export function trailingStopPrice(highWaterMark: Decimal, rule: TrailingStopRule, priceStep: Decimal): Decimal {
  return roundUpToStep(highWaterMark.times(ONE.minus(rule.distance)), priceStep);
}
