import type { Candle } from '../../../src/domain/shared/candle.js';
import { dec, roundUpToStep, ZERO, type Decimal } from '../../../src/domain/shared/decimal.js';
import { brokenFilter, type SimMarket } from './sim-market.js';

export type SimSide = 'BUY' | 'SELL';
export type SimOrderType = 'LIMIT' | 'MARKET';
export type SimOrderStatus = 'NEW' | 'FILLED' | 'CANCELED';

export interface SimTrade {
  readonly id: number;
  readonly orderId: number;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly commission: Decimal;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
}

export interface SimOrder {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly market: SimMarket;
  readonly side: SimSide;
  readonly type: SimOrderType;
  /** null for market orders */
  readonly price: Decimal | null;
  readonly quantity: Decimal;
  readonly time: number;
  updateTime: number;
  status: SimOrderStatus;
  executedQty: Decimal;
  cumQuote: Decimal;
  /** Held: quote for buys (price x qty x (1 + fee)), base for sells. */
  readonly reserved: Decimal;
  readonly trades: SimTrade[];
}

/** A refusal in Binance's error format: HTTP status, error code, message. */
export class BinanceRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const INSUFFICIENT_BALANCE = 'Account has insufficient balance for requested action.';
export const DUPLICATE_ORDER = 'Duplicate order sent.';

interface Wallet {
  free: Decimal;
  locked: Decimal;
}

export interface NewOrder {
  readonly market: SimMarket;
  readonly side: SimSide;
  readonly type: SimOrderType;
  readonly quantity: Decimal;
  readonly price: Decimal | null;
  readonly clientOrderId: string;
}

/**
 * Which asset commission is charged in. Binance (spot, its default): the asset the trade
 * brings in, so a buy pays in the base asset and the account receives qty - commission; with
 * "pay fees with BNB" on and BNB enough, in BNB at a 25 % discount, valued at the BNB/<quote>
 * last price. `quote` is the simplified model some exchanges use: every commission in quote.
 */
export type SimFeeMode = 'received' | 'bnb' | 'quote';

/** BNB commissions: 25 % off, kept to 8 decimals (rounded up). */
const BNB_DISCOUNT = dec('0.75');
const BNB_STEP = dec('0.00000001');

/**
 * The simulated account: balances, orders and the matching rule of DESIGN.md section 3. A
 * resting limit buy at p fills at p on a later final candle whose low <= p, a limit sell when
 * its high >= p; a market order fills at the next final candle's open. Commission is charged
 * at the maker (limit) or taker (market) rate in the asset `feeMode` says.
 */
export class SimBook {
  readonly orders: SimOrder[] = [];
  readonly #wallets = new Map<string, Wallet>();
  readonly #lastPrice = new Map<string, Decimal>();
  #orderSeq = 1000;
  #tradeSeq = 5000;

  constructor(
    balances: Readonly<Record<string, string>>,
    private readonly fees: { readonly maker: Decimal; readonly taker: Decimal },
    private readonly now: () => number,
    private readonly onUpdate: (order: SimOrder, trade: SimTrade | null) => void,
    private readonly feeMode: SimFeeMode = 'received',
  ) {
    for (const [asset, amount] of Object.entries(balances)) this.#wallets.set(asset, { free: dec(amount), locked: ZERO });
  }

  balances(): { asset: string; free: Decimal; locked: Decimal }[] {
    return [...this.#wallets.entries()].map(([asset, w]) => ({ asset, free: w.free, locked: w.locked }));
  }

  setBalance(asset: string, free: string): void {
    this.#wallet(asset).free = dec(free);
  }

  place(request: NewOrder): SimOrder {
    const { market, side, type, quantity, price, clientOrderId } = request;
    if (this.orders.some((o) => o.status === 'NEW' && o.clientOrderId === clientOrderId)) throw new BinanceRefusal(400, -2010, DUPLICATE_ORDER);
    const last = this.#lastPrice.get(market.id) ?? null;
    const filter = brokenFilter(market, quantity, price, last);
    if (filter !== null) throw new BinanceRefusal(400, -1013, `Filter failure: ${filter}`);
    let reserved: Decimal;
    if (side === 'SELL') reserved = quantity;
    else if (price !== null) reserved = price.times(quantity).times(this.fees.maker.plus(1));
    else if (last !== null) reserved = last.times(quantity).times(1.05).times(this.fees.taker.plus(1));
    else throw new BinanceRefusal(400, -1013, 'Filter failure: NOTIONAL');
    const wallet = this.#wallet(side === 'BUY' ? market.quote : market.base);
    if (wallet.free.lt(reserved)) throw new BinanceRefusal(400, -2010, INSUFFICIENT_BALANCE);
    wallet.free = wallet.free.minus(reserved);
    wallet.locked = wallet.locked.plus(reserved);
    const time = this.now();
    const order: SimOrder = { orderId: ++this.#orderSeq, clientOrderId, market, side, type, price, quantity, time, updateTime: time, status: 'NEW', executedQty: ZERO, cumQuote: ZERO, reserved, trades: [] };
    this.orders.push(order);
    this.onUpdate(order, null);
    return order;
  }

  /** The order with this id, or the latest one with this client order id, in `market`. */
  find(market: SimMarket, orderId: string | undefined, clientOrderId: string | undefined): SimOrder | undefined {
    const byId = orderId !== undefined ? (o: SimOrder) => String(o.orderId) === orderId : (o: SimOrder) => o.clientOrderId === clientOrderId;
    return this.orders.findLast((o) => o.market === market && byId(o));
  }

  cancel(order: SimOrder): void {
    if (order.status !== 'NEW') throw new BinanceRefusal(400, -2011, 'Unknown order sent.');
    this.#release(order);
    order.status = 'CANCELED';
    order.updateTime = this.now();
    this.onUpdate(order, null);
  }

  open(market?: SimMarket): SimOrder[] {
    return this.orders.filter((o) => o.status === 'NEW' && (market === undefined || o.market === market));
  }

  /** Matches the resting orders of `market` against one final candle. */
  onFinalCandle(market: SimMarket, candle: Candle): void {
    this.#lastPrice.set(market.id, dec(candle.close));
    for (const order of this.open(market)) {
      if (candle.openTime < order.time) continue;
      const price = fillPrice(order, candle);
      if (price !== null) this.#fill(order, price, candle.openTime);
    }
  }

  #fill(order: SimOrder, price: Decimal, time: number): void {
    const { market, quantity } = order;
    const quoteQty = price.times(quantity);
    const rate = order.type === 'LIMIT' ? this.fees.maker : this.fees.taker;
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
    const trade: SimTrade = { id: ++this.#tradeSeq, orderId: order.orderId, price, qty: quantity, commission, commissionAsset, time, isBuyer: order.side === 'BUY' };
    order.trades.push(trade);
    order.executedQty = quantity;
    order.cumQuote = quoteQty;
    order.status = 'FILLED';
    order.updateTime = time;
    this.onUpdate(order, trade);
  }

  #commission(side: SimSide, market: SimMarket, quoteQty: Decimal, quantity: Decimal, rate: Decimal): { commission: Decimal; commissionAsset: string } {
    if (this.feeMode === 'bnb') {
      const bnbPrice = this.#lastPrice.get(`BNB${market.quote}`);
      if (bnbPrice !== undefined && market.base !== 'BNB' && market.quote !== 'BNB') {
        const commission = roundUpToStep(quoteQty.times(rate).times(BNB_DISCOUNT).div(bnbPrice), BNB_STEP);
        if (this.#wallet('BNB').free.gte(commission)) return { commission, commissionAsset: 'BNB' };
      }
    }
    if (this.feeMode === 'quote' || side === 'SELL') return { commission: quoteQty.times(rate), commissionAsset: market.quote };
    return { commission: quantity.times(rate), commissionAsset: market.base };
  }

  #release(order: SimOrder): void {
    const wallet = this.#wallet(order.side === 'BUY' ? order.market.quote : order.market.base);
    wallet.locked = wallet.locked.minus(order.reserved);
    wallet.free = wallet.free.plus(order.reserved);
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

function fillPrice(order: SimOrder, candle: Candle): Decimal | null {
  if (order.price === null) return dec(candle.open);
  if (order.side === 'BUY') return candle.low <= Number(order.price.toString()) ? order.price : null;
  return candle.high >= Number(order.price.toString()) ? order.price : null;
}
