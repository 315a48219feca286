import { ONE, roundUpToStep, type Decimal } from '../../shared/decimal.js';

/**
 * Stop loss: sell at market once the price trades at or below `stopLoss` under the buy's
 * average. Rounded up to the price step, so the loss before gaps and fees never exceeds it.
 */
export function stopLossPrice(average: Decimal, stopLoss: Decimal, priceStep: Decimal): Decimal {
  return roundUpToStep(average.times(ONE.minus(stopLoss)), priceStep);
}
