import { wholeCost } from '../bot/bot-budget.js';
import type { CurrencyPair } from '../currency-pair/currency-pair.entity.js';
import type { Deal } from '../deal/deal.entity.js';
import { DealFactory } from '../deal/deal.factory.js';
import type { Order } from '../order/order.entity.js';
import type { ExchangeOrder } from '../ports/exchange.port.js';
import { orderLeg } from '../shared/client-order-id.js';
import { dec, sign, type Decimal } from '../shared/decimal.js';
import type { MarketRules } from '../shared/market-rules.js';
import { AVERAGE_MOVED, endedBuysBought, nextSafetyBuys, TAKE_PROFIT_FILLED, takeProfitFilled, takeProfitStale } from './dca/dca-deal.js';
import { EXIT_REASONS, STOP_MOVED } from './exits/exit-reason.js';
import { closeReason, protectiveStop } from './exits/exit.evaluator.js';
import { OrderService } from './order.service.js';
import type { Signal } from './signal.service.js';

/** How many sell attempts (per leg) may fail before a deal waits for an operator. */
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
  /** When the pair's latest deal ended (closed or cancelled), for its cooldown; absent: none ended. */
  readonly lastEndedAt?: number;
  /** What is left of the pair's bot's budget in its quote; absent or null when the bot has none. */
  readonly budgetRoom?: Decimal | null;
}

export type OpenDecision = { readonly kind: 'open'; readonly deal: Deal; readonly reserve: Decimal } | { readonly kind: 'skip'; readonly reason: string };

export interface DealContext {
  readonly pair: CurrencyPair;
  readonly market: MarketRules;
  readonly at: number;
  readonly prefix: string;
  /** The exchange holds stop prices (Exchange.supportsStopPrice): the sells carry the stop. */
  readonly stops?: boolean;
  /** The pair's last price, where known: a deal already at or below its stop exits at market. */
  readonly price?: number | null;
}

/** Orders the application must send to the exchange, in order. */
export type DealAction = { readonly type: 'submit'; readonly order: Order };

/** An order the application must cancel on the exchange before the deal can move on, and why. */
export interface DueCancel {
  readonly order: Order;
  readonly reason: string;
}

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

  /**
   * A new pending deal on a BULLISH signal, within dealCount and the free quote balance. A DCA
   * deal's buy is its base order, and it reserves its whole max budget (base and every safety order) plus the maker fee.
   */
  openDealIfNeeded(signal: Signal, pair: CurrencyPair, ctx: OpenContext): OpenDecision {
    if (signal !== 'BULLISH') return { kind: 'skip', reason: `signal ${signal}` };
    if (!this.mayOpen(pair, ctx.openDeals, ctx.paused === true)) return { kind: 'skip', reason: ctx.paused === true ? 'new deals are paused' : `dealCount ${pair.dealCount} reached` };
    const cooledAt = pair.nextDealFrom(ctx.lastEndedAt ?? Number.NEGATIVE_INFINITY);
    if (ctx.at < cooledAt) return { kind: 'skip', reason: `cooldown: ${Number(((cooledAt - ctx.at) / 60_000).toFixed(2))} of ${pair.cooldownMinutes} minutes left after the last deal ended` };
    // the funds are checked before a deal and its order are built: most refusals are for funds
    const terms = this.#orders.buyTerms({ pair, market: ctx.market, price: ctx.price });
    if (!terms.ok) return { kind: 'skip', reason: terms.reason };
    const reserve = wholeCost(pair, ctx.market, terms.price, terms.amount);
    if (ctx.freeQuote.lt(reserve)) return { kind: 'skip', reason: `free ${pair.quote} ${ctx.freeQuote.toString()} does not cover ${reserve.toString()}` };
    const room = ctx.budgetRoom ?? null;
    if (room !== null && room.lt(reserve)) return { kind: 'skip', reason: `bot ${pair.bot}: ${room.toString()} ${pair.quote} left of its budget does not cover ${reserve.toString()}` };
    const created = this.#factory.create({ dealId: ctx.dealId, pair, market: ctx.market, price: ctx.price, at: ctx.at, prefix: ctx.prefix }, terms);
    if (!created.ok) return { kind: 'skip', reason: created.reason };
    return { kind: 'open', deal: created.deal, reserve };
  }

  /**
   * May `pair` open a deal now: not paused, under its dealCount, past the cooldown after its
   * last deal ended (when `at` is given)? The one place that decides, for the loop's signals as
   * for opening; the funds are checked on opening, with the price.
   */
  mayOpen(pair: CurrencyPair, workingDeals: number, paused: boolean, at = Number.POSITIVE_INFINITY, lastEndedAt = Number.NEGATIVE_INFINITY): boolean {
    return !paused && workingDeals < pair.dealCount && at >= pair.nextDealFrom(lastEndedAt);
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

  /**
   * Moves a deal on after its orders changed: place the take-profit sells, close, cancel,
   * retry a failed sell, or (closing) sell at market once no other sell works.
   */
  advance(deal: Deal, ctx: DealContext): DealAction[] {
    const buy = deal.buyOrder;
    if (deal.status === 'pending') {
      if (!buy.isFinal) return [];
      if (sign(buy.filled) === 0) {
        deal.cancel(buy.reason ?? `buy ${buy.status}`, ctx.at);
        return [];
      }
      return this.#placeSells(deal, ctx);
    }
    if (deal.status !== 'open' && deal.status !== 'closing') return [];
    if (ctx.pair.dca !== null) return this.#advanceDca(deal, ctx);
    if (sign(deal.unsoldAmount) === 0) {
      deal.close(ctx.at, closeReason(deal, ctx.pair.exits, ctx.market));
      return [];
    }
    if (deal.workingSells.length > 0) return [];
    if (deal.status === 'closing') return this.#exitSell(deal, ctx);
    if (this.#waitsAfterFailures(deal, 's', ctx.at)) return [];
    return this.#placeSells(deal, ctx);
  }

  /**
   * An exit rule or the operator closes an open deal: open -> closing. Sells never sent are
   * withdrawn here; the ones returned rest on the exchange and must be cancelled there. Once
   * none works, `advance` places the market sell for what is left.
   */
  beginExit(deal: Deal, reason: string, ctx: DealContext): Order[] {
    deal.startClosing(reason, ctx.at);
    return [...this.workingTakeProfits(deal), ...deal.workingSafetyOrders].filter((order) => this.#orders.cancelOrder(order, ctx.at, reason) === 'ask_exchange');
  }

  /**
   * The orders to cancel before the deal moves on: a closing deal's resting take profit and
   * safety buys; an open DCA deal's safety buys once its take profit filled, or its take profit
   * once a safety buy moved the average. Derived from the stored deal: a restart carries it on.
   */
  dueCancels(deal: Deal, pair: CurrencyPair): DueCancel[] {
    if (deal.status === 'closing') {
      const reason = deal.reason ?? 'exit';
      return [...this.workingTakeProfits(deal), ...deal.workingSafetyOrders].map((order) => ({ order, reason }));
    }
    if (deal.status !== 'open' || pair.dca === null) return [];
    if (takeProfitFilled(deal)) return deal.workingSafetyOrders.map((order) => ({ order, reason: TAKE_PROFIT_FILLED }));
    return takeProfitStale(deal) ? this.workingTakeProfits(deal).map((order) => ({ order, reason: AVERAGE_MOVED })) : [];
  }

  /** A pending deal's buy ended because an exit cancelled it: cancel the deal, or take what was bought to the exit. */
  finishBuyForExit(deal: Deal, reason: string, ctx: DealContext): DealAction[] {
    const buy = deal.buyOrder;
    if (deal.status !== 'pending' || !buy.isFinal) return this.advance(deal, ctx);
    if (sign(buy.filled) === 0) {
      deal.cancel(buy.reason ?? reason, ctx.at);
      return [];
    }
    deal.markBought(null, ctx.at);
    deal.startClosing(reason, ctx.at);
    return this.advance(deal, ctx);
  }

  /** Working sells of the take-profit leg (the ones an exit or a stop move cancels). */
  workingTakeProfits(deal: Deal): Order[] {
    return deal.workingSells.filter((o) => orderLeg(o.clientOrderId) === 's');
  }

  /** The resting take-profit sells to cancel (reason STOP_MOVED) so that they are re-placed with the new stop. */
  beginStopMove(deal: Deal, ctx: DealContext): Order[] {
    if (deal.status !== 'open') return [];
    return this.workingTakeProfits(deal).filter((sell) => this.#orders.cancelOrder(sell, ctx.at, STOP_MOVED) === 'ask_exchange');
  }

  /**
   * An open or closing DCA deal: resting safety buys are cancelled (dueCancels) before the deal
   * ends; once the take profit filled, what a safety fill added is sold at market (leg `x`,
   * reason take_profit); a stale take profit is replaced once its cancel went through; the next
   * safety buys are placed while the take profit rests.
   */
  #advanceDca(deal: Deal, ctx: DealContext): DealAction[] {
    const ending = deal.status === 'closing' || takeProfitFilled(deal);
    if (ending && deal.workingSafetyOrders.length > 0) return [];
    if (sign(deal.unsoldAmount) === 0) {
      if (deal.workingSafetyOrders.length > 0) return [];
      deal.close(ctx.at, EXIT_REASONS.takeProfit);
      return [];
    }
    if (ending && deal.status === 'open') deal.startClosing(EXIT_REASONS.takeProfit, ctx.at);
    if (deal.workingSells.length > 0) return takeProfitStale(deal) ? [] : this.#safetyBuys(deal, ctx);
    if (deal.status === 'closing') return this.#exitSell(deal, ctx);
    if (this.#waitsAfterFailures(deal, 's', ctx.at)) return [];
    return this.#placeSells(deal, ctx);
  }

  #safetyBuys(deal: Deal, ctx: DealContext): DealAction[] {
    const dca = ctx.pair.dca;
    if (dca === null) return [];
    const buys = nextSafetyBuys(deal, dca, ctx.market, ctx.at, ctx.prefix);
    for (const buy of buys) deal.addSafetyOrder(buy);
    return buys.map((order) => ({ type: 'submit', order }));
  }

  #placeSells(deal: Deal, ctx: DealContext): DealAction[] {
    const justBought = deal.status === 'pending';
    const dca = ctx.pair.dca;
    const stop = protectiveStop(deal, ctx.pair.exits, ctx.market, dca);
    if (stop !== null && ctx.price !== undefined && ctx.price !== null && dec(ctx.price).lte(stop.price)) {
      if (justBought) deal.markBought(null, ctx.at);
      deal.startClosing(stop.reason, ctx.at);
      // resting safety buys are cancelled first (dueCancels); the market sell follows
      return deal.workingSafetyOrders.length > 0 ? [] : this.#exitSell(deal, ctx);
    }
    // a sell the exchange refused with its stop (Binance: the OCO's prices no longer straddle the last price) goes again without it: it takes at once above the take profit, and below the stop the bot's own exit watch sells
    const carriesStop = ctx.stops === true && dca === null && !lastSellRefused(deal);
    const sells = this.#orders.placeTakeProfitSells({ deal, pair: ctx.pair, market: ctx.market, at: ctx.at, prefix: ctx.prefix, stop: carriesStop ? stop : null });
    if (justBought) deal.markBought(sells.ok ? sells.orders : null, ctx.at, sells.ok ? null : `sell refused: ${sells.reason}`);
    else if (sells.ok) for (const order of sells.orders) deal.addSellOrder(order);
    if (dca !== null) deal.coverTakeProfit(endedBuysBought(deal));
    if (!sells.ok && deal.workingSafetyOrders.length === 0) this.#closeWithDust(deal, ctx);
    const actions: DealAction[] = sells.ok ? sells.orders.map((order) => ({ type: 'submit', order })) : [];
    return deal.isFinal ? actions : [...actions, ...this.#safetyBuys(deal, ctx)];
  }

  #exitSell(deal: Deal, ctx: DealContext): DealAction[] {
    if (this.#waitsAfterFailures(deal, 'x', ctx.at)) return [];
    const exit = this.#orders.placeExitSell({ deal, market: ctx.market, at: ctx.at, prefix: ctx.prefix, price: ctx.price === undefined || ctx.price === null ? null : dec(ctx.price) });
    if (!exit.ok) {
      this.#closeWithDust(deal, ctx);
      return [];
    }
    deal.addSellOrder(exit.order);
    return [{ type: 'submit', order: exit.order }];
  }

  /**
   * No order can sell what is left (below the amount step or the market's minimum): the deal
   * closes with it recorded as dust rather than hold a slot for ever.
   */
  #closeWithDust(deal: Deal, ctx: DealContext): void {
    const sold = sign(deal.soldAmount) > 0;
    deal.close(ctx.at, sold ? closeReason(deal, ctx.pair.exits, ctx.market) : EXIT_REASONS.belowMinimum, deal.unsoldAmount);
  }

  /** After MAX_SELL_ATTEMPTS failed sells of a leg the deal waits for an operator, and says why. */
  #waitsAfterFailures(deal: Deal, leg: 's' | 'x', at: number): boolean {
    const failed = failedSells(deal, leg);
    if (failed.length < MAX_SELL_ATTEMPTS) return false;
    const last = failed[failed.length - 1] as Order;
    deal.waitForOperator(`${failed.length} sells failed (last: ${last.reason ?? last.status}); close or cancel the deal by hand`, at);
    return true;
  }
}

/** The deal's latest sell was refused by the exchange while carrying a stop. */
function lastSellRefused(deal: Deal): boolean {
  const last = deal.sellOrders.at(-1);
  return last !== undefined && last.status === 'rejected' && last.stopPrice !== null;
}

/** Sells of a leg that ended without selling everything, other than the ones moved for a new stop or a new average. */
function failedSells(deal: Deal, leg: 's' | 'x'): Order[] {
  const failed: Order[] = [];
  for (const sell of deal.sellOrders) {
    if (sell.isFinal && sign(sell.remaining) > 0 && sell.reason !== STOP_MOVED && sell.reason !== AVERAGE_MOVED && orderLeg(sell.clientOrderId) === leg) failed.push(sell);
  }
  return failed;
}
