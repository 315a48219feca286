import { describe, expect, it } from 'vitest';
import { STOP_MOVED } from '../../../src/domain/services/exits/exit-reason.js';
import { TradingService } from '../../../src/domain/services/trading.service.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { boughtDeal, MARKET, pairWith } from './exits/exit-fixtures.js';

const trading = new TradingService();

describe('TradingService.advance of an open deal', () => {
  it('re-placing sells at a price already at the stop exits at market without marking the deal bought again', () => {
    const ctx = { pair: pairWith({ stopLoss: '0.05' }), market: MARKET, at: 120_000, prefix: 'dlb-', stops: true, price: 100 };
    const deal = boughtDeal();
    trading.advance(deal, ctx);
    deal.sellOrders[0]!.cancel(150_000, STOP_MOVED);
    const actions = trading.advance(deal, { ...ctx, at: 180_000, price: 94 });
    expect([deal.status, deal.reason]).toEqual(['closing', 'stop_loss']);
    expect(actions.map((a) => [a.order.clientOrderId, a.order.type])).toEqual([['dlb-d1-x1', 'market']]);
  });

  it('a sell the exchange refused with its stop goes again without it (the bot watches the stop), then with it once more', () => {
    const ctx = { pair: pairWith({ stopLoss: '0.05' }), market: MARKET, at: 120_000, prefix: 'dlb-', stops: true, price: 100 };
    const deal = boughtDeal();
    trading.advance(deal, ctx);
    const s1 = deal.sellOrders[0]!;
    expect(s1.stopPrice?.toString()).toBe('95');
    // Binance: "The relationship of the prices for the orders is not correct." (the price ran past the take profit)
    s1.reject('invalid_order: the relationship of the prices for the orders is not correct', 130_000);
    const again = trading.advance(deal, { ...ctx, at: 140_000, price: 102 });
    expect(again.map((a) => [a.order.clientOrderId, a.order.type, a.order.price?.toString(), a.order.stopPrice])).toEqual([['dlb-d1-s2', 'limit', '101', null]]);
    expect(deal.status).toBe('open');
    deal.sellOrders[1]!.reject('insufficient balance', 150_000);
    const third = trading.advance(deal, { ...ctx, at: 160_000 });
    expect(third.map((a) => [a.order.clientOrderId, a.order.stopPrice?.toString()])).toEqual([['dlb-d1-s3', '95']]);
  });

  it('a rest too small to sell after part was sold closes with the rule that sold, and the rest as dust', () => {
    const ctx = { pair: pairWith(), market: MARKET, at: 120_000, prefix: 'dlb-', stops: false, price: 100 };
    const deal = boughtDeal('100', '0.02');
    trading.advance(deal, ctx);
    const s1 = deal.sellOrders[0]!;
    s1.accept('e', 130_000);
    s1.applyFill({ tradeId: 't', price: dec('101'), amount: dec('0.015'), fee: dec('0'), timestamp: 140_000 }, 140_000);
    s1.cancel(150_000, 'cancelled on the exchange');
    // 0.005 x 101 = 0.505 < 1: no sell can take it
    expect(trading.advance(deal, { ...ctx, at: 160_000 })).toEqual([]);
    expect([deal.status, deal.reason, deal.dust?.toString()]).toEqual(['closed', 'profit_markup', '0.005']);
  });

  it('a deal already closed or cancelled is left alone', () => {
    const ctx = { pair: pairWith(), market: MARKET, at: 120_000, prefix: 'dlb-' };
    const deal = boughtDeal('100', '0.005');
    trading.advance(deal, ctx); // closes as dust
    expect(deal.status).toBe('closed');
    expect(trading.advance(deal, ctx)).toEqual([]);
  });
});
