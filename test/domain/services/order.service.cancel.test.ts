import { describe, expect, it } from 'vitest';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { STOP_MOVED } from '../../../src/domain/services/exits/exit-reason.js';
import { OrderService } from '../../../src/domain/services/order.service.js';
import { TradingService } from '../../../src/domain/services/trading.service.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { boughtDeal, MARKET, pairWith } from './exits/exit-fixtures.js';

const orders = new OrderService();
const buy = () => Order.create({ clientOrderId: 'dlb-d1-b1', dealId: 'd1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('100'), amount: dec('2'), createdAt: 1_000 });

describe('OrderService.cancelOrder: where a cancel must happen', () => {
  it('an order never sent is cancelled here, with the reason', () => {
    const order = buy();
    expect(orders.cancelOrder(order, 2_000, 'stale')).toBe('cancelled_locally');
    expect([order.status, order.reason]).toEqual(['canceled', 'stale']);
  });

  it('one on the exchange (or unknown) must be cancelled there, and is left as it is', () => {
    const open = buy();
    open.accept('e1', 1_500);
    expect(orders.cancelOrder(open, 2_000, 'stale')).toBe('ask_exchange');
    expect(open.status).toBe('open');
    const unknown = buy();
    unknown.markUnknown('timeout', 1_500);
    expect(orders.cancelOrder(unknown, 2_000, 'stale')).toBe('ask_exchange');
  });

  it('a final order needs nothing', () => {
    const done = buy();
    done.reject('refused', 1_500);
    expect(orders.cancelOrder(done, 2_000, 'stale')).toBe('already_final');
    expect(done.reason).toBe('refused');
  });
});

describe('OrderService refusals', () => {
  it('no take-profit sells for a deal whose buy has no fill', () => {
    const deal = Deal.open('d1', buy(), 1_000);
    expect(orders.placeTakeProfitSells({ deal, pair: pairWith(), market: MARKET, at: 2_000, prefix: 'dlb-' })).toEqual({ ok: false, reason: 'the buy has no fill' });
  });

  it('no buy order on refused terms', () => {
    const input = { dealId: 'd1', pair: pairWith(), market: MARKET, price: dec('100'), at: 1_000, prefix: 'dlb-' };
    expect(orders.placeBuyOrder(input, { ok: false, reason: 'funds' })).toEqual({ ok: false, reason: 'funds' });
  });

  it('an exit sell below the minimum is refused with the reason', () => {
    const deal = boughtDeal('100', '0.005');
    deal.markBought(null, 60_000);
    expect(orders.placeExitSell({ deal, market: MARKET, at: 70_000, prefix: 'dlb-' })).toEqual({ ok: false, reason: 'cost 0.5 is below the market minimum 1' });
  });
});

describe('TradingService.beginStopMove', () => {
  const trading = new TradingService();
  const ladder = { stopLoss: '0.05', takeProfit: { targets: [{ profit: '0.01', share: '0.5' }, { profit: '0.02', share: '0.5' }] } };

  it('withdraws unsent take-profit sells with STOP_MOVED and returns the resting ones to cancel on the exchange', () => {
    const deal = boughtDeal();
    trading.advance(deal, { pair: pairWith(ladder), market: MARKET, at: 120_000, prefix: 'dlb-', stops: true, price: 100 });
    deal.sellOrders[0]!.accept('e-s1', 120_000);
    const resting = trading.beginStopMove(deal, { pair: pairWith(ladder), market: MARKET, at: 130_000, prefix: 'dlb-' });
    expect(resting.map((o) => o.clientOrderId)).toEqual(['dlb-d1-s1']);
    expect([deal.sellOrders[1]!.status, deal.sellOrders[1]!.reason]).toEqual(['canceled', STOP_MOVED]);
    expect(deal.sellOrders[0]!.status).toBe('open');
  });

  it('does nothing unless the deal is open', () => {
    const deal = boughtDeal();
    expect(trading.beginStopMove(deal, { pair: pairWith(ladder), market: MARKET, at: 130_000, prefix: 'dlb-' })).toEqual([]);
  });
});
