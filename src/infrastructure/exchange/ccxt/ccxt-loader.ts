import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Ccxt from 'ccxt';

/*
 * ccxt's package.json exports only its index, and the index imports every exchange class ccxt
 * has (76 websocket ones, 110 REST ones): about 50 MB resident and 33 MB of heap on Node 20
 * for classes a run never uses. ccxt offers no per-exchange import path, but its ES module files
 * under js/src import only what they need, so the bot loads those by file: the websocket class
 * of the exchange the run trades (with its REST parent) and the error classes. Loaded by the
 * same file URLs as the index's, they are the same module instances: `ccxt.pro.binance` and
 * this loader's binance are one class, and an error thrown by either is one of these classes.
 * The layout is ccxt 4.5's (package.json pins "4.5"); ccxt-loader.test.ts fails if an upgrade
 * moves a file or changes the list below.
 */

/** The package's folder: the CommonJS entry is dist/ccxt.cjs; the module files sit under js/src/. */
const PACKAGE_ROOT = join(dirname(createRequire(import.meta.url).resolve('ccxt')), '..');

const moduleUrl = (file: string): string => pathToFileURL(join(PACKAGE_ROOT, 'js', 'src', file)).href;

/** The ids of `ccxt.pro.exchanges` (ccxt 4.5.84): each has js/src/pro/<id>.js. */
export const CCXT_PRO_EXCHANGES: readonly string[] = Object.freeze([
  'alpaca', 'apex', 'aster', 'backpack', 'bequant', 'binance', 'binancecoinm', 'binanceus', 'binanceusdm', 'bingx',
  'bitfinex', 'bitget', 'bithumb', 'bitopro', 'bitrue', 'bitstamp', 'bittrade', 'bitvavo', 'blockchaincom', 'blofin',
  'bullish', 'bybit', 'bybiteu', 'bybitid', 'bydfi', 'cex', 'coinbase', 'coinbaseexchange', 'coinbaseinternational',
  'coincheck', 'coinex', 'coinone', 'cryptocom', 'deepcoin', 'deribit', 'derive', 'dydx', 'extended', 'gate', 'gateeu',
  'gemini', 'grvt', 'hashkey', 'hitbtc', 'hollaex', 'htx', 'hyperliquid', 'independentreserve', 'kraken',
  'krakenfutures', 'kucoin', 'kucoinfutures', 'lbank', 'lighter', 'luno', 'mexc', 'modetrade', 'mudrex', 'myokx',
  'nado', 'ndax', 'okx', 'okxus', 'onetrading', 'p2b', 'pacifica', 'paradex', 'phemex', 'poloniex', 'toobit', 'upbit',
  'weex', 'whitebit', 'woo', 'woofipro', 'xt',
]);

export type CcxtClientClass = new (config: Record<string, unknown>) => Ccxt.Exchange;

/** The id's ccxt.pro class (REST and websockets), loaded on first use; an id ccxt.pro lacks is refused. */
export async function loadCcxtProClass(exchangeId: string): Promise<CcxtClientClass> {
  if (!CCXT_PRO_EXCHANGES.includes(exchangeId)) throw new Error(`ccxt.pro has no exchange "${exchangeId}"`);
  const module = (await import(moduleUrl(`pro/${exchangeId}.js`))) as { readonly default: CcxtClientClass };
  return module.default;
}

/** The ccxt error classes the connector recognises (the ones every exchange class throws). */
export type CcxtErrorClasses = Pick<
  typeof Ccxt,
  | 'ArgumentsRequired'
  | 'AuthenticationError'
  | 'BadRequest'
  | 'BadSymbol'
  | 'BaseError'
  | 'DDoSProtection'
  | 'DuplicateOrderId'
  | 'InsufficientFunds'
  | 'InvalidOrder'
  | 'NetworkError'
  | 'NotSupported'
  | 'OperationFailed'
  | 'OrderNotFound'
  | 'RateLimitExceeded'
>;

export const ccxtErrors = (await import(moduleUrl('base/errors.js'))) as CcxtErrorClasses;
