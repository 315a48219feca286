import { sign, ZERO, type Decimal } from '../shared/decimal.js';
import { DomainError } from '../shared/domain-error.js';
import type { OrderEvent } from './order.events.js';
import { isFinalOrderStatus, nextOrderStatus, type OrderStatus, type OrderTransition } from './order-status.js';
import type { Fill, NewOrderProps, OrderSide, OrderState, OrderType } from './order.types.js';
import { orderToSnapshot, type OrderSnapshot } from './order.snapshot.js';
import { averageOf, emptyTotals, feeKind, plusFill, quoteOf, totalsOf, type FeeAmounts, type OrderTotals } from './order-totals.js';

export type { NewOrderProps, OrderState } from './order.types.js';

/**
 * One order on the exchange. Its id is its clientOrderId. Status changes only through the
 * transition table; a fill is applied once per trade id; a failed change leaves it untouched.
 */
export class Order {
  #state: OrderState;
  #events: OrderEvent[] = [];
  #sums: OrderTotals | null = null;

  private constructor(state: OrderState) {
    this.#state = state;
  }

  /** A new order intent: persisted before it is sent. */
  static create(props: NewOrderProps): Order {
    if (sign(props.amount) <= 0) throw new DomainError(`Order ${props.clientOrderId}: amount must be > 0`, 'ORDER_AMOUNT');
    if (props.type === 'limit' && (props.price === null || sign(props.price) <= 0)) {
      throw new DomainError(`Order ${props.clientOrderId}: a limit order needs a price > 0`, 'ORDER_PRICE');
    }
    const stop = props.stopPrice ?? null;
    if (stop !== null && (props.side !== 'sell' || sign(stop) <= 0 || (props.price !== null && stop.gte(props.price)))) {
      throw new DomainError(`Order ${props.clientOrderId}: a stop price must be > 0, below the limit price, and on a sell`, 'ORDER_STOP');
    }
    return new Order(orderState(props, 'new', null, NO_FILLS, props.createdAt, null));
  }

  static restore(state: OrderState): Order {
    return new Order(orderState(state, state.status, state.exchangeOrderId, [...state.fills], state.updatedAt, state.reason));
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
    return this.#totals().filled;
  }

  /** Quote value traded: sum of price x amount over the fills. */
  get cost(): Decimal {
    return this.#totals().cost;
  }

  /** Every fee valued in quote where a value is known (base fees at the fill price). */
  get fee(): Decimal {
    return this.#totals().fee;
  }

  /** Quote fees and converted third-currency fees: what the fees cost beyond the traded amounts. */
  get paidFee(): Decimal {
    return this.#totals().paidFee;
  }

  /** Fees paid in the base currency (Binance charges a buy's fee in what it buys). */
  get baseFee(): Decimal {
    return this.#totals().baseFee;
  }

  /** Fees in a third currency (e.g. BNB) that no price was known for, by currency. */
  get unconvertedFees(): FeeAmounts {
    return this.#totals().unconvertedFees;
  }

  /** The fees charged in `currency` (the quote by default), in that currency; a fill that names none paid in quote. */
  feeIn(currency: string = quoteOf(this.symbol)): Decimal {
    const quote = quoteOf(this.symbol);
    let sum = ZERO;
    for (const f of this.#state.fills) if ((f.feeCurrency ?? quote) === currency) sum = sum.plus(f.fee);
    return sum;
  }

  get average(): Decimal | null {
    const totals = this.#totals();
    if (totals.average === undefined) totals.average = averageOf(totals);
    return totals.average;
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
    const fills = this.#state.fills;
    for (let i = 0; i < fills.length; i += 1) if (fills[i]!.tradeId === tradeId) return true;
    return false;
  }

  /** The exchange acknowledged the order. */
  accept(exchangeOrderId: string | null, at: number): void {
    const state = this.#state;
    this.#move('accept', at, state.fills, state.reason, exchangeOrderId ?? state.exchangeOrderId);
    const stop = this.stopPrice;
    this.#events.push({
      type: 'OrderPlaced',
      occurredAt: at,
      orderType: this.type,
      price: this.price?.toString() ?? null,
      amount: this.amount.toString(),
      exchangeOrderId: this.exchangeOrderId,
      ...(stop === null ? {} : { stopPrice: stop.toString() }),
      ...this.#identity(),
    });
  }

  /** Applies a trade once; returns false for a trade id already applied. */
  applyFill(fill: Fill, at: number): boolean {
    if (this.hasTrade(fill.tradeId)) return false;
    const before = this.#totals();
    const filled = before.filled.plus(fill.amount);
    const complete = filled.eq(this.amount);
    nextOrderStatus(this.id, this.#state.status, complete ? 'fill_complete' : 'fill_partial');
    if (sign(fill.amount) <= 0 || sign(fill.price) <= 0 || sign(fill.fee) < 0 || (fill.feeQuote !== undefined && fill.feeQuote !== null && sign(fill.feeQuote) < 0)) {
      throw new DomainError(`Order ${this.id}: fill ${fill.tradeId} has a non-positive amount or price, or a negative fee`, 'FILL_INVALID');
    }
    if (!complete && filled.gt(this.amount)) throw new DomainError(`Order ${this.id}: fill ${fill.tradeId} overfills ${filled.toString()} > ${this.amount.toString()}`, 'FILL_OVERFILL');
    const fills = [...this.#state.fills, fill];
    this.#move(complete ? 'fill_complete' : 'fill_partial', at, fills, this.#state.reason);
    // the sums so far plus this fill: the same additions, in the same order, as summing them all
    this.#sums = plusFill(before, fill, fills, this.symbol);
    const feeQuote = fill.feeQuote ?? null;
    this.#events.push({
      type: 'OrderFilled',
      occurredAt: at,
      tradeId: fill.tradeId,
      price: fill.price.toString(),
      amount: fill.amount.toString(),
      fee: fill.fee.toString(),
      filled: filled.toString(),
      complete,
      ...(feeKind(fill, this.symbol) === 'quote' ? {} : { feeCurrency: fill.feeCurrency as string }),
      ...(feeQuote === null ? {} : { feeQuote: feeQuote.toString() }),
      ...this.#identity(),
    });
    return true;
  }

  cancel(at: number, reason: string | null = null): void {
    this.#move('cancel', at, this.#state.fills, reason);
    this.#events.push({ type: 'OrderCancelled', occurredAt: at, status: 'canceled', filled: this.filled.toString(), reason, ...this.#identity() });
  }

  expire(at: number, reason: string | null = null): void {
    this.#move('expire', at, this.#state.fills, reason);
    this.#events.push({ type: 'OrderCancelled', occurredAt: at, status: 'expired', filled: this.filled.toString(), reason, ...this.#identity() });
  }

  reject(reason: string, at: number): void {
    this.#move('reject', at, this.#state.fills, reason);
    this.#events.push({ type: 'OrderRejected', occurredAt: at, reason, ...this.#identity() });
  }

  /** Sent, but the outcome is not known; only exchange evidence moves it on. */
  markUnknown(reason: string, at: number): void {
    this.#move('lose', at, this.#state.fills, reason);
    this.#events.push({ type: 'OrderOutcomeUnknown', occurredAt: at, reason, ...this.#identity() });
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

  /**
   * The current state as it is: a record no one changes (every change of the order makes a
   * new one, and its fills array with it), so a store may keep it instead of a copy.
   * `Order.restore` of it gives an order of its own.
   */
  toState(): OrderState {
    return this.#state;
  }

  /** The next state, or a throw that changes nothing. */
  #move(transition: OrderTransition, at: number, fills: readonly Fill[], reason: string | null, exchangeOrderId: string | null = this.#state.exchangeOrderId): void {
    const state = this.#state;
    const status = nextOrderStatus(this.id, state.status, transition);
    this.#state = orderState(state, status, exchangeOrderId, fills, Math.max(at, state.updatedAt), reason);
  }

  /** Filled amount, cost and fees of the current fills, summed once per change of fills. */
  #totals(): OrderTotals {
    const fills = this.#state.fills;
    let totals = this.#sums;
    if (totals === null || totals.fills !== fills) {
      totals = fills.length === 0 ? emptyTotals(fills) : totalsOf(fills, this.symbol);
      this.#sums = totals;
    }
    return totals;
  }

  /** The order's fields every event ends with. */
  #identity(): Pick<OrderEvent, 'orderId' | 'dealId' | 'symbol' | 'side'> {
    return { orderId: this.id, dealId: this.dealId, symbol: this.symbol, side: this.side };
  }
}

const NO_FILLS: readonly Fill[] = Object.freeze([]);

/** One shape for every state: the fields of an order, then its progress. */
function orderState(props: NewOrderProps, status: OrderStatus, exchangeOrderId: string | null, fills: readonly Fill[], updatedAt: number, reason: string | null): OrderState {
  return {
    clientOrderId: props.clientOrderId,
    dealId: props.dealId,
    symbol: props.symbol,
    side: props.side,
    type: props.type,
    price: props.price,
    amount: props.amount,
    createdAt: props.createdAt,
    stopPrice: props.stopPrice ?? null,
    status,
    exchangeOrderId,
    fills,
    updatedAt,
    reason,
  };
}

