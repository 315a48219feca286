import { describe, expect, it } from 'vitest';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { dealFromSnapshot, dealToSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { buyOrder, dealIn } from './deal-fixtures.js';

describe('Deal events and held amounts', () => {
  it('DealOpened of a market buy says "market" for the price', () => {
    const buy = Order.create({ clientOrderId: 'dlb-d1-b1', dealId: 'd1', symbol: 'BTC/USDT', side: 'buy', type: 'market', price: null, amount: dec('2'), createdAt: 1_000 });
    expect(Deal.open('d1', buy, 1_000).pullEvents()).toEqual([{ type: 'DealOpened', occurredAt: 1_000, buyOrderId: 'dlb-d1-b1', price: 'market', amount: '2', dealId: 'd1', symbol: 'BTC/USDT' }]);
  });

  it('DealBought names no sell when none could be placed, and DealClosing tells the reason', () => {
    const deal = Deal.open('d1', buyOrder(), 1_000);
    deal.buyOrder.accept('e', 1_500);
    deal.buyOrder.applyFill({ tradeId: 't', price: dec('100'), amount: dec('2'), fee: dec('0.004'), feeCurrency: 'BTC', timestamp: 2_000 }, 2_000);
    deal.markBought(null, 3_000);
    deal.startClosing('panic_sell', 4_000);
    const events = deal.pullEvents().filter((e) => e.type === 'DealBought' || e.type === 'DealClosing');
    expect(events).toEqual([
      { type: 'DealBought', occurredAt: 3_000, amount: '2', averagePrice: '100', sellOrderId: null, dealId: 'd1', symbol: 'BTC/USDT' },
      { type: 'DealClosing', occurredAt: 4_000, reason: 'panic_sell', dealId: 'd1', symbol: 'BTC/USDT' },
    ]);
    expect([deal.boughtAmount.toString(), deal.receivedAmount.toString(), deal.unsoldAmount.toString()]).toEqual(['2', '1.996', '1.996']);
  });

  it('a sell that paid its fee in the base currency holds back that much more', () => {
    const deal = dealIn('open');
    const sell = deal.sellOrder!;
    sell.accept('e2', 4_000);
    sell.applyFill({ tradeId: 's', price: dec('101'), amount: dec('1'), fee: dec('0.001'), feeCurrency: 'BTC', timestamp: 4_500 }, 4_500);
    expect([deal.soldAmount.toString(), deal.unsoldAmount.toString()]).toEqual(['1', '0.999']);
  });

  it('DealClosed tells fees with no known value by currency, and the dust', () => {
    const deal = dealIn('open');
    const sell = deal.sellOrder!;
    sell.accept('e2', 4_000);
    sell.applyFill({ tradeId: 's', price: dec('101'), amount: dec('1.5'), fee: dec('0.0002'), feeCurrency: 'BNB', timestamp: 4_500 }, 4_500);
    sell.cancel(4_600, 'rest below minimum');
    deal.pullEvents();
    deal.close(5_000, 'profit_markup', dec('0.5'));
    const events = deal.pullEvents();
    expect(events).toEqual([{ type: 'DealClosed', occurredAt: 5_000, pnl: '-48.7', fees: '0.2', reason: 'profit_markup', dust: '0.5', unpricedFees: { BNB: '0.0002' }, dealId: 'd1', symbol: 'BTC/USDT' }]);
    expect(Object.keys(events[0] as object)).toEqual(['type', 'occurredAt', 'pnl', 'fees', 'reason', 'dust', 'unpricedFees', 'dealId', 'symbol']);
    const restored = dealFromSnapshot(JSON.parse(JSON.stringify(dealToSnapshot(deal))));
    expect([restored.dust?.toString(), restored.status, restored.pnl?.toString()]).toEqual(['0.5', 'closed', '-48.7']);
    expect(Deal.restore({ id: 'd1', symbol: 'BTC/USDT', status: 'closed', orders: deal.orders, createdAt: 1_000, closedAt: 5_000, pnl: dec('1'), reason: 'x', dust: dec('0.5') }).dust?.toString()).toBe('0.5');
  });

  it('keeps its high-water mark and dust through later changes', () => {
    const deal = dealIn('open');
    deal.raiseHighWaterMark(dec('110'));
    deal.waitForOperator('stuck', 4_000);
    deal.sellOrder!.cancel(4_100, 'x');
    deal.addSellOrder(Order.create({ clientOrderId: 'dlb-d1-s2', dealId: 'd1', symbol: 'BTC/USDT', side: 'sell', type: 'limit', price: dec('105'), amount: dec('2'), createdAt: 4_200 }));
    deal.startClosing('time_exit', 4_300);
    expect(deal.highWaterMark?.toString()).toBe('110');
  });
});
