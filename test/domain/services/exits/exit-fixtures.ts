import { CurrencyPair } from '../../../../src/domain/currency-pair/currency-pair.entity.js';
import { Deal } from '../../../../src/domain/deal/deal.entity.js';
import { Order } from '../../../../src/domain/order/order.entity.js';
import type { ExitRulesProps } from '../../../../src/domain/currency-pair/exit-rules.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import type { MarketRules } from '../../../../src/domain/shared/market-rules.js';

export const MARKET: MarketRules = { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', amountStep: dec('0.001'), priceStep: dec('0.01'), minAmount: dec('0.001'), minCost: dec('1'), makerFee: dec('0.001'), takerFee: dec('0.002') };

export function pairWith(exits: ExitRulesProps = {}, profitMarkup = '0.01'): CurrencyPair {
  return CurrencyPair.create({ symbol: 'BTC/USDT', orderLifeTime: 600, dealQuota: '200', profitMarkup, dealCount: 1, exits });
}

/** A pending deal created at `createdAt` whose limit buy of `amount` @ `price` filled at `filledAt` (not yet advanced). */
export function boughtDeal(price = '100', amount = '2', createdAt = 60_000, filledAt = 60_000): Deal {
  const buy = Order.create({ clientOrderId: 'dlb-d1-b1', dealId: 'd1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec(price), amount: dec(amount), createdAt });
  const deal = Deal.open('d1', buy, createdAt);
  buy.accept('e1', createdAt);
  buy.applyFill({ tradeId: 'b-t1', price: dec(price), amount: dec(amount), fee: dec(price).times(amount).times('0.001'), timestamp: filledAt }, filledAt);
  return deal;
}
