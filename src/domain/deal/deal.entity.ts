import { ZERO, type Decimal } from '../shared/decimal.js';
import { DomainError } from '../shared/domain-error.js';
import type { DomainEvent } from '../events.js';
import type { OrderEvent } from '../order/order.events.js';
import type { Order } from '../order/order.entity.js';
import { isFinalDealStatus, nextDealStatus, type DealStatus, type DealTransition } from './deal-status.js';
import type { DealEvent } from './deal.events.js';

export interface DealState {
  readonly id: string;
  readonly symbol: string;
  readonly status: DealStatus;
  /** The buy first, then every sell attempt in order. */
  readonly orders: readonly Order[];
  readonly createdAt: number;
  readonly closedAt: number | null;
  readonly pnl: Decimal | null;
  readonly reason: string | null;
}

type DealEventBody = DealEvent extends infer E ? (E extends DealEvent ? Omit<E, 'dealId' | 'symbol'> : never) : never;

/**
 * One buy and, once it fills, the sell(s) that unwind it. The aggregate root over its orders:
 * their events and its own land in one list, in the order they happened.
 */
export class Deal {
  #state: DealState;
  readonly #events: DomainEvent[] = [];

  private constructor(state: DealState) {
    this.#state = state;
    for (const order of state.orders) order.routeEventsTo(this.#events as OrderEvent[]);
  }

  static open(id: string, buyOrder: Order, at: number): Deal {
    if (buyOrder.side !== 'buy' || buyOrder.dealId !== id) throw new DomainError(`Deal ${id}: the first order must be its own buy`, 'DEAL_BUY');
    const deal = new Deal({ id, symbol: buyOrder.symbol, status: 'pending', orders: [buyOrder], createdAt: at, closedAt: null, pnl: null, reason: null });
    deal.#emit({ type: 'DealOpened', occurredAt: at, buyOrderId: buyOrder.id, price: buyOrder.price?.toString() ?? 'market', amount: buyOrder.amount.toString() });
    return deal;
  }

  static restore(state: DealState): Deal {
    return new Deal({ ...state, orders: [...state.orders] });
  }

  get id(): string { return this.#state.id; }
  get symbol(): string { return this.#state.symbol; }
  get status(): DealStatus { return this.#state.status; }
  get createdAt(): number { return this.#state.createdAt; }
  get closedAt(): number | null { return this.#state.closedAt; }
  get pnl(): Decimal | null { return this.#state.pnl; }
  get reason(): string | null { return this.#state.reason; }
  get orders(): readonly Order[] { return this.#state.orders; }
  get isFinal(): boolean { return isFinalDealStatus(this.#state.status); }
  get buyOrder(): Order { return this.#state.orders[0] as Order; }
  get sellOrders(): readonly Order[] { return this.#state.orders.slice(1); }
  get sellOrder(): Order | null { return this.#state.orders.length > 1 ? (this.#state.orders.at(-1) as Order) : null; }
  get boughtAmount(): Decimal { return this.buyOrder.filled; }
  get soldAmount(): Decimal { return this.sellOrders.reduce((sum, o) => sum.plus(o.filled), ZERO); }
  get unsoldAmount(): Decimal { return this.boughtAmount.minus(this.soldAmount); }
  get fees(): Decimal { return this.#state.orders.reduce((sum, o) => sum.plus(o.fee), ZERO); }

  order(orderId: string): Order | undefined {
    return this.#state.orders.find((o) => o.id === orderId);
  }

  /** The buy ended with something filled; the first sell (still `new`) joins the deal, if one could be made. */
  markBought(sellOrder: Order | null, at: number, reason: string | null = null): void {
    nextDealStatus(this.id, this.status, 'buy_filled');
    const buy = this.buyOrder;
    if (!buy.isFinal || buy.filled.lte(0)) throw new DomainError(`Deal ${this.id}: the buy must have ended with a fill before the sell`, 'DEAL_BUY_OPEN');
    if (sellOrder) this.#checkSell(sellOrder);
    this.#move('buy_filled', { reason });
    if (sellOrder) this.#attach(sellOrder);
    this.#emit({ type: 'DealBought', occurredAt: at, amount: buy.filled.toString(), averagePrice: (buy.average as Decimal).toString(), sellOrderId: sellOrder?.id ?? null });
  }

  /** The buy ended with nothing filled. */
  cancel(reason: string, at: number): void {
    nextDealStatus(this.id, this.status, 'buy_ended_unfilled');
    const buy = this.buyOrder;
    if (!buy.isFinal || buy.filled.gt(0)) throw new DomainError(`Deal ${this.id}: only a deal whose buy ended unfilled can be cancelled`, 'DEAL_CANCEL');
    this.#move('buy_ended_unfilled', { reason, closedAt: at });
    this.#emit({ type: 'DealCancelled', occurredAt: at, reason });
  }

  /** A further sell attempt once the previous one ended without selling everything. */
  addSellOrder(sellOrder: Order): void {
    if (this.status !== 'open' && this.status !== 'closing') throw new DomainError(`Deal ${this.id} in status "${this.status}" cannot take a sell order`, 'DEAL_SELL_STATUS');
    this.#checkSell(sellOrder);
    this.#attach(sellOrder);
  }

  /** An exit rule or the operator replaces the resting sell with a market sell. */
  startClosing(reason: string, at: number): void {
    this.#move('exit_triggered', { reason });
    this.#emit({ type: 'DealClosing', occurredAt: at, reason });
  }

  /** Everything bought is sold: PnL = sell proceeds - buy cost - all fees, exactly. */
  close(at: number): void {
    nextDealStatus(this.id, this.status, 'sold_out');
    if (!this.unsoldAmount.eq(0)) throw new DomainError(`Deal ${this.id}: ${this.unsoldAmount.toString()} still unsold`, 'DEAL_UNSOLD');
    const proceeds = this.sellOrders.reduce((sum, o) => sum.plus(o.cost), ZERO);
    const pnl = proceeds.minus(this.buyOrder.cost).minus(this.fees);
    const reason = this.status === 'closing' ? (this.#state.reason ?? 'exit') : 'profit_markup';
    this.#move('sold_out', { pnl, closedAt: at, reason });
    this.#emit({ type: 'DealClosed', occurredAt: at, pnl: pnl.toString(), fees: this.fees.toString(), reason });
  }

  pullEvents(): DomainEvent[] {
    return this.#events.splice(0, this.#events.length);
  }

  #checkSell(sellOrder: Order): void {
    if (sellOrder.side !== 'sell' || sellOrder.dealId !== this.id) throw new DomainError(`Deal ${this.id}: ${sellOrder.id} is not a sell of this deal`, 'DEAL_SELL');
    const previous = this.sellOrder;
    if (previous && !previous.isFinal) throw new DomainError(`Deal ${this.id}: sell ${previous.id} is still working`, 'DEAL_SELL_WORKING');
    if (sellOrder.amount.gt(this.unsoldAmount)) throw new DomainError(`Deal ${this.id}: sell ${sellOrder.amount.toString()} exceeds the unsold ${this.unsoldAmount.toString()}`, 'DEAL_OVERSELL');
  }

  #attach(order: Order): void {
    order.routeEventsTo(this.#events as OrderEvent[]);
    this.#state = { ...this.#state, orders: [...this.#state.orders, order] };
  }

  #move(transition: DealTransition, changes: Partial<DealState>): void {
    const status = nextDealStatus(this.id, this.#state.status, transition);
    this.#state = { ...this.#state, ...changes, status };
  }

  #emit(event: DealEventBody): void {
    this.#events.push({ ...event, dealId: this.id, symbol: this.symbol } as DealEvent);
  }
}
