import type { Decimal } from '../../../src/domain/shared/decimal.js';
import type { SimMarket } from './sim-market.js';
import { legParams, orderOf, typeOf } from './sim-order-params.js';
import { BinanceRefusal, type NewOrder, type SimOrderList, type SimOrderType, type SimSide } from './sim-orders.js';
import { clientIdOf, decimal, required, sideOf, symbolOf } from './sim-params.js';
import type { RestState, Route } from './sim-rest.js';
import { canceledOrderJson, newOrderJson, orderListJson } from './sim-wire.js';

/** OCO order lists (rest-api.md, "Order lists"): placing, cancelling and reading them. */

const LIMIT_LEGS: readonly SimOrderType[] = ['LIMIT_MAKER', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];
const STOP_LEGS: readonly SimOrderType[] = ['STOP_LOSS', 'STOP_LOSS_LIMIT'];
const ABOVE_TYPES: readonly SimOrderType[] = ['STOP_LOSS_LIMIT', 'STOP_LOSS', 'LIMIT_MAKER', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];
// the parameter table of POST /api/v3/orderList/oco leaves LIMIT_MAKER out of belowType, but its
// BUY price rule and the WebSocket API's own example place a LIMIT_MAKER below
const BELOW_TYPES: readonly SimOrderType[] = ['STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT', 'LIMIT_MAKER'];

const refuse = (code: number, message: string): never => {
  throw new BinanceRefusal(400, code, message);
};

export const OCO_BAD_PRICES = 'The relationship of the prices for the orders is not correct.';

/**
 * The legs of an OCO, stop leg first (as Binance lists them), once its shape and prices are right:
 * one LIMIT_MAKER / TAKE_PROFIT(_LIMIT) leg and one STOP_LOSS(_LIMIT) leg, the limit one above for
 * a SELL and below for a BUY, and (with a last price) SELL: limit price > last > stopPrice,
 * BUY: limit price < last < stopPrice (a TAKE_PROFIT leg's stopPrice stands for its price).
 */
export function ocoLegs(side: SimSide, above: NewOrder, below: NewOrder, last: Decimal | null): [NewOrder, NewOrder] {
  if (above.type === 'LIMIT_MAKER' && below.type === 'LIMIT_MAKER') refuse(-1168, 'At least one OCO order must be contingent.');
  const limit = [above, below].find((l) => LIMIT_LEGS.includes(l.type));
  const stop = [above, below].find((l) => STOP_LEGS.includes(l.type));
  if (limit === undefined || stop === undefined) return refuse(-1158, 'Order type not supported in OCO.');
  const isMaker = limit.type === 'LIMIT_MAKER';
  if (side === 'SELL' && limit !== above) refuse(isMaker ? -1166 : -1199, isMaker ? 'A limit order in a sell OCO must be above.' : 'A take profit order in a sell OCO must be above.');
  if (side === 'BUY' && limit !== below) refuse(isMaker ? -1165 : -1198, isMaker ? 'A limit order in a buy OCO must be below.' : 'A take profit order in a buy OCO must be below.');
  const level = (limit.type === 'TAKE_PROFIT' ? limit.stopPrice : limit.price)!;
  const stopPrice = stop.stopPrice!;
  if (last !== null) {
    const ordered = side === 'SELL' ? level.gt(last) && last.gt(stopPrice) : level.lt(last) && last.lt(stopPrice);
    if (!ordered) refuse(-2010, OCO_BAD_PRICES);
  }
  return [stop, limit];
}

function commonOf(s: RestState, p: URLSearchParams): { market: SimMarket; side: SimSide; quantity: Decimal } {
  return { market: symbolOf(s.markets, p), side: sideOf(p), quantity: decimal(p, 'quantity') };
}

/** POST /api/v3/orderList/oco: aboveType / belowType with their prices. */
function newOco(s: RestState, p: URLSearchParams): [NewOrder, NewOrder] {
  const common = commonOf(s, p);
  const notInOco = new BinanceRefusal(400, -1158, 'Order type not supported in OCO.');
  const above = orderOf(p, legParams('above'), { ...common, type: typeOf(p, 'aboveType', ABOVE_TYPES, notInOco) });
  const below = orderOf(p, legParams('below'), { ...common, type: typeOf(p, 'belowType', BELOW_TYPES, notInOco) });
  return ocoLegs(common.side, above, below, s.book.lastPrice(common.market));
}

/**
 * POST /api/v3/order/oco (deprecated): a LIMIT_MAKER at `price` and a STOP_LOSS at `stopPrice`,
 * a STOP_LOSS_LIMIT when `stopLimitPrice` is sent (then `stopLimitTimeInForce` is mandatory).
 */
function oldOco(s: RestState, p: URLSearchParams): [NewOrder, NewOrder] {
  const common = commonOf(s, p);
  const limit: NewOrder = { ...common, type: 'LIMIT_MAKER', price: decimal(p, 'price'), stopPrice: null, clientOrderId: clientIdOf(p, 'limitClientOrderId') };
  const stopLimit = p.has('stopLimitPrice');
  if (stopLimit && required(p, 'stopLimitTimeInForce') !== 'GTC') refuse(-1115, 'Invalid timeInForce.');
  const stopPrice = decimal(p, 'stopPrice');
  const stop: NewOrder = { ...common, type: stopLimit ? 'STOP_LOSS_LIMIT' : 'STOP_LOSS', price: stopLimit ? decimal(p, 'stopLimitPrice') : null, stopPrice, clientOrderId: clientIdOf(p, 'stopClientOrderId') };
  const [above, below] = common.side === 'SELL' ? [limit, stop] : [stop, limit];
  return ocoLegs(common.side, above, below, s.book.lastPrice(common.market));
}

function placed(s: RestState, p: URLSearchParams, legs: [NewOrder, NewOrder]) {
  const list = s.book.placeList(legs, clientIdOf(p, 'listClientOrderId', 'list'));
  const respType = p.get('newOrderRespType') ?? 'RESULT';
  return { ...orderListJson(list), orderReports: list.orders.map((o) => newOrderJson(o, respType)) };
}

function findList(s: RestState, p: URLSearchParams, idName: string, clientIdName: string, missing: BinanceRefusal): SimOrderList {
  const id = p.get(idName);
  const clientId = p.get(clientIdName);
  if (id === null && clientId === null) refuse(-1102, `Param '${idName}' or '${clientIdName}' must be sent, but both were empty/null!`);
  const list = s.book.lists.findLast((l) => (id === null || String(l.orderListId) === id) && (clientId === null || l.listClientOrderId === clientId));
  return list ?? refuse(missing.code, missing.message);
}

let cancelIds = 0;

export const ORDER_LIST_ROUTES: Record<string, Route> = {
  'POST orderList/oco': { endpoint: 'createOrderList', auth: 'signed', handle: (s, p) => placed(s, p, newOco(s, p)) },
  'POST order/oco': { endpoint: 'createOrderList', auth: 'signed', handle: (s, p) => placed(s, p, oldOco(s, p)) },
  'DELETE orderList': {
    endpoint: 'cancelOrderList',
    auth: 'signed',
    handle: (s, p) => {
      const market = symbolOf(s.markets, p);
      const list = findList(s, p, 'orderListId', 'listClientOrderId', new BinanceRefusal(400, -2011, 'Unknown order list sent.'));
      if (list.market !== market) refuse(-2011, 'Unknown order list sent.');
      const cancelId = p.get('newClientOrderId') ?? `cancel-list-${++cancelIds}`;
      s.book.cancelList(list, cancelId);
      return { ...orderListJson(list), orderReports: list.orders.map((o) => canceledOrderJson(o, cancelId, s.now())) };
    },
  },
  'GET orderList': {
    endpoint: 'queryOrderList',
    auth: 'signed',
    handle: (s, p) => orderListJson(findList(s, p, 'orderListId', 'origClientOrderId', new BinanceRefusal(400, -2013, 'Order list does not exist.'))),
  },
  'GET openOrderList': { endpoint: 'openOrderLists', auth: 'signed', handle: (s) => s.book.lists.filter((l) => l.listOrderStatus === 'EXECUTING').map(orderListJson) },
};
