import type { CurrencyPair } from '../currency-pair/currency-pair.entity.js';
import type { Deal } from '../deal/deal.entity.js';
import { DealFactory } from '../deal/deal.factory.js';
import type { Order } from '../order/order.entity.js';
import type { ExchangeOrder } from '../ports/exchange.port.js';
import { ONE, type Decimal } from '../shared/decimal.js';
import type { MarketRules } from '../shared/market-rules.js';
import { OrderService } from './order.service.js';
import type { Signal } from './signal.service.js';

/** How many sell attempts a deal gets before it waits for an operator. */
export const MAX_SELL_ATTEMPTS = 5;

export interface OpenContext {
  readonly openDeals: number;
  readonly freeQuote: Decimal;
  readonly price: Decimal;
  readonly market: MarketRules;
  readonly at: number;
  readonly dealId: string;
  readonly prefix: string;
  readonly paused?: boolean;
}

export type OpenDecision = { readonly kind: 'open'; readonly deal: Deal; readonly reserve: Decimal } | { readonly kind: 'skip'; readonly reason: string };

export interface DealContext {
  readonly pair: CurrencyPair;
  readonly market: MarketRules;
  readonly at: number;
  readonly prefix: string;
}

/** Orders the application must send to the exchange, in order. */
export type DealAction = { readonly type: 'submit'; readonly order: Order };

/** Decides when deals open, move on and end. Pure: no I/O, time comes in as `at`. */
export class TradingService {
  readonly #orders: OrderService;
  readonly #factory: DealFactory;

  constructor(orders: OrderService = new OrderService()) {
    this.#orders = orders;
    this.#factory = new DealFactory(orders);
  }

  get orders(): OrderService {
    return this.#orders;
  }

  /** A new pending deal on a BULLISH signal, within dealCount and the free quote balance. */
  openDealIfNeeded(signal: Signal, pair: CurrencyPair, ctx: OpenContext): OpenDecision {
    if (signal !== 'BULLISH') return { kind: 'skip', reason: `signal ${signal}` };
    if (ctx.paused) return { kind: 'skip', reason: 'new deals are paused' };
    if (ctx.openDeals >= pair.dealCount) return { kind: 'skip', reason: `dealCount ${pair.dealCount} reached` };
    const created = this.#factory.create({ dealId: ctx.dealId, pair, market: ctx.market, price: ctx.price, at: ctx.at, prefix: ctx.prefix });
    if (!created.ok) return { kind: 'skip', reason: created.reason };
    const buy = created.deal.buyOrder;
    const reserve = (buy.price as Decimal).times(buy.amount).times(ONE.plus(ctx.market.makerFee));
    if (ctx.freeQuote.lt(reserve)) return { kind: 'skip', reason: `free ${pair.quote} ${ctx.freeQuote.toString()} does not cover ${reserve.toString()}` };
    return { kind: 'open', deal: created.deal, reserve };
  }

  /** Applies the exchange's view of one of the deal's orders, then moves the deal on. */
  updateDealStatus(deal: Deal, update: ExchangeOrder, ctx: DealContext, endReason: string | null = null): DealAction[] {
    const order = deal.order(update.clientOrderId);
    if (!order) throw new RangeError(`order ${update.clientOrderId} is not part of deal ${deal.id}`);
    this.#orders.applyUpdate(order, update, ctx.at, endReason);
    return this.advance(deal, ctx);
  }

  /** A pending deal whose buy has rested longer than orderLifeTime on the market clock. */
  isBuyStale(deal: Deal, pair: CurrencyPair, at: number): boolean {
    if (deal.status !== 'pending' || deal.buyOrder.isFinal) return false;
    return at - deal.buyOrder.createdAt >= pair.orderLifeTime * 1000;
  }

  /** Moves a deal on after its orders changed: place the sell, close, cancel or retry. */
  advance(deal: Deal, ctx: DealContext): DealAction[] {
    const buy = deal.buyOrder;
    if (deal.status === 'pending') {
      if (!buy.isFinal) return [];
      if (buy.filled.eq(0)) {
        deal.cancel(buy.reason ?? `buy ${buy.status}`, ctx.at);
        return [];
      }
      const sell = this.#orders.placeSellOrder({ deal, pair: ctx.pair, market: ctx.market, at: ctx.at, prefix: ctx.prefix });
      deal.markBought(sell.ok ? sell.order : null, ctx.at, sell.ok ? null : `sell refused: ${sell.reason}`);
      return sell.ok ? [{ type: 'submit', order: sell.order }] : [];
    }
    if (deal.status !== 'open' && deal.status !== 'closing') return [];
    if (deal.unsoldAmount.eq(0)) {
      deal.close(ctx.at);
      return [];
    }
    const current = deal.sellOrder;
    if (deal.status === 'open' && (current === null || current.isFinal) && deal.sellOrders.length < MAX_SELL_ATTEMPTS) {
      const sell = this.#orders.placeSellOrder({ deal, pair: ctx.pair, market: ctx.market, at: ctx.at, prefix: ctx.prefix });
      if (!sell.ok) return [];
      deal.addSellOrder(sell.order);
      return [{ type: 'submit', order: sell.order }];
    }
    return [];
  }
}
