import { ONE, roundDownQuotientToStep, roundDownToStep, sign, ZERO, type Decimal } from '../../shared/decimal.js';
import type { MarketRules } from '../../shared/market-rules.js';
import type { SafetyStep } from '../../currency-pair/dca-ladder.js';
import type { DcaSettings } from '../../currency-pair/dca-settings.js';
import { belowMinimum } from '../exits/take-profit.rule.js';
import { averageTakeProfitPrice, positionOf, type BuyFill } from './average-price.js';

/** A buy on the market's precision: its price, its amount, and why the exchange would refuse it (or null). */
export interface PricedBuy {
  /** Rounded down to the price step: a buy never pays more than its level. */
  readonly price: Decimal;
  /** quote size / price, rounded down to the amount step: never spends more than its size. */
  readonly amount: Decimal;
  /** Below the market's minimum amount or cost, or a price that rounds to zero; null when it may be placed. */
  readonly refused: string | null;
}

export type SafetyOrderLevel = SafetyStep & PricedBuy;

/** A buy of `size` quote at `price`, on the market's precision. */
export function pricedBuy(size: Decimal, price: Decimal, market: MarketRules): PricedBuy {
  const rounded = roundDownToStep(price, market.priceStep);
  if (sign(rounded) <= 0) return { price: ZERO, amount: ZERO, refused: `price ${price.toString()} rounds to zero on step ${market.priceStep.toString()}` };
  const amount = roundDownQuotientToStep(size, rounded, market.amountStep);
  return { price: rounded, amount, refused: belowMinimum(amount, rounded, market) };
}

/** The safety orders' limit buys of a deal whose base order bought at `basePrice`: `basePrice x (1 - deviation)` each. */
export function safetyOrderLevels(steps: readonly SafetyStep[], basePrice: Decimal, market: MarketRules): SafetyOrderLevel[] {
  return steps.map((step) => ({ ...step, ...pricedBuy(step.size, basePrice.times(ONE.minus(step.deviation)), market) }));
}

/** One row of a DCA deal's plan: a safety order and where the deal stands once it filled. */
export interface LadderRow extends SafetyOrderLevel {
  /** The deal's budget used once this order is placed: the base order and the sizes up to this one. */
  readonly budgetUsed: Decimal;
  /** The average buy price once the base order and every placeable order up to this one filled at their prices. */
  readonly average: Decimal | null;
  /** The take-profit price from that average. */
  readonly takeProfitPrice: Decimal | null;
}

export interface LadderPlan {
  readonly base: PricedBuy;
  readonly rows: readonly LadderRow[];
}

/** A deal's whole ladder from a base price (a reference price, or the base order's fill): what `config check` shows. */
export function ladderPlan(settings: DcaSettings, basePrice: Decimal, market: MarketRules): LadderPlan {
  const base = pricedBuy(settings.baseOrder, basePrice, market);
  const fills: BuyFill[] = base.refused === null ? [base] : [];
  let budgetUsed = settings.baseOrder;
  const rows = safetyOrderLevels(settings.steps, base.price, market).map((level) => {
    budgetUsed = budgetUsed.plus(level.size);
    if (level.refused === null) fills.push(level);
    const average = positionOf(fills)?.average ?? null;
    return { ...level, budgetUsed, average, takeProfitPrice: average === null ? null : averageTakeProfitPrice(average, settings.takeProfit, market.priceStep) };
  });
  return { base, rows };
}
