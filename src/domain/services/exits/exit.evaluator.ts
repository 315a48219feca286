import type { CurrencyPair } from '../../currency-pair/currency-pair.entity.js';
import type { DcaSettings } from '../../currency-pair/dca-settings.js';
import type { Deal } from '../../deal/deal.entity.js';
import type { Order } from '../../order/order.entity.js';
import type { Decimal } from '../../shared/decimal.js';
import type { MarketRules } from '../../shared/market-rules.js';
import { EXIT_REASONS, type ExitReason } from './exit-reason.js';
import type { ExitRules } from '../../currency-pair/exit-rules.js';
import { PanicDetector } from './panic-sell.rule.js';
import { dcaStopPrice } from '../dca/average-price.js';
import { stopLossPrice } from './stop-loss.rule.js';
import { trailingActivationPrice, trailingStopPrice } from './trailing-stop.rule.js';

/** The stop an open deal's sells carry: the higher of the stop loss and an active trailing stop. */
export interface ProtectiveStop {
  readonly price: Decimal;
  readonly reason: typeof EXIT_REASONS.stopLoss | typeof EXIT_REASONS.trailingStop;
}

/** A DCA pair's stop loss (from the base order's price or the deals' average) takes the place of the exit rules'. */
export function protectiveStop(deal: Deal, exits: ExitRules, market: MarketRules, dca: DcaSettings | null = null): ProtectiveStop | null {
  const dcaStop = dca?.stopLoss ?? null;
  if (dcaStop === null && exits.stopLoss === null && exits.trailingStop === null) return null;
  const average = deal.averagePrice;
  if (average === null) return null;
  if (dcaStop !== null) return { price: dcaStopPrice(dcaStop, deal.buyOrder.average as Decimal, average, market.priceStep), reason: EXIT_REASONS.stopLoss };
  let stop: ProtectiveStop | null = exits.stopLoss === null ? null : { price: stopLossPrice(average, exits.stopLoss, market.priceStep), reason: EXIT_REASONS.stopLoss };
  const trailing = exits.trailingStop;
  const mark = deal.highWaterMark;
  if (trailing !== null && mark !== null && mark.gte(trailingActivationPrice(average, trailing))) {
    const price = trailingStopPrice(mark, trailing, market.priceStep);
    if (stop === null || price.gt(stop.price)) stop = { price, reason: EXIT_REASONS.trailingStop };
  }
  return stop;
}

/** The stop a take-profit sell at `limit` carries: none when the stop is not below its limit. */
export function stopForSell(stop: ProtectiveStop | null, limit: Decimal | null): Decimal | null {
  if (stop === null) return null;
  return limit === null || stop.price.lt(limit) ? stop.price : null;
}

/** The rule whose sell completed an open deal: the stop that sold it, or the take profit. */
export function closeReason(deal: Deal, exits: ExitRules, market: MarketRules): ExitReason {
  const last = lastFilledSell(deal);
  if (last !== null && last.stopped) {
    const average = deal.averagePrice as Decimal;
    const stopLoss = exits.stopLoss === null ? null : stopLossPrice(average, exits.stopLoss, market.priceStep);
    return stopLoss !== null && (last.stopPrice as Decimal).lte(stopLoss) ? EXIT_REASONS.stopLoss : EXIT_REASONS.trailingStop;
  }
  return exits.takeProfit === null ? EXIT_REASONS.profitMarkup : EXIT_REASONS.takeProfit;
}

function lastFilledSell(deal: Deal): Order | null {
  let last: Order | null = null;
  let time = Number.NEGATIVE_INFINITY;
  for (const sell of deal.sellOrders) {
    const fill = sell.fills.at(-1);
    if (fill !== undefined && fill.timestamp >= time) [last, time] = [sell, fill.timestamp];
  }
  return last;
}

/** A panic detector on the market that `pair` follows (itself or its reference pair). */
export interface PanicWatch {
  readonly pair: string;
  readonly cooldownMs: number;
  readonly detector: PanicDetector;
}

/** One panic watch per pair with a panic-sell rule; `candleMs` sizes the detector's window. */
export function panicWatches(pairs: Iterable<CurrencyPair>, candleMs: number): PanicWatch[] {
  const watches: PanicWatch[] = [];
  for (const pair of pairs) {
    const rule = pair.exits.panicSell;
    if (rule === null) continue;
    const detector = new PanicDetector(rule.reference ?? pair.symbol, rule.drop.toNumber(), rule.windowMs, Math.ceil(rule.windowMs / candleMs) + 2);
    watches.push({ pair: pair.symbol, cooldownMs: rule.cooldownMs, detector });
  }
  return watches;
}
