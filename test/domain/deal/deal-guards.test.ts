import { describe, expect, it } from 'vitest';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { dealToSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import { Order, type NewOrderProps } from '../../../src/domain/order/order.entity.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { InvalidTransitionError, type DomainError } from '../../../src/domain/shared/domain-error.js';
import { buyOrder, code, dealIn } from './deal-fixtures.js';

const SELL: NewOrderProps = { clientOrderId: 'dlb-d1-s2', dealId: 'd1', symbol: 'BTC/USDT', side: 'sell', type: 'limit', price: dec('101'), amount: dec('1'), createdAt: 3_000 };

/** An open deal (bought 2 @ 100) whose first sell was cancelled unfilled: 2 unsold, no sell working. */
function openWithoutSell(): Deal {
  const deal = dealIn('open');
  deal.sellOrders[0]!.cancel(3_500, 'test');
  deal.pullEvents();
  return deal;
}

describe('Deal guards', () => {
  it('opens only on its own buy', () => {
    const sell = Order.create({ ...SELL, clientOrderId: 'dlb-d1-s1' });
    expect(code(() => Deal.open('d1', sell, 1_000))).toBe('DEAL_BUY');
    expect(code(() => Deal.open('d2', buyOrder('d1'), 1_000))).toBe('DEAL_BUY');
    expect(Deal.open('d1', buyOrder('d1'), 1_000).status).toBe('pending');
  });

  it('refuses a sell of another deal, and a buy, attached to it', () => {
    const deal = openWithoutSell();
    const before = dealToSnapshot(deal);
    expect(code(() => deal.addSellOrder(Order.create({ ...SELL, dealId: 'd2', clientOrderId: 'dlb-d2-s1' })))).toBe('DEAL_SELL');
    expect(code(() => deal.addSellOrder(Order.create({ ...SELL, side: 'buy' })))).toBe('DEAL_SELL');
    expect(dealToSnapshot(deal)).toEqual(before);
    try {
      deal.addSellOrder(Order.create({ ...SELL, dealId: 'd2', clientOrderId: 'dlb-d2-s1' }));
    } catch (error) {
      expect((error as Error).message).toBe('Deal d1: dlb-d2-s1 is not a sell of this deal');
    }
  });

  it('refuses the first sells of another deal when the buy fills', () => {
    const deal = Deal.open('d1', buyOrder(), 1_000);
    deal.buyOrder.accept('e1', 1_500);
    deal.buyOrder.applyFill({ tradeId: 'b1', price: dec('100'), amount: dec('2'), fee: dec('0.2'), timestamp: 2_000 }, 2_000);
    expect(code(() => deal.markBought(Order.create({ ...SELL, dealId: 'd2', clientOrderId: 'dlb-d2-s1' }), 3_000))).toBe('DEAL_SELL');
    expect(deal.status).toBe('pending');
    expect(deal.sellOrders).toEqual([]);
  });

  it('takes sells only while open or closing', () => {
    const pending = Deal.open('d1', buyOrder(), 1_000);
    expect(code(() => pending.addSellOrder(Order.create(SELL)))).toBe('DEAL_SELL_STATUS');
    expect(code(() => dealIn('closed').addSellOrder(Order.create(SELL)))).toBe('DEAL_SELL_STATUS');
    expect(code(() => dealIn('cancelled').addSellOrder(Order.create(SELL)))).toBe('DEAL_SELL_STATUS');
    const closing = openWithoutSell();
    closing.startClosing('stop_loss', 4_000);
    closing.addSellOrder(Order.create({ ...SELL, clientOrderId: 'dlb-d1-x1', type: 'market', price: null, amount: dec('2') }));
    expect(closing.workingSells.map((o) => o.id)).toEqual(['dlb-d1-x1']);
  });

  it('takes a sell of exactly what is unsold, and refuses one a hair larger', () => {
    const deal = openWithoutSell();
    expect(code(() => deal.addSellOrder(Order.create({ ...SELL, amount: dec('2.00000001') })))).toBe('DEAL_OVERSELL');
    deal.addSellOrder(Order.create({ ...SELL, amount: dec('2') }));
    expect(deal.workingSells).toHaveLength(1);
  });

  it('does not close while bought coins are unsold, and changes nothing', () => {
    const deal = openWithoutSell();
    const sell = Order.create({ ...SELL, amount: dec('2') });
    deal.addSellOrder(sell);
    sell.accept('e2', 4_000);
    sell.applyFill({ tradeId: 's1', price: dec('101'), amount: dec('1.5'), fee: dec('0.1'), timestamp: 4_500 }, 4_500);
    const before = dealToSnapshot(deal);
    let message = '';
    try {
      deal.close(5_000);
    } catch (error) {
      message = `${(error as DomainError).code} ${(error as Error).message}`;
    }
    expect(message).toBe('DEAL_UNSOLD Deal d1: 0.5 still unsold');
    expect(dealToSnapshot(deal)).toEqual(before);
  });

  it('closes with dust only for exactly what is unsold, above zero, once no sell works', () => {
    const deal = openWithoutSell(); // 2 unsold, nothing working
    expect(code(() => deal.close(5_000, 'below_minimum', dec('1.9')))).toBe('DEAL_UNSOLD');
    expect(code(() => deal.close(5_000, 'below_minimum', dec('0')))).toBe('DEAL_UNSOLD');
    const working = openWithoutSell();
    working.addSellOrder(Order.create({ ...SELL, amount: dec('1') }));
    expect(code(() => working.close(5_000, 'below_minimum', dec('2')))).toBe('DEAL_SELL_WORKING');
    deal.close(5_000, 'below_minimum', dec('2'));
    expect([deal.status, deal.dust?.toString(), deal.reason]).toEqual(['closed', '2', 'below_minimum']);
  });

  it('a sold-out deal cannot close with dust', () => {
    const deal = dealIn('open');
    const sell = deal.sellOrder!;
    sell.accept('e2', 4_000);
    sell.applyFill({ tradeId: 's1', price: dec('101'), amount: dec('2'), fee: dec('0.2'), timestamp: 4_500 }, 4_500);
    expect(code(() => deal.close(5_000, 'below_minimum', dec('0.1')))).toBe('DEAL_UNSOLD');
    deal.close(5_000);
    expect(deal.dust).toBeNull();
  });

  it('is bought only once its buy ended with a fill', () => {
    const open = Deal.open('d1', buyOrder(), 1_000);
    open.buyOrder.accept('e1', 1_500);
    open.buyOrder.applyFill({ tradeId: 'b1', price: dec('100'), amount: dec('1'), fee: dec('0.1'), timestamp: 2_000 }, 2_000);
    expect(code(() => open.markBought(null, 3_000))).toBe('DEAL_BUY_OPEN'); // part filled, still resting
    const unfilled = Deal.open('d1', buyOrder(), 1_000);
    unfilled.buyOrder.cancel(2_000);
    expect(code(() => unfilled.markBought(null, 3_000))).toBe('DEAL_BUY_OPEN');
    open.buyOrder.cancel(2_500);
    open.markBought(null, 3_000);
    expect(open.status).toBe('open');
  });

  it('is cancelled only once its buy ended with nothing filled', () => {
    const resting = Deal.open('d1', buyOrder(), 1_000);
    expect(code(() => resting.cancel('stale', 2_000))).toBe('DEAL_CANCEL');
    const part = Deal.open('d1', buyOrder(), 1_000);
    part.buyOrder.accept('e1', 1_500);
    part.buyOrder.applyFill({ tradeId: 'b1', price: dec('100'), amount: dec('1'), fee: dec('0.1'), timestamp: 2_000 }, 2_000);
    part.buyOrder.cancel(2_500);
    expect(code(() => part.cancel('stale', 3_000))).toBe('DEAL_CANCEL');
    expect(part.status).toBe('pending');
  });

  it('a status guard comes first: a closed deal refuses close as a transition', () => {
    expect(() => dealIn('closed').close(9_000)).toThrow(InvalidTransitionError);
    expect(() => dealIn('cancelled').markBought(null, 9_000)).toThrow(InvalidTransitionError);
  });

  it('waits for an operator once per reason, and never once final', () => {
    const deal = openWithoutSell();
    expect(deal.waitForOperator('5 sells failed', 6_000)).toBe(true);
    expect(deal.waitForOperator('5 sells failed', 7_000)).toBe(false);
    expect(deal.reason).toBe('5 sells failed');
    expect(deal.waitForOperator('6 sells failed', 8_000)).toBe(true);
    expect(deal.pullEvents()).toEqual([
      { type: 'DealWaiting', occurredAt: 6_000, reason: '5 sells failed', dealId: 'd1', symbol: 'BTC/USDT' },
      { type: 'DealWaiting', occurredAt: 8_000, reason: '6 sells failed', dealId: 'd1', symbol: 'BTC/USDT' },
    ]);
    expect(dealIn('closed').waitForOperator('x', 9_000)).toBe(false);
    expect(dealIn('cancelled').waitForOperator('x', 9_000)).toBe(false);
  });

  it('raises no high-water mark unless open', () => {
    const closing = openWithoutSell();
    closing.startClosing('time_exit', 4_000);
    expect(closing.raiseHighWaterMark(dec('150'))).toBe(false);
    expect(closing.highWaterMark).toBeNull();
    expect(Deal.open('d1', buyOrder(), 1_000).raiseHighWaterMark(dec('150'))).toBe(false);
  });

  it('a recovered deal says so and keeps it through a restore', () => {
    const deal = Deal.recover('d1', buyOrder(), 1_000);
    expect(deal.recovered).toBe(true);
    expect(Deal.open('d1', buyOrder(), 1_000).recovered).toBe(false);
    expect(Deal.restore({ ...dealToSnapshot(deal), orders: deal.orders, pnl: null, highWaterMark: null, dust: null, takeProfitBasis: null }).recovered).toBe(true);
  });
});
