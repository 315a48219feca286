import type { Candle } from '../../../src/domain/shared/candle.js';
import { dec, maxDecimal, roundUpToStep, ZERO, type Decimal } from '../../../src/domain/shared/decimal.js';
import { brokenFilter, type SimMarket } from './sim-market.js';
import { BinanceRefusal, DUPLICATE_ORDER, INSUFFICIENT_BALANCE, type NewOrder, type SimBookListener, type SimFeeMode, type SimOrder, type SimOrderList, type SimSide, type SimTrade } from './sim-orders.js';
import { CandlePath, onSide } from './sim-price-path.js';
import { fillCrossing, isStop, planMoves, triggerCrossing, type SimMove } from './sim-triggers.js';

export { BinanceRefusal, DUPLICATE_ORDER, INSUFFICIENT_BALANCE } from './sim-orders.js';
export type { NewOrder, SimBookListener, SimFeeMode, SimOrder, SimOrderList, SimOrderStatus, SimOrderType, SimSide, SimTrade } from './sim-orders.js';

interface Wallet {
  free: Decimal;
  locked: Decimal;
}

/** BNB commissions: 25 % off. */
const BNB_DISCOUNT = dec('0.75');
/** Every commission is kept to 8 decimals (rounded up): what the server reports is what it charges. */
const COMMISSION_STEP = dec('0.00000001');

/**
 * The simulated account: balances, orders, OCO lists and the matching rule of DESIGN.md
 * section 3, walked along each final candle's price path (sim-price-path.ts). A resting limit buy
 * at p fills at p once the path reaches p or lower, a limit sell at p or higher; a market order
 * fills at the candle's open. A stop triggers when the path reaches its stopPrice (rest-api.md:
 * last price at or below a SELL STOP_LOSS's, at or above a SELL TAKE_PROFIT's, mirrored for BUY),
 * then works as a limit order at its price (the _LIMIT types) or fills at the trigger price.
 * Commission is charged at the maker rate for fills that rested on the book, the taker rate for
 * the others, in the asset `feeMode` says.
 */
export class SimBook {
  readonly orders: SimOrder[] = [];
  readonly lists: SimOrderList[] = [];
  readonly #wallets = new Map<string, Wallet>();
  readonly #lastPrice = new Map<string, Decimal>();
  #orderSeq = 1000;
  #tradeSeq = 5000;
  #listSeq = 0;
  #updateTime = 0;

  constructor(
    balances: Readonly<Record<string, string>>,
    private readonly fees: { readonly maker: Decimal; readonly taker: Decimal },
    private readonly now: () => number,
    private readonly listener: SimBookListener,
    private readonly feeMode: SimFeeMode = 'received',
  ) {
    for (const [asset, amount] of Object.entries(balances)) this.#wallets.set(asset, { free: dec(amount), locked: ZERO });
  }

  balances(): { asset: string; free: Decimal; locked: Decimal }[] {
    return [...this.#wallets.entries()].map(([asset, w]) => ({ asset, free: w.free, locked: w.locked }));
  }

  /** When a balance last changed (GET /api/v3/account `updateTime`, the stream's `u`); 0 before any change. */
  get updateTime(): number {
    return this.#updateTime;
  }

  setBalance(asset: string, free: string): void {
    this.#wallet(asset).free = dec(free);
    this.#changed([asset]);
  }

  /** The market's last trade price: the close of its latest final candle; null before the first. */
  lastPrice(market: SimMarket): Decimal | null {
    return this.#lastPrice.get(market.id) ?? null;
  }

  place(request: NewOrder): SimOrder {
    const reserved = this.#check(request);
    this.#hold(request, reserved);
    const order = this.#create(request, reserved, -1);
    this.listener.order(order, null);
    this.#changed([this.#heldAsset(order)]);
    return order;
  }

  /** Places an OCO's two legs as one list: each leg checked, one hold for both (the larger one). */
  placeList(legs: readonly [NewOrder, NewOrder], listClientOrderId: string): SimOrderList {
    if (this.lists.some((l) => l.listOrderStatus === 'EXECUTING' && l.listClientOrderId === listClientOrderId)) throw new BinanceRefusal(400, -2010, DUPLICATE_ORDER);
    if (legs[0].clientOrderId === legs[1].clientOrderId) throw new BinanceRefusal(400, -2010, DUPLICATE_ORDER);
    const reserved = maxDecimal(this.#check(legs[0]), this.#check(legs[1]));
    this.#hold(legs[0], reserved);
    const orderListId = this.#listSeq++;
    const orders = [this.#create(legs[0], reserved, orderListId), this.#create(legs[1], ZERO, orderListId)];
    const time = orders[0]!.time;
    const list: SimOrderList = { orderListId, listClientOrderId, market: legs[0].market, orders, transactionTime: time, listStatusType: 'EXEC_STARTED', listOrderStatus: 'EXECUTING', updateTime: time };
    this.lists.push(list);
    for (const order of orders) this.listener.order(order, null);
    this.listener.list(list);
    this.#changed([this.#heldAsset(orders[0]!)]);
    return list;
  }

  /** The order with this id, or the latest one with this client order id, in `market`. */
  find(market: SimMarket, orderId: string | undefined, clientOrderId: string | undefined): SimOrder | undefined {
    const byId = orderId !== undefined ? (o: SimOrder) => String(o.orderId) === orderId : (o: SimOrder) => o.clientOrderId === clientOrderId;
    return this.orders.findLast((o) => o.market === market && byId(o));
  }

  /** The list an order is a leg of, while that list still executes (both legs open). */
  executingList(order: SimOrder): SimOrderList | null {
    if (order.orderListId === -1) return null;
    const list = this.lists.find((l) => l.orderListId === order.orderListId);
    return list?.listOrderStatus === 'EXECUTING' ? list : null;
  }

  /** Cancels the order; a leg of an executing OCO cancels the whole list (rest-api.md, "Cancel Order list"). */
  cancel(order: SimOrder, cancelClientOrderId: string): void {
    if (order.status !== 'NEW') throw new BinanceRefusal(400, -2011, 'Unknown order sent.');
    const list = this.executingList(order);
    if (list !== null) return this.cancelList(list, cancelClientOrderId);
    this.#cancelOne(order, cancelClientOrderId);
    this.#changed([this.#heldAsset(order)]);
  }

  cancelList(list: SimOrderList, cancelClientOrderId: string): void {
    if (list.listOrderStatus !== 'EXECUTING') throw new BinanceRefusal(400, -2011, 'Unknown order list sent.');
    for (const order of list.orders) this.#cancelOne(order, cancelClientOrderId);
    this.#finish(list);
    this.#changed([this.#heldAsset(list.orders[0]!)]);
  }

  open(market?: SimMarket): SimOrder[] {
    return this.orders.filter((o) => o.status === 'NEW' && (market === undefined || o.market === market));
  }

  /** Walks one final candle's price path: stops trigger, orders fill, OCO legs expire, in time order. */
  onFinalCandle(market: SimMarket, candle: Candle): void {
    this.#lastPrice.set(market.id, dec(candle.close));
    const resting = this.open(market).filter((o) => candle.openTime >= o.time);
    const partner = (o: SimOrder): SimOrder | null => this.executingList(o)?.orders.find((x) => x !== o) ?? null;
    for (const move of planMoves(new CandlePath(candle), resting, partner)) this.#apply(move, candle.openTime);
  }

  /**
   * A trade at `price` at `time`, between candle closes (BinanceSim.trade): it is the last price,
   * resting stops at or beyond it trigger and resting limits it reaches fill, as on the exchange;
   * market orders still wait for the next candle's open.
   */
  onTrade(market: SimMarket, price: Decimal, time: number): void {
    this.#lastPrice.set(market.id, price);
    const p = price.toNumber();
    const resting = this.open(market).filter((o) => o.type !== 'MARKET' && o.time <= time);
    const partner = (o: SimOrder): SimOrder | null => this.executingList(o)?.orders.find((x) => x !== o) ?? null;
    for (const move of planMoves(new CandlePath({ openTime: time, open: p, high: p, low: p, close: p, volume: 0 }), resting, partner)) this.#apply(move, time);
  }

  #apply(move: SimMove, time: number): void {
    const { order } = move;
    // the OCO leg that acts first takes the list's hold, whichever leg carried it
    const other = move.kind === 'expire' ? null : this.executingList(order)?.orders.find((o) => o !== order);
    if (other !== undefined && other !== null) {
      order.reserved = order.reserved.plus(other.reserved);
      other.reserved = ZERO;
    }
    if (move.kind === 'fill') return this.#fill(order, move.price, time, move.maker);
    order.updateTime = time;
    if (move.kind === 'trigger') {
      order.workingTime = time;
      return this.listener.order(order, null);
    }
    order.status = 'EXPIRED';
    order.expiryReason = 'OCO_TRIGGER';
    this.listener.order(order, null);
    const list = this.executingList(order);
    if (list !== null) this.#finish(list);
  }

  /** The hold a new order needs, once it passes the duplicate id check, the filters and the price rules. */
  #check(request: NewOrder): Decimal {
    const { market, side, type, quantity, price, clientOrderId } = request;
    const stopPrice = request.stopPrice ?? null;
    if (this.orders.some((o) => o.status === 'NEW' && o.clientOrderId === clientOrderId)) throw new BinanceRefusal(400, -2010, DUPLICATE_ORDER);
    const last = this.lastPrice(market);
    const filter = brokenFilter(market, quantity, price, last, stopPrice);
    if (filter !== null) throw new BinanceRefusal(400, -1013, `Filter failure: ${filter}`);
    if (last !== null && type === 'LIMIT_MAKER' && onSide(fillCrossing(side), last, price!)) throw new BinanceRefusal(400, -2010, 'Order would immediately match and take.');
    if (last !== null && isStop(type) && onSide(triggerCrossing(side, type), last, stopPrice!)) throw new BinanceRefusal(400, -2010, 'Order would trigger immediately.');
    if (side === 'SELL') return quantity;
    if (price !== null) return price.times(quantity).times(this.fees.maker.plus(1));
    const reference = stopPrice ?? last;
    if (reference === null) throw new BinanceRefusal(400, -1013, 'Filter failure: NOTIONAL');
    return reference.times(quantity).times(1.05).times(this.fees.taker.plus(1));
  }

  #hold(request: NewOrder, amount: Decimal): void {
    const wallet = this.#wallet(request.side === 'BUY' ? request.market.quote : request.market.base);
    if (wallet.free.lt(amount)) throw new BinanceRefusal(400, -2010, INSUFFICIENT_BALANCE);
    wallet.free = wallet.free.minus(amount);
    wallet.locked = wallet.locked.plus(amount);
  }

  #create(request: NewOrder, reserved: Decimal, orderListId: number): SimOrder {
    const { market, side, type, price, quantity, clientOrderId } = request;
    const time = this.now();
    const workingTime = isStop(type) ? -1 : time;
    const order: SimOrder = { orderId: ++this.#orderSeq, clientOrderId, market, side, type, price, stopPrice: request.stopPrice ?? null, quantity, time, orderListId, workingTime, updateTime: time, status: 'NEW', executedQty: ZERO, cumQuote: ZERO, reserved, trades: [], expiryReason: null };
    this.orders.push(order);
    return order;
  }

  #cancelOne(order: SimOrder, cancelClientOrderId: string): void {
    this.#release(order);
    order.status = 'CANCELED';
    order.cancelClientOrderId = cancelClientOrderId;
    order.updateTime = this.now();
    this.listener.order(order, null);
  }

  #finish(list: SimOrderList): void {
    list.listStatusType = 'ALL_DONE';
    list.listOrderStatus = 'ALL_DONE';
    list.updateTime = this.now();
    this.listener.list(list);
  }

  #fill(order: SimOrder, price: Decimal, time: number, maker: boolean): void {
    const { market, quantity } = order;
    const quoteQty = price.times(quantity);
    const rate = maker ? this.fees.maker : this.fees.taker;
    const { commission, commissionAsset } = this.#commission(order.side, market, quoteQty, quantity, rate);
    const quote = this.#wallet(market.quote);
    const base = this.#wallet(market.base);
    const fromQuote = commissionAsset === market.quote ? commission : ZERO;
    const fromBase = commissionAsset === market.base ? commission : ZERO;
    if (commissionAsset !== market.quote && commissionAsset !== market.base) this.#wallet(commissionAsset).free = this.#wallet(commissionAsset).free.minus(commission);
    if (order.side === 'BUY') {
      quote.locked = quote.locked.minus(order.reserved);
      quote.free = quote.free.plus(order.reserved).minus(quoteQty).minus(fromQuote);
      base.free = base.free.plus(quantity).minus(fromBase);
    } else {
      base.locked = base.locked.minus(order.reserved);
      quote.free = quote.free.plus(quoteQty).minus(fromQuote);
    }
    const trade: SimTrade = { id: ++this.#tradeSeq, orderId: order.orderId, price, qty: quantity, commission, commissionAsset, time, isBuyer: order.side === 'BUY', isMaker: maker };
    order.trades.push(trade);
    order.executedQty = quantity;
    order.cumQuote = quoteQty;
    order.status = 'FILLED';
    order.updateTime = time;
    this.listener.order(order, trade);
    this.#changed([...new Set([market.base, market.quote, commissionAsset])]);
  }

  #commission(side: SimSide, market: SimMarket, quoteQty: Decimal, quantity: Decimal, rate: Decimal): { commission: Decimal; commissionAsset: string } {
    if (this.feeMode === 'bnb') {
      const bnbPrice = this.#lastPrice.get(`BNB${market.quote}`);
      if (bnbPrice !== undefined && market.base !== 'BNB' && market.quote !== 'BNB') {
        const commission = roundUpToStep(quoteQty.times(rate).times(BNB_DISCOUNT).div(bnbPrice), COMMISSION_STEP);
        if (this.#wallet('BNB').free.gte(commission)) return { commission, commissionAsset: 'BNB' };
      }
    }
    if (this.feeMode === 'quote' || side === 'SELL') return { commission: roundUpToStep(quoteQty.times(rate), COMMISSION_STEP), commissionAsset: market.quote };
    return { commission: roundUpToStep(quantity.times(rate), COMMISSION_STEP), commissionAsset: market.base };
  }

  /** The asset an order holds: quote for a buy, base for a sell. */
  #heldAsset(order: SimOrder): string {
    return order.side === 'BUY' ? order.market.quote : order.market.base;
  }

  /** Balances of `assets` changed now: the account's update time moves on and the change is announced. */
  #changed(assets: readonly string[]): void {
    this.#updateTime = Math.max(this.#updateTime, this.now());
    this.listener.account(assets);
  }

  #release(order: SimOrder): void {
    const wallet = this.#wallet(this.#heldAsset(order));
    wallet.locked = wallet.locked.minus(order.reserved);
    wallet.free = wallet.free.plus(order.reserved);
    order.reserved = ZERO;
  }

  #wallet(asset: string): Wallet {
    let wallet = this.#wallets.get(asset);
    if (wallet === undefined) {
      wallet = { free: ZERO, locked: ZERO };
      this.#wallets.set(asset, wallet);
    }
    return wallet;
  }
}
