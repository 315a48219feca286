import { randomBytes } from 'node:crypto';
import { BinanceRefusal, type SimOrder } from './sim-book.js';
import { exchangeInfo, type SimMarket } from './sim-market.js';
import { ORDER_LIST_ROUTES } from './sim-order-lists.js';
import { ORDER_PARAMS, orderOf, typeOf } from './sim-order-params.js';
import { decimal, required, sideOf, symbolOf } from './sim-params.js';
import type { RestState, Route } from './sim-rest.js';
import { ticker24hr } from './sim-tickers.js';
import { canceledOrderJson, klineRow, newOrderJson, orderJson, tradeJson } from './sim-wire.js';

/** The REST endpoints of the simulator: /api/v3/ (spot) and /sapi/v1/ (wallet), by "METHOD path". */

const market = (state: RestState, p: URLSearchParams): SimMarket => symbolOf(state.markets, p);

function lookup(state: RestState, p: URLSearchParams, missing: BinanceRefusal): SimOrder {
  const m = market(state, p);
  const orderId = p.get('orderId') ?? undefined;
  const clientId = p.get('origClientOrderId') ?? undefined;
  if (orderId === undefined && clientId === undefined) throw new BinanceRefusal(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
  const order = state.book.find(m, orderId, clientId);
  if (order === undefined) throw missing;
  return order;
}

let generatedIds = 0;

export const ROUTES: Record<string, Route> = {
  'GET ping': { endpoint: 'ping', auth: 'none', handle: () => ({}) },
  'GET time': { endpoint: 'time', auth: 'none', handle: (s) => ({ serverTime: s.now() }) },
  'GET exchangeInfo': { endpoint: 'exchangeInfo', auth: 'none', handle: (s) => exchangeInfo([...s.markets.values()], s.now(), s.limits.limits) },
  'GET ticker/24hr': { endpoint: 'ticker24hr', auth: 'none', handle: ticker24hr },
  'GET klines': {
    endpoint: 'klines',
    auth: 'none',
    handle: (s, p) => {
      const interval = required(p, 'interval');
      const limit = Math.min(Number(p.get('limit') ?? 500), 1000);
      const start = p.get('startTime');
      const end = p.get('endTime');
      let rows = s.klines(market(s, p).id, interval).filter((c) => (start === null || c.openTime >= Number(start)) && (end === null || c.openTime <= Number(end)));
      rows = start === null ? rows.slice(-limit) : rows.slice(0, limit);
      return rows.map((c) => klineRow(c, interval));
    },
  },
  'GET account': {
    endpoint: 'account',
    auth: 'signed',
    handle: (s) => ({
      makerCommission: 10,
      takerCommission: 10,
      buyerCommission: 0,
      sellerCommission: 0,
      commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      updateTime: s.book.updateTime,
      accountType: 'SPOT',
      balances: s.book.balances().map((b) => ({ asset: b.asset, free: b.free.toFixed(8), locked: b.locked.toFixed(8) })),
      permissions: ['SPOT'],
      uid: 354937868,
    }),
  },
  'POST order': {
    endpoint: 'createOrder',
    auth: 'signed',
    handle: (s, p) => {
      const m = market(s, p);
      const side = sideOf(p);
      const type = typeOf(p, 'type');
      const order = s.book.place(orderOf(p, ORDER_PARAMS, { market: m, side, type, quantity: decimal(p, 'quantity') }));
      // rest-api.md: MARKET and LIMIT answer FULL by default, the other types ACK
      return newOrderJson(order, p.get('newOrderRespType') ?? (type === 'LIMIT' || type === 'MARKET' ? 'FULL' : 'ACK'));
    },
  },
  'GET order': { endpoint: 'queryOrder', auth: 'signed', handle: (s, p) => orderJson(lookup(s, p, new BinanceRefusal(400, -2013, 'Order does not exist.'))) },
  'DELETE order': {
    endpoint: 'cancelOrder',
    auth: 'signed',
    handle: (s, p) => {
      const order = lookup(s, p, new BinanceRefusal(400, -2011, 'Unknown order sent.'));
      // a leg of an executing OCO takes its whole list with it
      const cancelId = p.get('newClientOrderId') ?? `cancel-${++generatedIds}`;
      s.book.cancel(order, cancelId);
      return canceledOrderJson(order, cancelId, s.now());
    },
  },
  'GET openOrders': {
    endpoint: 'openOrders',
    auth: 'signed',
    handle: (s, p) => s.book.open(p.has('symbol') ? market(s, p) : undefined).map(orderJson),
  },
  'GET myTrades': {
    endpoint: 'myTrades',
    auth: 'signed',
    handle: (s, p) => {
      const m = market(s, p);
      const orderId = p.get('orderId');
      const orders = s.book.orders.filter((o) => o.market === m && (orderId === null || String(o.orderId) === orderId));
      return orders.flatMap((o) => o.trades.map((t) => tradeJson(o, t))).sort((a, b) => a.id - b.id);
    },
  },
  'POST userDataStream': {
    endpoint: 'userDataStream',
    auth: 'apiKey',
    handle: (s) => {
      const listenKey = randomBytes(30).toString('hex');
      s.listenKeys.add(listenKey);
      return { listenKey };
    },
  },
  'PUT userDataStream': { endpoint: 'userDataStream', auth: 'apiKey', handle: () => ({}) },
  'DELETE userDataStream': {
    endpoint: 'userDataStream',
    auth: 'apiKey',
    handle: (s, p) => {
      s.listenKeys.delete(required(p, 'listenKey'));
      return {};
    },
  },
  ...ORDER_LIST_ROUTES,
};

/** Binance's wallet API (/sapi/v1/): what the bot reads of the account besides trading. */
export const SAPI_ROUTES: Record<string, Route> = {
  // every symbol, or the one asked for, with the account's rates as decimal text
  'GET asset/tradeFee': {
    endpoint: 'tradeFee',
    auth: 'signed',
    handle: (s, p) => {
      const markets = p.has('symbol') ? [market(s, p)] : [...s.markets.values()];
      return markets.map((m) => ({ symbol: m.id, makerCommission: s.fees.maker.toString(), takerCommission: s.fees.taker.toString() }));
    },
  },
};

