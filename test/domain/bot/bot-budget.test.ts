import { describe, expect, it } from 'vitest';
import { BotBudget, committedBy, dealCommitment, wholeCost } from '../../../src/domain/bot/bot-budget.js';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { TradingService } from '../../../src/domain/services/trading.service.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { ValidationError } from '../../../src/domain/shared/domain-error.js';
import type { MarketRules } from '../../../src/domain/shared/market-rules.js';

const market: MarketRules = { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', amountStep: dec('0.0001'), priceStep: dec('0.01'), minAmount: dec('0'), minCost: dec('1'), makerFee: dec('0.001'), takerFee: dec('0.001') };
const plain = CurrencyPair.create({ symbol: 'BTC/USDT', orderLifeTime: 600, dealQuota: '100', profitMarkup: '0.01', dealCount: 3, bot: 'alts' });
const dca = CurrencyPair.create({ symbol: 'BTC/USDT', orderLifeTime: 600, dealQuota: '150', profitMarkup: '0.01', dealCount: 3, bot: 'majors', dca: { baseOrder: '10', safetyOrder: '20', maxSafetyOrders: 3, deviation: '0.01', stepScale: '1.5', volumeScale: '2', takeProfit: '0.01' } });

function pendingDeal(id: string, pair: CurrencyPair, price: string, amount: string): Deal {
  const buy = Order.create({ clientOrderId: `dlb-${id}-b1`, dealId: id, symbol: pair.symbol, side: 'buy', type: 'limit', price: dec(price), amount: dec(amount), createdAt: 1 });
  return Deal.open(id, buy, 1, pair.bot);
}

describe('BotBudget', () => {
  it('checks its name and each amount, naming the field', () => {
    expect(() => BotBudget.create('Bad Name', { USDT: '1' })).toThrow(ValidationError);
    expect(() => BotBudget.create('ok', { USDT: '0' })).toThrow('budget.USDT: must be > 0, got 0');
    expect(() => BotBudget.create('ok', { USDT: 'x' })).toThrow('budget.USDT: must be a decimal number');
  });

  it('leaves what its committed deals do not hold, never below zero; no budget in a quote it does not name', () => {
    const budget = BotBudget.create('alts', { USDT: '250' });
    expect(budget.room('USDT', dec('100.1'))?.toString()).toBe('149.9');
    expect(budget.room('USDT', dec('300'))?.toString()).toBe('0');
    expect(budget.room('BTC', dec('1'))).toBeNull();
  });

  it('a plain deal holds its buy with the fee; a DCA deal its whole max budget (safety orders not yet placed) with the fee; a final deal nothing', () => {
    expect(wholeCost(plain, market, dec('100'), dec('0.9999')).toString()).toBe('100.08999');
    const a = pendingDeal('a', plain, '100', '0.9999');
    expect(dealCommitment(a, plain, market).toString()).toBe('100.08999');
    const b = pendingDeal('b', dca, '100', '0.1');
    expect(dealCommitment(b, dca, market).toString()).toBe('150.15');
    const c = pendingDeal('c', plain, '100', '0.5');
    c.buyOrder.accept('x', 2);
    c.buyOrder.cancel(3);
    c.cancel('expired', 3);
    expect(dealCommitment(c, plain, market).toString()).toBe('0');
    const pairs = [
      { pair: plain, market, deals: [a, c] },
      { pair: dca, market, deals: [b] },
    ];
    expect(committedBy('alts', 'USDT', pairs).toString()).toBe('100.08999');
    expect(committedBy('majors', 'USDT', pairs).toString()).toBe('150.15');
    expect(committedBy('majors', 'BTC', pairs).toString()).toBe('0');
  });

  it('TradingService opens no deal its bot\'s budget room does not cover, saying why; the account\'s free balance is checked too', () => {
    const trading = new TradingService();
    const ctx = { openDeals: 0, freeQuote: dec('10000'), price: dec('100'), market, at: 5, dealId: 'd1', prefix: 'dlb-' };
    expect(trading.openDealIfNeeded('BULLISH', plain, { ...ctx, budgetRoom: dec('100') })).toEqual({ kind: 'skip', reason: 'bot alts: 100 USDT left of its budget does not cover 100.1' });
    const opened = trading.openDealIfNeeded('BULLISH', plain, { ...ctx, budgetRoom: dec('100.1') });
    expect(opened.kind).toBe('open');
    expect(opened.kind === 'open' && opened.deal.bot).toBe('alts');
    expect(trading.openDealIfNeeded('BULLISH', plain, { ...ctx, freeQuote: dec('50'), budgetRoom: dec('1000') }).kind).toBe('skip');
  });
});
