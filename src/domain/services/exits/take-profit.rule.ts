import { ONE, roundDownToStep, roundUpToStep, sign, ZERO, type Decimal } from '../../shared/decimal.js';
import type { MarketRules } from '../../shared/market-rules.js';
import type { TakeProfitTarget } from '../../currency-pair/exit-rules.js';

/** One limit sell of a take-profit ladder. */
export interface SellRung {
  readonly price: Decimal;
  readonly amount: Decimal;
}

export type RungPlan = { readonly ok: true; readonly rungs: readonly SellRung[] } | { readonly ok: false; readonly reason: string };

/**
 * Take profit: the limit sells still to place. Each target gets its share of the bought amount
 * (rounded down to the amount step; the last target takes the remainder) at `profit` above the
 * buy's average, rounded up to the price step. What is already sold counts against the lowest
 * targets first. A rung below the market's minimums joins the next one (the last joins the one before).
 */
export function takeProfitRungs(targets: readonly TakeProfitTarget[], average: Decimal, bought: Decimal, sold: Decimal, market: MarketRules): RungPlan {
  const rungs: SellRung[] = [];
  let soldLeft = sold;
  let allotted = ZERO;
  let carry = ZERO;
  let refused = '';
  targets.forEach((target, i) => {
    const share = i === targets.length - 1 ? bought.minus(allotted) : roundDownToStep(bought.times(target.share), market.amountStep);
    allotted = allotted.plus(share);
    const covered = soldLeft.lt(share) ? soldLeft : share;
    soldLeft = soldLeft.minus(covered);
    const amount = roundDownToStep(share.minus(covered).plus(carry), market.amountStep);
    carry = ZERO;
    if (sign(amount) <= 0) return;
    const price = roundUpToStep(average.times(ONE.plus(target.profit)), market.priceStep);
    const small = belowMinimum(amount, price, market);
    if (small === null) rungs.push({ price, amount });
    else [carry, refused] = [amount, small];
  });
  if (sign(carry) > 0) {
    const last = rungs.pop();
    if (last === undefined) return { ok: false, reason: refused };
    rungs.push({ price: last.price, amount: last.amount.plus(carry) });
  }
  return rungs.length > 0 ? { ok: true, rungs } : { ok: false, reason: refused || 'nothing left to sell' };
}

/** Why an order of `amount` at `price` is below the market's minimum size, or null. */
export function belowMinimum(amount: Decimal, price: Decimal, market: MarketRules): string | null {
  if (sign(amount) <= 0 || amount.lt(market.minAmount)) return `amount ${amount.toString()} is below the market minimum ${market.minAmount.toString()}`;
  const cost = amount.times(price);
  if (cost.lt(market.minCost)) return `cost ${cost.toString()} is below the market minimum ${market.minCost.toString()}`;
  return null;
}
