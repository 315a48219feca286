import { DEFAULT_BOT } from '../bot/bot-name.js';
import { sign, ZERO, type Decimal } from '../shared/decimal.js';
import { DomainError } from '../shared/domain-error.js';
import type { DomainEvent } from '../events.js';
import type { OrderEvent } from '../order/order.events.js';
import type { Order } from '../order/order.entity.js';
import { addFees, NO_FEES, type FeeAmounts } from '../order/order-totals.js';
import { isFinalDealStatus, nextDealStatus, type DealStatus, type DealTransition } from './deal-status.js';
import type { DealEvent } from './deal.events.js';

export interface DealState {
  readonly id: string;
  readonly symbol: string;
  readonly status: DealStatus;
  /** The (base) buy first, then every sell attempt and DCA safety buy, in the order they were made. */
  readonly orders: readonly Order[];
  readonly createdAt: number;
  readonly closedAt: number | null;
  readonly pnl: Decimal | null;
  readonly reason: string | null;
  /** Highest price seen since a trailing stop activated; null before (or without one). */
  readonly highWaterMark?: Decimal | null;
  /** Adopted at start-up from an exchange order with this bot's prefix that the database had lost. */
  readonly recovered?: boolean;
  /** What was left unsold at the close because no order could sell it (below the amount step or the market minimum). */
  readonly dust?: Decimal | null;
  /** A DCA deal: what its ended buys had bought when its take profit was last placed; null before (and on plain deals). */
  readonly takeProfitBasis?: Decimal | null;
  /** The bot whose deal it is (its pair's bot when opened); `default` when absent. */
  readonly bot?: string;
}


/**
 * One buy (on a DCA pair: the base order, then safety buys) and, once it fills, the sell(s)
 * that unwind it. The aggregate root over its orders:
 * their events and its own land in one list, in the order they happened.
 */
export class Deal {
  #state: DealState;
  readonly #events: DomainEvent[] = [];

  private constructor(state: DealState) {
    this.#state = state;
    for (const order of state.orders) order.routeEventsTo(this.#events as OrderEvent[]);
  }

  static open(id: string, buyOrder: Order, at: number, bot: string = DEFAULT_BOT): Deal {
    if (buyOrder.side !== 'buy' || buyOrder.dealId !== id) throw new DomainError(`Deal ${id}: the first order must be its own buy`, 'DEAL_BUY');
    const deal = new Deal({ id, symbol: buyOrder.symbol, status: 'pending', orders: [buyOrder], createdAt: at, closedAt: null, pnl: null, reason: null, highWaterMark: null, ...(bot === DEFAULT_BOT ? {} : { bot }) });
    deal.#emit({ type: 'DealOpened', occurredAt: at, buyOrderId: buyOrder.id, price: buyOrder.price?.toString() ?? 'market', amount: buyOrder.amount.toString(), ...deal.#identity() });
    return deal;
  }

  /**
   * A deal rebuilt around a buy the exchange has and the database does not: reconciliation
   * adopts it rather than leave coins unmanaged. It is marked `recovered` for the operator.
   */
  static recover(id: string, buyOrder: Order, at: number, bot: string = DEFAULT_BOT): Deal {
    const deal = Deal.open(id, buyOrder, at, bot);
    deal.#state = { ...deal.#state, recovered: true };
    return deal;
  }

  static restore(state: DealState): Deal {
    return new Deal(dealState(state, state.status, [...state.orders], state.closedAt, state.pnl, state.reason, state.highWaterMark ?? null, state.dust ?? null));
  }

  get id(): string { return this.#state.id; }
  get symbol(): string { return this.#state.symbol; }
  get bot(): string { return this.#state.bot ?? DEFAULT_BOT; }
  get status(): DealStatus { return this.#state.status; }
  get createdAt(): number { return this.#state.createdAt; }
  get closedAt(): number | null { return this.#state.closedAt; }
  get pnl(): Decimal | null { return this.#state.pnl; }
  get reason(): string | null { return this.#state.reason; }
  get orders(): readonly Order[] { return this.#state.orders; }
  get highWaterMark(): Decimal | null { return this.#state.highWaterMark ?? null; }
  get recovered(): boolean { return this.#state.recovered === true; }
  get isFinal(): boolean { return isFinalDealStatus(this.#state.status); }
  get buyOrder(): Order { return this.#state.orders[0] as Order; }
  /** The base buy, then the DCA safety buys in the order they were placed. */
  get buyOrders(): readonly Order[] { return this.#state.orders.filter((o) => o.side === 'buy'); }
  /** The DCA safety buys (every buy after the first). */
  get safetyOrders(): Order[] { return this.#state.orders.filter((o, i) => i > 0 && o.side === 'buy'); }
  get sellOrders(): readonly Order[] {
    const orders = this.#state.orders;
    // Stryker disable next-line ConditionalExpression: a fast path; the filter of the buy alone is the same empty list
    return orders.length === 1 ? NO_ORDERS : orders.filter((o) => o.side === 'sell');
  }
  get sellOrder(): Order | null { return this.sellOrders.at(-1) ?? null; }
  /** Sells not yet in a final status: the resting take-profit rungs, or the exit sell. */
  get workingSells(): Order[] { return this.sellOrders.filter((o) => !o.isFinal); }
  /** DCA safety buys not yet in a final status. */
  get workingSafetyOrders(): Order[] { return this.safetyOrders.filter((o) => !o.isFinal); }
  /** What the buys filled, before any fee taken from it. */
  get boughtAmount(): Decimal { return sumOver(this.#state.orders, 'buy', (o) => o.filled); }
  /** What the buys cost: price x amount over every buy fill, exact. */
  get boughtCost(): Decimal { return sumOver(this.#state.orders, 'buy', (o) => o.cost); }
  /** What the deal holds from its buys: the filled amounts less the fees paid in the base currency. */
  get receivedAmount(): Decimal { return sumOver(this.#state.orders, 'buy', (o) => (sign(o.baseFee) === 0 ? o.filled : o.filled.minus(o.baseFee))); }
  /**
   * The average buy price: the buy's own average while it is the only buy, else total cost /
   * total amount over every buy fill (exact within 40 decimals, as every division); null before a fill.
   */
  get averagePrice(): Decimal | null {
    if (this.#state.orders.every((o, i) => i === 0 || o.side === 'sell' || sign(o.filled) === 0)) return this.buyOrder.average;
    return this.boughtCost.div(this.boughtAmount);
  }
  get soldAmount(): Decimal { return sumOver(this.#state.orders, 'sell', (o) => o.filled); }
  /** What the deal still holds: received, less sold and less any base fee its sells paid. */
  get unsoldAmount(): Decimal { return this.receivedAmount.minus(sumOver(this.#state.orders, 'sell', (o) => (sign(o.baseFee) === 0 ? o.filled : o.filled.plus(o.baseFee)))); }
  /** A DCA deal: the ended buys' filled amount its take profit was placed for; null before one was. */
  get takeProfitBasis(): Decimal | null { return this.#state.takeProfitBasis ?? null; }
  /** Left unsold at the close (below the amount step or the market minimum); null when nothing was. */
  get dust(): Decimal | null { return this.#state.dust ?? null; }
  /**
   * What the fills so far made: sell proceeds - buy cost - fees paid in quote (a base fee
   * already shrank what was sold; a third-currency fee counts at its quote value where one was
   * known). A closed deal's PnL; for a working deal, its PnL before what it still holds.
   */
  get tradedPnl(): Decimal {
    let paid = ZERO;
    for (const o of this.#state.orders) paid = paid.plus(o.paidFee);
    return sumOver(this.#state.orders, 'sell', (o) => o.cost).minus(this.boughtCost).minus(paid);
  }
  /** Every fee valued in quote where a value is known: quote fees, base fees at their fill price, converted third-currency fees. */
  get fees(): Decimal {
    let fees = ZERO;
    for (const o of this.#state.orders) fees = fees.plus(o.fee);
    return fees;
  }
  /** Third-currency fees no price was known for, by currency: reported as they are, never as zero. */
  get unconvertedFees(): FeeAmounts {
    let fees = NO_FEES;
    // addFees(fees, {}) returns fees itself: with none anywhere this stays NO_FEES
    for (const o of this.#state.orders) fees = addFees(fees, o.unconvertedFees);
    return fees;
  }

  order(orderId: string): Order | undefined {
    for (const o of this.#state.orders) if (o.id === orderId) return o;
    return undefined;
  }

  /** The buy ended with something filled; the first sells (still `new`) join the deal, if any could be made. */
  markBought(sellOrders: Order | readonly Order[] | null, at: number, reason: string | null = null): void {
    nextDealStatus(this.id, this.status, 'buy_filled');
    const buy = this.buyOrder;
    if (!buy.isFinal || sign(buy.filled) <= 0) throw new DomainError(`Deal ${this.id}: the buy must have ended with a fill before the sell`, 'DEAL_BUY_OPEN');
    const sells = sellOrders === null ? [] : Array.isArray(sellOrders) ? (sellOrders as readonly Order[]) : [sellOrders as Order];
    this.#checkSells(sells);
    this.#move('buy_filled', { reason });
    for (const sell of sells) this.#attach(sell);
    this.#emit({ type: 'DealBought', occurredAt: at, amount: buy.filled.toString(), averagePrice: (buy.average as Decimal).toString(), sellOrderId: sells[0]?.id ?? null, ...this.#identity() });
  }

  /** The buy ended with nothing filled. */
  cancel(reason: string, at: number): void {
    nextDealStatus(this.id, this.status, 'buy_ended_unfilled');
    const buy = this.buyOrder;
    if (!buy.isFinal || sign(buy.filled) > 0) throw new DomainError(`Deal ${this.id}: only a deal whose buy ended unfilled can be cancelled`, 'DEAL_CANCEL');
    this.#move('buy_ended_unfilled', { reason, closedAt: at });
    this.#emit({ type: 'DealCancelled', occurredAt: at, reason, ...this.#identity() });
  }

  /** A further sell: a new attempt for what is left, a re-placed rung, or the exit sell. */
  addSellOrder(sellOrder: Order): void {
    if (this.status !== 'open' && this.status !== 'closing') throw new DomainError(`Deal ${this.id} in status "${this.status}" cannot take a sell order`, 'DEAL_SELL_STATUS');
    this.#checkSells([sellOrder]);
    this.#attach(sellOrder);
  }

  /** A DCA safety buy (still `new`) joins an open deal. */
  addSafetyOrder(buy: Order): void {
    if (this.status !== 'open') throw new DomainError(`Deal ${this.id} in status "${this.status}" cannot take a safety order`, 'DEAL_SAFETY_STATUS');
    if (buy.side !== 'buy' || buy.dealId !== this.id) throw new DomainError(`Deal ${this.id}: ${buy.id} is not a buy of this deal`, 'DEAL_SAFETY');
    this.#attach(buy);
  }

  /** A DCA deal's take profit was placed for what its ended buys bought: `bought`. */
  coverTakeProfit(bought: Decimal): void {
    this.#state = { ...this.#state, takeProfitBasis: bought };
  }

  /** A trailing stop saw a new high (the high-water mark only rises); true when it changed. */
  raiseHighWaterMark(price: Decimal): boolean {
    if (this.status !== 'open') return false;
    const current = this.highWaterMark;
    if (current !== null && price.lte(current)) return false;
    const s = this.#state;
    this.#state = dealState(s, s.status, s.orders, s.closedAt, s.pnl, s.reason, price, s.dust);
    return true;
  }

  /** An exit rule or the operator replaces the resting sell with a market sell. */
  startClosing(reason: string, at: number): void {
    this.#move('exit_triggered', { reason });
    this.#emit({ type: 'DealClosing', occurredAt: at, reason, ...this.#identity() });
  }

  /**
   * Everything received is sold, or what is left is `dust` no order could sell. PnL is
   * `tradedPnl`, exactly. The reason is the exit's when closing, else the rule whose sell
   * filled last (`profit_markup` by default).
   */
  close(at: number, reason: string = 'profit_markup', dust: Decimal | null = null): void {
    nextDealStatus(this.id, this.status, 'sold_out');
    const unsold = this.unsoldAmount;
    if (dust === null ? sign(unsold) !== 0 : sign(dust) <= 0 || !dust.eq(unsold)) throw new DomainError(`Deal ${this.id}: ${unsold.toString()} still unsold`, 'DEAL_UNSOLD');
    if (this.workingSafetyOrders.length > 0) throw new DomainError(`Deal ${this.id}: safety buys still working; cancel them before the close`, 'DEAL_BUY_WORKING');
    if (dust !== null && this.workingSells.length > 0) throw new DomainError(`Deal ${this.id}: sells still working; dust is only what no sell can take`, 'DEAL_SELL_WORKING');
    const pnl = this.tradedPnl;
    const why = this.status === 'closing' ? (this.#state.reason ?? 'exit') : reason;
    this.#move('sold_out', { pnl, closedAt: at, reason: why, dust });
    const unpriced = this.unconvertedFees;
    this.#emit({
      type: 'DealClosed',
      occurredAt: at,
      pnl: pnl.toString(),
      fees: this.fees.toString(),
      reason: why,
      ...(dust === null ? {} : { dust: dust.toString() }),
      ...(unpriced === NO_FEES ? {} : { unpricedFees: Object.fromEntries(Object.entries(unpriced).map(([c, a]) => [c, a.toString()])) }),
      ...this.#identity(),
    });
  }

  /** The deal cannot go on by itself (e.g. its sells keep failing): says why, once per reason, until an operator acts. */
  waitForOperator(reason: string, at: number): boolean {
    if (this.isFinal || this.#state.reason === reason) return false;
    const s = this.#state;
    this.#state = dealState(s, s.status, s.orders, s.closedAt, s.pnl, reason, s.highWaterMark ?? null, s.dust);
    this.#emit({ type: 'DealWaiting', occurredAt: at, reason, ...this.#identity() });
    return true;
  }

  pullEvents(): DomainEvent[] {
    return this.#events.splice(0, this.#events.length);
  }

  /** New sells, together with the working ones, may not sell more than is unsold. */
  #checkSells(sells: readonly Order[]): void {
    const working = this.workingSells;
    let room = working.reduce((left, o) => left.minus(o.remaining), this.unsoldAmount);
    for (const sell of sells) {
      if (sell.side !== 'sell' || sell.dealId !== this.id) throw new DomainError(`Deal ${this.id}: ${sell.id} is not a sell of this deal`, 'DEAL_SELL');
      if (sell.amount.gt(room)) {
        if (working.length > 0) throw new DomainError(`Deal ${this.id}: sell ${working.map((o) => o.id).join(', ')} still working; ${sell.amount.toString()} more exceeds the unsold ${this.unsoldAmount.toString()}`, 'DEAL_SELL_WORKING');
        throw new DomainError(`Deal ${this.id}: sell ${sell.amount.toString()} exceeds the unsold ${room.toString()}`, 'DEAL_OVERSELL');
      }
      room = room.minus(sell.amount);
    }
  }

  #attach(order: Order): void {
    order.routeEventsTo(this.#events as OrderEvent[]);
    const s = this.#state;
    this.#state = dealState(s, s.status, [...s.orders, order], s.closedAt, s.pnl, s.reason, s.highWaterMark ?? null, s.dust);
  }

  #move(transition: DealTransition, changes: { readonly reason?: string | null; readonly closedAt?: number; readonly pnl?: Decimal; readonly dust?: Decimal | null }): void {
    const s = this.#state;
    const status = nextDealStatus(this.id, s.status, transition);
    this.#state = dealState(s, status, s.orders, changes.closedAt ?? s.closedAt, changes.pnl ?? s.pnl, 'reason' in changes ? (changes.reason as string | null) : s.reason, s.highWaterMark ?? null, changes.dust ?? s.dust ?? null);
  }

  #emit(event: DealEvent): void {
    this.#events.push(event);
  }

  /** The deal's fields every event ends with; `bot` only for a bot other than the default, whose events stay as they were. */
  #identity(): Pick<DealEvent, 'dealId' | 'symbol' | 'bot'> {
    const bot = this.#state.bot;
    return bot === undefined || bot === DEFAULT_BOT ? { dealId: this.id, symbol: this.symbol } : { dealId: this.id, symbol: this.symbol, bot };
  }
}

const NO_ORDERS: readonly Order[] = Object.freeze([]);

/** One shape for every state; an absent `recovered` or `dust` reads as false or null through the getters. */
function dealState(s: DealState, status: DealStatus, orders: readonly Order[], closedAt: number | null, pnl: Decimal | null, reason: string | null, highWaterMark: Decimal | null, dust: Decimal | null | undefined): DealState {
  return { id: s.id, symbol: s.symbol, status, orders, createdAt: s.createdAt, closedAt, pnl, reason, highWaterMark, recovered: s.recovered, dust, takeProfitBasis: s.takeProfitBasis ?? null, ...(s.bot === undefined || s.bot === DEFAULT_BOT ? {} : { bot: s.bot }) };
}

/** The sum of `value` over the orders of one side, exact. */
function sumOver(orders: readonly Order[], side: 'buy' | 'sell', value: (order: Order) => Decimal): Decimal {
  let sum = ZERO;
  for (const o of orders) if (o.side === side) sum = sum.plus(value(o));
  return sum;
}
