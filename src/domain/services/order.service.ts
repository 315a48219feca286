import type { CurrencyPair } from '../currency-pair/currency-pair.entity.js';
import type { Deal } from '../deal/deal.entity.js';
import { Order } from '../order/order.entity.js';
import type { ExchangeOrder, ExchangeTrade } from '../ports/exchange.port.js';
import type { Fill } from '../order/order.types.js';
import { buildClientOrderId, orderLeg, type OrderLeg } from '../shared/client-order-id.js';
import { ONE, roundDownQuotientToStep, roundDownToStep, sign, ZERO, type Decimal } from '../shared/decimal.js';
import type { MarketRules } from '../shared/market-rules.js';
import { stopForSell, type ProtectiveStop } from './exits/exit.evaluator.js';
import { belowMinimum, takeProfitRungs } from './exits/take-profit.rule.js';

export type OrderIntent = { readonly ok: true; readonly order: Order } | { readonly ok: false; readonly reason: string };

/** A buy's price and amount on the market's precision, before any order exists. */
export type BuyTerms = { readonly ok: true; readonly price: Decimal; readonly amount: Decimal } | { readonly ok: false; readonly reason: string };

export interface BuyIntentInput {
  readonly dealId: string;
  readonly pair: CurrencyPair;
  readonly market: MarketRules;
  readonly price: Decimal;
  readonly at: number;
  readonly prefix: string;
}

export interface SellIntentInput {
  readonly deal: Deal;
  readonly pair: CurrencyPair;
  readonly market: MarketRules;
  readonly at: number;
  readonly prefix: string;
  /** The stop the sells carry (where the exchange holds stops); null for plain limit sells. */
  readonly stop?: ProtectiveStop | null;
}

export type SellIntents = { readonly ok: true; readonly orders: readonly Order[] } | { readonly ok: false; readonly reason: string };

/**
 * Decides orders: prices and amounts on the market's precision, minimum sizes, client ids.
 * Pure: the application layer persists what it decides, then sends it.
 */
export class OrderService {
  /** The price (rounded down to the price step) and amount (dealQuota, or a DCA pair's baseOrder, / price, rounded down to the amount step) of a buy. */
  buyTerms(input: Pick<BuyIntentInput, 'pair' | 'market' | 'price'>): BuyTerms {
    const { pair, market } = input;
    const price = roundDownToStep(input.price, market.priceStep);
    if (sign(price) <= 0) return { ok: false, reason: `price ${input.price.toString()} rounds to zero on step ${market.priceStep.toString()}` };
    const amount = roundDownQuotientToStep(pair.dca?.baseOrder ?? pair.dealQuota, price, market.amountStep);
    const refused = belowMinimum(amount, price, market);
    if (refused) return { ok: false, reason: refused };
    return { ok: true, price, amount };
  }

  /** A limit buy at `price` for dealQuota / price, rounded down to the amount step; `terms` when already worked out by buyTerms. */
  placeBuyOrder(input: BuyIntentInput, terms: BuyTerms = this.buyTerms(input)): OrderIntent {
    if (!terms.ok) return terms;
    const { pair } = input;
    const { price, amount } = terms;
    const clientOrderId = buildClientOrderId(input.prefix, input.dealId, 'b', 1);
    return { ok: true, order: Order.create({ clientOrderId, dealId: input.dealId, symbol: pair.symbol, side: 'buy', type: 'limit', price, amount, createdAt: input.at }) };
  }

  /**
   * The take-profit limit sells for what is unsold and not already on sale: one at
   * `average x (1 + profitMarkup)` rounded up to the price step, or one per configured target;
   * a DCA deal's one at `average x (1 + takeProfit)` over all its buys (averageTakeProfitPrice).
   * Each carries the stop, where one is given and lies below its limit.
   */
  placeTakeProfitSells(input: SellIntentInput): SellIntents {
    const { deal, pair, market } = input;
    const average = pair.dca === null ? deal.buyOrder.average : deal.averagePrice;
    if (average === null) return { ok: false, reason: 'the buy has no fill' };
    const targets = pair.dca !== null ? [{ profit: pair.dca.takeProfit, share: ONE }] : (pair.exits.takeProfit ?? [{ profit: pair.profitMarkup, share: ONE }]);
    const received = deal.receivedAmount;
    const unsold = deal.unsoldAmount;
    // the rungs share out what the deal may sell: received, less the room its sells' fees need
    const plan = takeProfitRungs(targets, average, received.minus(unsold.minus(sellableAmount(unsold, market))), received.minus(unsold), market);
    if (!plan.ok) return plan;
    let attempt = countLeg(deal, 's');
    const orders = plan.rungs.map(({ price, amount }) => {
      attempt += 1;
      const clientOrderId = buildClientOrderId(input.prefix, deal.id, 's', attempt);
      return Order.create({ clientOrderId, dealId: deal.id, symbol: pair.symbol, side: 'sell', type: 'limit', price, amount, createdAt: input.at, stopPrice: stopForSell(input.stop ?? null, price) });
    });
    return { ok: true, orders };
  }

  /**
   * The exit: a market sell (leg `x`) of everything unsold, rounded down to the amount step,
   * refused below the market's minimum amount or cost at `price` (the last price, else the buys' average).
   */
  placeExitSell(input: { readonly deal: Deal; readonly market: MarketRules; readonly at: number; readonly prefix: string; readonly price?: Decimal | null }): OrderIntent {
    const { deal, market } = input;
    const amount = roundDownToStep(sellableAmount(deal.unsoldAmount, market), market.amountStep);
    const refused = belowMinimum(amount, input.price ?? deal.averagePrice ?? ZERO, market);
    if (refused !== null) return { ok: false, reason: refused };
    const clientOrderId = buildClientOrderId(input.prefix, deal.id, 'x', countLeg(deal, 'x') + 1);
    return { ok: true, order: Order.create({ clientOrderId, dealId: deal.id, symbol: deal.symbol, side: 'sell', type: 'market', price: null, amount, createdAt: input.at }) };
  }

  /** An order never sent is cancelled here; one on the exchange must be cancelled there. */
  cancelOrder(order: Order, at: number, reason: string): 'cancelled_locally' | 'ask_exchange' | 'already_final' {
    if (order.isFinal) return 'already_final';
    if (order.status === 'new') {
      order.cancel(at, reason);
      return 'cancelled_locally';
    }
    return 'ask_exchange';
  }

  /**
   * Applies the exchange's view of an order: acknowledgement, trades once per id, then the
   * final status. A stale snapshot (less filled than already applied) never undoes a fill.
   */
  applyUpdate(order: Order, update: ExchangeOrder, at: number, endReason: string | null = null): void {
    if (update.clientOrderId !== order.clientOrderId) throw new RangeError(`update for ${update.clientOrderId} applied to ${order.clientOrderId}`);
    if (update.status === 'rejected' && !order.isFinal && sign(order.filled) === 0) {
      order.reject('rejected by the exchange', at);
      return;
    }
    if (order.status === 'new' || order.status === 'unknown') {
      if (update.status === 'open' || sign(update.filled) === 0 || order.status === 'new') order.accept(update.exchangeOrderId, at);
    }
    applyTrades(order, update, at);
    if (order.isFinal) return;
    if (update.status === 'canceled') order.cancel(at, endReason ?? 'cancelled on the exchange');
    else if (update.status === 'expired') order.expire(at, endReason ?? 'expired on the exchange');
  }
}

function applyTrades(order: Order, update: ExchangeOrder, at: number): void {
  if (update.trades !== null) {
    for (const t of update.trades) order.applyFill(tradeFill(t), at);
    return;
  }
  const delta = update.filled.minus(order.filled);
  if (sign(delta) <= 0) return;
  const tradeId = `${update.exchangeOrderId}:${update.filled.toString()}`;
  const price = update.cost.minus(order.cost).div(delta);
  order.applyFill({ tradeId, price, amount: delta, fee: update.fee.minus(order.feeIn(update.feeCurrency)), ...(update.feeCurrency !== undefined && { feeCurrency: update.feeCurrency }), timestamp: update.timestamp }, at);
}

/** The trade as a fill: the fee's currency and quote value only where the exchange gave them. */
function tradeFill(t: ExchangeTrade): Fill {
  const fill: { -readonly [K in keyof Fill]: Fill[K] } = { tradeId: t.id, price: t.price, amount: t.amount, fee: t.fee, timestamp: t.timestamp };
  if (t.feeCurrency !== undefined) fill.feeCurrency = t.feeCurrency;
  if (t.feeQuote !== undefined && t.feeQuote !== null) fill.feeQuote = t.feeQuote;
  return fill;
}

function countLeg(deal: Deal, leg: OrderLeg): number {
  let count = 0;
  for (const order of deal.sellOrders) if (orderLeg(order.clientOrderId) === leg) count += 1;
  return count;
}

/**
 * What of `unsold` a sell may offer. All of it, unless the market charges its fees in the coin
 * being sold (BNB/USDT with fees paid in BNB): then the fee comes out of the account's BNB
 * beside the order, and a deal that sold all it holds would pay it with another deal's coins
 * (whose sell then fails for want of balance). Such a sell leaves room for its fee at the
 * higher of the two rates; what the fee does not take stays with the deal as dust.
 */
export function sellableAmount(unsold: Decimal, market: MarketRules): Decimal {
  if (market.feeCurrency === undefined || market.feeCurrency !== market.base) return unsold;
  const rate = market.takerFee.gt(market.makerFee) ? market.takerFee : market.makerFee;
  return unsold.minus(unsold.times(rate));
}
