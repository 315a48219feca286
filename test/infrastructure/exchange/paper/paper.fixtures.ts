import type { ExchangeOrder, OrderRequest } from '../../../../src/domain/ports/exchange.port.js';
import type { Candle } from '../../../../src/domain/shared/candle.js';
import { dec, type DecimalInput } from '../../../../src/domain/shared/decimal.js';
import type { MarketRules } from '../../../../src/domain/shared/market-rules.js';
import { SimulatedClock } from '../../../../src/infrastructure/clock/simulated.clock.js';
import { PaperExchange } from '../../../../src/infrastructure/exchange/paper/paper.exchange.js';

export const MINUTE = 60_000;
/** The bot places orders at a candle's close time, which is the next candle's open time. */
export const T0 = Date.UTC(2024, 0, 1, 12, 0);

export const BTC_USDT: MarketRules = {
  symbol: 'BTC/USDT',
  base: 'BTC',
  quote: 'USDT',
  amountStep: dec('0.0001'),
  priceStep: dec('0.01'),
  minAmount: dec('0.001'),
  minCost: dec('10'),
  makerFee: dec('0.001'),
  takerFee: dec('0.002'),
};

export const ETH_BTC: MarketRules = {
  symbol: 'ETH/BTC',
  base: 'ETH',
  quote: 'BTC',
  amountStep: dec('0.001'),
  priceStep: dec('0.000001'),
  minAmount: dec('0.01'),
  minCost: dec('0.0001'),
  makerFee: dec('0.00075'),
  takerFee: dec('0.001'),
};

export function setup(balances: Record<string, DecimalInput> = { USDT: '1000', BTC: '0.5', ETH: '2' }, id?: string) {
  const clock = new SimulatedClock(T0);
  const exchange = new PaperExchange({ markets: [BTC_USDT, ETH_BTC], balances, clock, ...(id === undefined ? {} : { id }) });
  return { clock, exchange };
}

export function candle(openTime: number, open: number, high: number, low: number, close: number, volume = 1): Candle {
  return { openTime, open, high, low, close, volume };
}

export function limitBuy(clientOrderId: string, amount: string, price: string, symbol = 'BTC/USDT'): OrderRequest {
  return { clientOrderId, symbol, side: 'buy', type: 'limit', amount: dec(amount), price: dec(price) };
}

export function limitSell(clientOrderId: string, amount: string, price: string, symbol = 'BTC/USDT'): OrderRequest {
  return { clientOrderId, symbol, side: 'sell', type: 'limit', amount: dec(amount), price: dec(price) };
}

export function marketSell(clientOrderId: string, amount: string, symbol = 'BTC/USDT'): OrderRequest {
  return { clientOrderId, symbol, side: 'sell', type: 'market', amount: dec(amount), price: null };
}

/** A balance as decimal texts, for exact comparisons. */
export function balanceOf(exchange: PaperExchange, currency: string): { free: string; used: string; total: string } {
  const balance = exchange.balances()[currency];
  if (balance === undefined) return { free: '0', used: '0', total: '0' };
  return { free: balance.free.toString(), used: balance.used.toString(), total: balance.total.toString() };
}

/** Everything observable, as text: equal texts mean nothing changed. */
export function stateText(exchange: PaperExchange): string {
  return JSON.stringify({ balances: exchange.balances(), orders: exchange.orders() });
}

export function orderText(order: ExchangeOrder | null): unknown {
  return order === null ? null : JSON.parse(JSON.stringify(order));
}
