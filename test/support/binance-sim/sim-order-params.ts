import type { Decimal } from '../../../src/domain/shared/decimal.js';
import { BinanceRefusal, type NewOrder, type SimOrderType, type SimSide } from './sim-orders.js';
import type { SimMarket } from './sim-market.js';
import { clientIdOf, decimal, notSent, required } from './sim-params.js';
import { isPriced, isStop } from './sim-triggers.js';

/** The parameter names of one order: POST /api/v3/order's, or an OCO leg's (aboveType, belowStopPrice, ...). */
export interface OrderParamNames {
  readonly type: string;
  readonly price: string;
  readonly stopPrice: string;
  readonly timeInForce: string;
  readonly clientOrderId: string;
}

export const ORDER_PARAMS: OrderParamNames = { type: 'type', price: 'price', stopPrice: 'stopPrice', timeInForce: 'timeInForce', clientOrderId: 'newClientOrderId' };

export const legParams = (leg: 'above' | 'below'): OrderParamNames => ({ type: `${leg}Type`, price: `${leg}Price`, stopPrice: `${leg}StopPrice`, timeInForce: `${leg}TimeInForce`, clientOrderId: `${leg}ClientOrderId` });

const ORDER_TYPES: readonly SimOrderType[] = ['LIMIT', 'MARKET', 'LIMIT_MAKER', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];

/** The type parameter, when it is one of `allowed`; else `refusal` (POST /order: -1116 Invalid orderType). */
export function typeOf(p: URLSearchParams, name: string, allowed: readonly SimOrderType[] = ORDER_TYPES, refusal = new BinanceRefusal(400, -1116, 'Invalid orderType.')): SimOrderType {
  const type = required(p, name);
  const known = allowed.find((t) => t === type);
  if (known === undefined) throw refusal;
  return known;
}

/**
 * timeInForce of a _LIMIT stop: mandatory (-1102). The simulator models GTC only, so IOC and FOK,
 * which Binance accepts, are refused rather than treated as GTC.
 */
function stopTimeInForce(p: URLSearchParams, name: string): void {
  if (required(p, name) !== 'GTC') throw new BinanceRefusal(400, -1115, 'Invalid timeInForce.');
}

/**
 * One new order from its parameters, with each type's mandatory ones (rest-api.md, "New order"):
 * LIMIT: timeInForce, price; LIMIT_MAKER: price; STOP_LOSS / TAKE_PROFIT: stopPrice;
 * STOP_LOSS_LIMIT / TAKE_PROFIT_LIMIT: timeInForce, price, stopPrice. A stopPrice sent to a type
 * without one, or a price to STOP_LOSS / TAKE_PROFIT, is refused (-1106).
 */
export function orderOf(p: URLSearchParams, names: OrderParamNames, order: { readonly market: SimMarket; readonly side: SimSide; readonly type: SimOrderType; readonly quantity: Decimal }): NewOrder {
  const { type } = order;
  if (type === 'LIMIT') required(p, names.timeInForce);
  if (type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT') stopTimeInForce(p, names.timeInForce);
  if (type === 'LIMIT_MAKER' || type === 'STOP_LOSS' || type === 'TAKE_PROFIT') notSent(p, names.timeInForce);
  if (type === 'STOP_LOSS' || type === 'TAKE_PROFIT') notSent(p, names.price);
  if (!isStop(type)) notSent(p, names.stopPrice);
  const price = isPriced(type) ? decimal(p, names.price) : null;
  const stopPrice = isStop(type) ? decimal(p, names.stopPrice) : null;
  return { ...order, price, stopPrice, clientOrderId: clientIdOf(p, names.clientOrderId) };
}
