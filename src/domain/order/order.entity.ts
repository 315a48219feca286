import { ZERO, type Decimal } from '../shared/decimal.js';
import { DomainError } from '../shared/domain-error.js';
import type { OrderEvent } from './order.events.js';
import { isFinalOrderStatus, nextOrderStatus, type OrderStatus, type OrderTransition } from './order-status.js';
import type { Fill, OrderSide, OrderType } from './order.types.js';
import { orderToSnapshot, type OrderSnapshot } from './order.snapshot.js';

type OrderEventBody = OrderEvent extends infer E ? (E extends OrderEvent ? Omit<E, 'orderId' | 'dealId' | 'symbol' | 'side'> : never) : never;

export interface NewOrderProps {
  readonly clientOrderId: string;
  readonly dealId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  /** Limit price; null for market orders. */
  readonly price: Decimal | null;
  readonly amount: Decimal;
  readonly createdAt: number;
  /**
   * Sells only: sell at market once the price trades at or below it. On a limit sell both
   * rest as one order (take profit above, stop below; whichever is reached first fills).
   */
  readonly stopPrice?: Decimal | null;
}

export interface OrderState extends NewOrderProps {
  readonly status: OrderStatus;
  readonly exchangeOrderId: string | null;
  readonly fills: readonly Fill[];
  readonly updatedAt: number;
  readonly reason: string | null;
}

/**
 * One order on the exchange. Its id is its clientOrderId. Status changes only through the
 * transition table; a fill is applied once per trade id; a failed change leaves it untouched.
 */
export class Order {
  #state: OrderState;
  #events: OrderEvent[] = [];

  private constructor(state: OrderState) {
    this.#state = state;
  }

  /** A new order intent: persisted before it is sent. */
  static create(props: NewOrderProps): Order {
    if (props.amount.lte(0)) throw new DomainError(`Order ${props.clientOrderId}: amount must be > 0`, 'ORDER_AMOUNT');
    if (props.type === 'limit' && (props.price === null || props.price.lte(0))) {
      throw new DomainError(`Order ${props.clientOrderId}: a limit order needs a price > 0`, 'ORDER_PRICE');
    }
    const stop = props.stopPrice ?? null;
    if (stop !== null && (props.side !== 'sell' || stop.lte(0) || (props.price !== null && stop.gte(props.price)))) {
      throw new DomainError(`Order ${props.clientOrderId}: a stop price must be > 0, below the limit price, and on a sell`, 'ORDER_STOP');
    }
    return new Order({ ...props, status: 'new', exchangeOrderId: null, fills: [], updatedAt: props.createdAt, reason: null });
  }

  static restore(state: OrderState): Order {
    return new Order({ ...state, fills: [...state.fills] });
  }

  get id(): string { return this.#state.clientOrderId; }
  get clientOrderId(): string { return this.#state.clientOrderId; }
  get dealId(): string { return this.#state.dealId; }
  get symbol(): string { return this.#state.symbol; }
  get side(): OrderSide { return this.#state.side; }
  get type(): OrderType { return this.#state.type; }
  get price(): Decimal | null { return this.#state.price; }
  get stopPrice(): Decimal | null { return this.#state.stopPrice ?? null; }
  get amount(): Decimal { return this.#state.amount; }
  get status(): OrderStatus { return this.#state.status; }
  get exchangeOrderId(): string | null { return this.#state.exchangeOrderId; }
  get fills(): readonly Fill[] { return this.#state.fills; }
  get createdAt(): number { return this.#state.createdAt; }
  get updatedAt(): number { return this.#state.updatedAt; }
  get reason(): string | null { return this.#state.reason; }
  get isFinal(): boolean { return isFinalOrderStatus(this.#state.status); }

  get filled(): Decimal {
    return this.#state.fills.reduce((sum, f) => sum.plus(f.amount), ZERO);
  }

  /** Quote value traded: sum of price x amount over the fills. */
  get cost(): Decimal {
    return this.#state.fills.reduce((sum, f) => sum.plus(f.price.times(f.amount)), ZERO);
  }

  get fee(): Decimal {
    return this.#state.fills.reduce((sum, f) => sum.plus(f.fee), ZERO);
  }

  get average(): Decimal | null {
    const filled = this.filled;
    return filled.gt(0) ? this.cost.div(filled) : null;
  }

  /** A sell with a stop price that filled below its limit (or a stop-market that filled): the stop sold it. */
  get stopped(): boolean {
    const stop = this.stopPrice;
    if (stop === null || this.#state.fills.length === 0) return false;
    const limit = this.#state.price;
    return limit === null || (this.average as Decimal).lt(limit);
  }

  get remaining(): Decimal {
    return this.#state.amount.minus(this.filled);
  }

  hasTrade(tradeId: string): boolean {
    return this.#state.fills.some((f) => f.tradeId === tradeId);
  }

  /** The exchange acknowledged the order. */
  accept(exchangeOrderId: string | null, at: number): void {
    this.#move('accept', at, { exchangeOrderId: exchangeOrderId ?? this.#state.exchangeOrderId });
    const stop = this.stopPrice;
    this.#emit({ type: 'OrderPlaced', occurredAt: at, orderType: this.type, price: this.price?.toString() ?? null, amount: this.amount.toString(), exchangeOrderId: this.exchangeOrderId, ...(stop === null ? {} : { stopPrice: stop.toString() }) });
  }

  /** Applies a trade once; returns false for a trade id already applied. */
  applyFill(fill: Fill, at: number): boolean {
    if (this.hasTrade(fill.tradeId)) return false;
    nextOrderStatus(this.id, this.#state.status, this.filled.plus(fill.amount).eq(this.amount) ? 'fill_complete' : 'fill_partial');
    if (fill.amount.lte(0) || fill.price.lte(0) || fill.fee.lt(0)) {
      throw new DomainError(`Order ${this.id}: fill ${fill.tradeId} has a non-positive amount or price, or a negative fee`, 'FILL_INVALID');
    }
    const filled = this.filled.plus(fill.amount);
    if (filled.gt(this.amount)) throw new DomainError(`Order ${this.id}: fill ${fill.tradeId} overfills ${filled.toString()} > ${this.amount.toString()}`, 'FILL_OVERFILL');
    const complete = filled.eq(this.amount);
    this.#move(complete ? 'fill_complete' : 'fill_partial', at, { fills: [...this.#state.fills, fill] });
    this.#emit({ type: 'OrderFilled', occurredAt: at, tradeId: fill.tradeId, price: fill.price.toString(), amount: fill.amount.toString(), fee: fill.fee.toString(), filled: filled.toString(), complete });
    return true;
  }

  cancel(at: number, reason: string | null = null): void {
    this.#move('cancel', at, { reason });
    this.#emit({ type: 'OrderCancelled', occurredAt: at, status: 'canceled', filled: this.filled.toString(), reason });
  }

  expire(at: number, reason: string | null = null): void {
    this.#move('expire', at, { reason });
    this.#emit({ type: 'OrderCancelled', occurredAt: at, status: 'expired', filled: this.filled.toString(), reason });
  }

  reject(reason: string, at: number): void {
    this.#move('reject', at, { reason });
    this.#emit({ type: 'OrderRejected', occurredAt: at, reason });
  }

  /** Sent, but the outcome is not known; only exchange evidence moves it on. */
  markUnknown(reason: string, at: number): void {
    this.#move('lose', at, { reason });
    this.#emit({ type: 'OrderOutcomeUnknown', occurredAt: at, reason });
  }

  /** Sends this order's events into an aggregate's list, so they keep their true order. */
  routeEventsTo(sink: OrderEvent[]): void {
    sink.push(...this.#events);
    this.#events = sink;
  }

  pullEvents(): OrderEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  toSnapshot(): OrderSnapshot {
    return orderToSnapshot(this.#state);
  }

  #move(transition: OrderTransition, at: number, changes: Partial<OrderState>): void {
    const status = nextOrderStatus(this.id, this.#state.status, transition);
    this.#state = { ...this.#state, ...changes, status, updatedAt: Math.max(at, this.#state.updatedAt) };
  }

  #emit(event: OrderEventBody): void {
    this.#events.push({ ...event, orderId: this.id, dealId: this.dealId, symbol: this.symbol, side: this.side } as OrderEvent);
  }
}

