import { describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import type { Deal } from '../../../src/domain/deal/deal.entity.js';
import type { ExchangeOrder } from '../../../src/domain/ports/exchange.port.js';
import { TradingService } from '../../../src/domain/services/trading.service.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import type { MarketRules } from '../../../src/domain/shared/market-rules.js';

const pair = CurrencyPair.create({ symbol: 'ETH/USDT', orderLifeTime: 600, dealQuota: '100', profitMarkup: '0.015', dealCount: 1 });
const market: MarketRules = { symbol: 'ETH/USDT', base: 'ETH', quote: 'USDT', amountStep: dec('0.0001'), priceStep: dec('0.01'), minAmount: dec('0.001'), minCost: dec('5'), makerFee: dec('0.001'), takerFee: dec('0.002') };
const service = new TradingService();
const ctx = { pair, market, at: 10_000, prefix: 'dlb-' };

function open(price = '3033.33', free = '1000'): Deal {
  const decision = service.openDealIfNeeded('BULLISH', pair, { openDeals: 0, freeQuote: dec(free), price: dec(price), market, at: 1_000, dealId: 'abc1', prefix: 'dlb-' });
  if (decision.kind !== 'open') throw new Error(decision.reason);
  return decision.deal;
}

function answer(deal: Deal, id: string, patch: Partial<ExchangeOrder>): ExchangeOrder {
  const order = deal.order(id);
  if (!order) throw new Error(id);
  return { exchangeOrderId: `x-${id}`, clientOrderId: id, symbol: order.symbol, side: order.side, type: order.type, price: order.price, amount: order.amount, status: 'open', filled: dec(0), cost: dec(0), fee: dec(0), trades: [], timestamp: 1_000, ...patch };
}

describe('TradingService', () => {
  it('opens a limit buy at the close for dealQuota / close, rounded down to the amount step', () => {
    const deal = open();
    // 100 / 3033.33 = 0.032967... -> 0.0329
    expect(deal.buyOrder.amount.toString()).toBe('0.0329');
    expect(deal.buyOrder.price?.toString()).toBe('3033.33');
    expect(deal.buyOrder.clientOrderId).toBe('dlb-abc1-b1');
    expect(deal.status).toBe('pending');
  });

  it('skips without a bullish signal, at dealCount, when paused, when funds or the minimum do not allow', () => {
    const base = { openDeals: 0, freeQuote: dec('1000'), price: dec('3000'), market, at: 1, dealId: 'x', prefix: 'dlb-' };
    expect(service.openDealIfNeeded('NEUTRAL', pair, base)).toEqual({ kind: 'skip', reason: 'signal NEUTRAL' });
    expect(service.openDealIfNeeded('BULLISH', pair, { ...base, openDeals: 1 })).toEqual({ kind: 'skip', reason: 'dealCount 1 reached' });
    expect(service.openDealIfNeeded('BULLISH', pair, { ...base, paused: true })).toEqual({ kind: 'skip', reason: 'new deals are paused' });
    // 0.0333 x 3000 = 99.9, plus 0.1% maker fee = 99.9999 > 99.99
    expect(service.openDealIfNeeded('BULLISH', pair, { ...base, freeQuote: dec('99.99') })).toEqual({ kind: 'skip', reason: 'free USDT 99.99 does not cover 99.9999' });
    const tiny = CurrencyPair.create({ ...pair.toProps(), dealQuota: '4' });
    expect(service.openDealIfNeeded('BULLISH', tiny, base)).toMatchObject({ kind: 'skip', reason: 'cost 3.9 is below the market minimum 5' });
  });

  it('places the sell at fill x (1 + markup) rounded up to the price step once the buy fills', () => {
    const deal = open();
    const buy = deal.buyOrder;
    const trade = { id: 't1', price: dec('3033.33'), amount: dec('0.0329'), fee: dec('0.099796557'), timestamp: 2_000 };
    const actions = service.updateDealStatus(deal, answer(deal, buy.id, { status: 'closed', filled: dec('0.0329'), trades: [trade] }), ctx);
    // 3033.33 x 1.015 = 3078.82995 -> 3078.83
    expect(actions).toHaveLength(1);
    expect(actions[0]?.order.price?.toString()).toBe('3078.83');
    expect(actions[0]?.order.amount.toString()).toBe('0.0329');
    expect(actions[0]?.order.clientOrderId).toBe('dlb-abc1-s1');
    expect(deal.status).toBe('open');
  });

  it('applies a trade once and never lets a stale snapshot undo a fill', () => {
    const deal = open();
    const id = deal.buyOrder.id;
    const t1 = { id: 't1', price: dec('3033.33'), amount: dec('0.01'), fee: dec('0.03'), timestamp: 2_000 };
    service.updateDealStatus(deal, answer(deal, id, { filled: dec('0.01'), trades: [t1] }), ctx);
    service.updateDealStatus(deal, answer(deal, id, { filled: dec('0.01'), trades: [t1] }), ctx);
    expect(deal.buyOrder.filled.toString()).toBe('0.01');
    expect(deal.buyOrder.status).toBe('partially_filled');
    service.updateDealStatus(deal, answer(deal, id, { filled: dec(0), trades: null }), ctx);
    expect(deal.buyOrder.filled.toString()).toBe('0.01');
  });

  it('derives a fill from cumulative totals when the exchange gives no trades', () => {
    const deal = open();
    const id = deal.buyOrder.id;
    service.updateDealStatus(deal, answer(deal, id, { filled: dec('0.02'), cost: dec('60'), fee: dec('0.06'), trades: null }), ctx);
    service.updateDealStatus(deal, answer(deal, id, { filled: dec('0.0329'), cost: dec('98.7'), fee: dec('0.0987'), trades: null, status: 'closed' }), ctx);
    expect(deal.buyOrder.status).toBe('closed');
    expect(deal.buyOrder.cost.toString()).toBe('98.7');
    expect(deal.buyOrder.fills.map((f) => f.price.toString())).toEqual(['3000', '3000']);
  });

  it('cancels the deal when the buy ends unfilled, and sells a partial fill', () => {
    const unfilled = open();
    service.updateDealStatus(unfilled, answer(unfilled, unfilled.buyOrder.id, { status: 'canceled' }), ctx, 'buy unfilled after orderLifeTime 600s');
    expect(unfilled.status).toBe('cancelled');
    expect(unfilled.reason).toBe('buy unfilled after orderLifeTime 600s');

    const partial = open();
    const t = { id: 't1', price: dec('3033.33'), amount: dec('0.01'), fee: dec('0.03'), timestamp: 2_000 };
    const actions = service.updateDealStatus(partial, answer(partial, partial.buyOrder.id, { status: 'canceled', filled: dec('0.01'), trades: [t] }), ctx);
    expect(partial.status).toBe('open');
    expect(actions[0]?.order.amount.toString()).toBe('0.01');
  });

  it('knows when a buy is stale on the market clock', () => {
    const deal = open();
    expect(service.isBuyStale(deal, pair, 1_000 + 599_999)).toBe(false);
    expect(service.isBuyStale(deal, pair, 1_000 + 600_000)).toBe(true);
  });
});
