import { describe, expect, it } from 'vitest';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { Order, type NewOrderProps } from '../../../src/domain/order/order.entity.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import type { DomainError } from '../../../src/domain/shared/domain-error.js';
import { buyOrder, dealIn } from './deal-fixtures.js';

const SELL: NewOrderProps = { clientOrderId: 'dlb-d1-s2', dealId: 'd1', symbol: 'BTC/USDT', side: 'sell', type: 'limit', price: dec('101'), amount: dec('2'), createdAt: 3_000 };

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return `${(error as DomainError).code} ${(error as Error).message}`;
  }
  return 'did not throw';
}

/** An open deal (bought 2 @ 100, fee 0.2 USDT) whose only sell, for all 2, filled: nothing unsold. */
function soldOut(): Deal {
  const deal = dealIn('open');
  const sell = deal.sellOrder!;
  sell.accept('e2', 4_000);
  sell.applyFill({ tradeId: 's1', price: dec('101'), amount: dec('2'), fee: dec('0.2'), timestamp: 4_500 }, 4_500);
  deal.pullEvents();
  return deal;
}

describe('Deal close', () => {
  it('a sold-out deal cannot close with a dust of zero: dust is only ever a positive remainder', () => {
    const deal = soldOut();
    expect(refusal(() => deal.close(5_000, 'below_minimum', dec('0')))).toBe('DEAL_UNSOLD Deal d1: 0 still unsold');
    expect(deal.status).toBe('open');
  });

  it('a deal with nothing unsold closes even while a sell whose base fee took the rest still rests', () => {
    const deal = dealIn('open'); // received 2, s1 for 2 working
    const sell = deal.sellOrder!;
    sell.accept('e2', 4_000);
    // 1.9 sold and 0.1 paid as fee in the base: the 0.1 the sell still asks for is no longer held
    sell.applyFill({ tradeId: 's1', price: dec('101'), amount: dec('1.9'), fee: dec('0.1'), feeCurrency: 'BTC', timestamp: 4_500 }, 4_500);
    expect([deal.unsoldAmount.toString(), deal.workingSells.length]).toEqual(['0', 1]);
    deal.close(5_000);
    expect([deal.status, deal.dust, deal.pnl?.toString()]).toEqual(['closed', null, '-8.3']);
  });

  it('a deal restored while closing without a reason closes for "exit"', () => {
    const open = dealIn('open');
    open.sellOrder!.cancel(3_500, 'replaced by the exit');
    const exit = Order.create({ ...SELL, clientOrderId: 'dlb-d1-x1', type: 'market', price: null });
    open.addSellOrder(exit);
    const deal = Deal.restore({ id: 'd1', symbol: 'BTC/USDT', status: 'closing', orders: open.orders, createdAt: 1_000, closedAt: null, pnl: null, reason: null });
    exit.accept('e3', 4_000);
    exit.applyFill({ tradeId: 'x1', price: dec('99'), amount: dec('2'), fee: dec('0.2'), timestamp: 4_500 }, 4_500);
    deal.close(5_000, 'profit_markup');
    expect([deal.status, deal.reason]).toEqual(['closed', 'exit']);
  });

  it('DealClosed names unpriced fees and dust only when there are some', () => {
    const deal = soldOut();
    deal.close(5_000);
    const [closed] = deal.pullEvents();
    expect(closed).toStrictEqual({ type: 'DealClosed', occurredAt: 5_000, pnl: '1.6', fees: '0.4', reason: 'profit_markup', dealId: 'd1', symbol: 'BTC/USDT' });
  });
});

describe('Deal refusals name the deal and what is wrong', () => {
  it('opening on an order that is not its own buy', () => {
    expect(refusal(() => Deal.open('d2', buyOrder('d1'), 1_000))).toBe('DEAL_BUY Deal d2: the first order must be its own buy');
  });

  it('bought or cancelled before the buy ended as each needs', () => {
    const resting = Deal.open('d1', buyOrder(), 1_000);
    expect(refusal(() => resting.markBought(null, 2_000))).toBe('DEAL_BUY_OPEN Deal d1: the buy must have ended with a fill before the sell');
    expect(refusal(() => resting.cancel('stale', 2_000))).toBe('DEAL_CANCEL Deal d1: only a deal whose buy ended unfilled can be cancelled');
  });

  it('a sell while not open or closing', () => {
    expect(refusal(() => Deal.open('d1', buyOrder(), 1_000).addSellOrder(Order.create(SELL)))).toBe('DEAL_SELL_STATUS Deal d1 in status "pending" cannot take a sell order');
  });

  it('a sell beyond the unsold, naming the working sells when there are any', () => {
    const deal = dealIn('open'); // bought 2, s1 for 2 working
    deal.sellOrder!.cancel(3_500, 'test');
    expect(refusal(() => deal.addSellOrder(Order.create({ ...SELL, amount: dec('2.5') })))).toBe('DEAL_OVERSELL Deal d1: sell 2.5 exceeds the unsold 2');
    deal.addSellOrder(Order.create({ ...SELL, amount: dec('1') }));
    deal.addSellOrder(Order.create({ ...SELL, clientOrderId: 'dlb-d1-s3', amount: dec('1') }));
    expect(refusal(() => deal.addSellOrder(Order.create({ ...SELL, clientOrderId: 'dlb-d1-s4', amount: dec('0.5') })))).toBe('DEAL_SELL_WORKING Deal d1: sell dlb-d1-s2, dlb-d1-s3 still working; 0.5 more exceeds the unsold 2');
  });
});

describe('Deal reason when bought', () => {
  it('a bought deal takes the reason it is given, and a bought deal given none drops the one it waited with', () => {
    const refused = Deal.open('d1', buyOrder(), 1_000);
    refused.buyOrder.accept('e1', 1_500);
    refused.buyOrder.applyFill({ tradeId: 'b1', price: dec('100'), amount: dec('2'), fee: dec('0.2'), timestamp: 2_000 }, 2_000);
    refused.markBought(null, 3_000, 'sell refused: below the minimum');
    expect([refused.status, refused.reason]).toEqual(['open', 'sell refused: below the minimum']);

    const waited = Deal.open('d1', buyOrder(), 1_000);
    waited.waitForOperator('buy stuck', 1_200);
    waited.buyOrder.accept('e1', 1_500);
    waited.buyOrder.applyFill({ tradeId: 'b1', price: dec('100'), amount: dec('2'), fee: dec('0.2'), timestamp: 2_000 }, 2_000);
    waited.markBought(null, 3_000);
    expect([waited.status, waited.reason]).toEqual(['open', null]);
  });
});
