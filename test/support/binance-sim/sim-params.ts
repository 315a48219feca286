import { CLIENT_ORDER_ID_PATTERN } from '../../../src/domain/shared/client-order-id.js';
import { dec, type Decimal } from '../../../src/domain/shared/decimal.js';
import { BinanceRefusal } from './sim-book.js';
import type { SimMarket } from './sim-market.js';

/** Reading request parameters as Binance does: its error codes and messages for missing or malformed ones. */

export const required = (p: URLSearchParams, name: string): string => {
  const value = p.get(name);
  if (value === null || value === '') throw new BinanceRefusal(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
  return value;
};

export function decimal(p: URLSearchParams, name: string): Decimal {
  const text = required(p, name);
  if (!/^\d+(\.\d+)?$/.test(text)) throw new BinanceRefusal(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`);
  return dec(text);
}

/** -1106 when `name` was sent to an order type that takes no such parameter. */
export function notSent(p: URLSearchParams, name: string): void {
  if (p.has(name)) throw new BinanceRefusal(400, -1106, `Parameter '${name}' sent when not required.`);
}

export function symbolOf(markets: ReadonlyMap<string, SimMarket>, p: URLSearchParams): SimMarket {
  const found = markets.get(required(p, 'symbol'));
  if (found === undefined) throw new BinanceRefusal(400, -1121, 'Invalid symbol.');
  return found;
}

export function sideOf(p: URLSearchParams): 'BUY' | 'SELL' {
  const side = required(p, 'side');
  if (side !== 'BUY' && side !== 'SELL') throw new BinanceRefusal(400, -1117, 'Invalid side.');
  return side;
}

let generatedIds = 0;

/** A client order id parameter, or a generated one when it is absent. */
export function clientIdOf(p: URLSearchParams, name: string, prefix = 'sim'): string {
  const id = p.get(name) ?? `${prefix}-${++generatedIds}`;
  if (!CLIENT_ORDER_ID_PATTERN.test(id)) throw new BinanceRefusal(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '${CLIENT_ORDER_ID_PATTERN.source}'.`);
  return id;
}
