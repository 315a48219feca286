import { describe, expect, it } from 'vitest';
import { OrderService, sellableAmount } from '../../../src/domain/services/order.service.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { boughtDeal, MARKET, pairWith } from './exits/exit-fixtures.js';

const orders = new OrderService();
/** BTC/USDT as an account that pays its fees in BTC would see it: sells are charged in the coin they sell. */
const BASE_FEES = { ...MARKET, feeCurrency: 'BTC' };

describe('sellableAmount: room for a sell fee charged in the coin being sold', () => {
  it('fees paid in the base: the unsold less its fee at the higher rate (taker 0.002 here)', () => {
    expect(sellableAmount(dec('2'), BASE_FEES).toString()).toBe('1.996');
  });

  it('the maker rate when it is the higher', () => {
    expect(sellableAmount(dec('2'), { ...BASE_FEES, makerFee: dec('0.003') }).toString()).toBe('1.994');
  });

  it('fees in another currency (BNB on BTC/USDT), or in the received one (no feeCurrency): everything', () => {
    expect(sellableAmount(dec('2'), { ...MARKET, feeCurrency: 'BNB' }).toString()).toBe('2');
    expect(sellableAmount(dec('2'), MARKET).toString()).toBe('2');
  });
});

describe('sells of a market whose fees are charged in its base', () => {
  it('the exit sell offers the sellable amount, rounded down to the step', () => {
    const deal = boughtDeal('100', '2');
    deal.markBought(null, 60_000);
    const exit = orders.placeExitSell({ deal, market: BASE_FEES, at: 70_000, prefix: 'dlb-' });
    expect(exit.ok && exit.order.amount.toString()).toBe('1.996');
    const plain = orders.placeExitSell({ deal, market: MARKET, at: 70_000, prefix: 'dlb-' });
    expect(plain.ok && plain.order.amount.toString()).toBe('2');
  });

  it('take-profit rungs share out the sellable amount: the last rung gives up the room', () => {
    const deal = boughtDeal('100', '2');
    const pair = pairWith({ takeProfit: { targets: [{ profit: '0.01', share: '0.5' }, { profit: '0.02', share: '0.5' }] } });
    const sells = orders.placeTakeProfitSells({ deal, pair, market: BASE_FEES, at: 70_000, prefix: 'dlb-' });
    expect(sells.ok && sells.orders.map((o) => [o.price?.toString(), o.amount.toString()])).toEqual([
      ['101', '0.998'],
      ['102', '0.998'],
    ]);
    const plain = orders.placeTakeProfitSells({ deal, pair, market: MARKET, at: 70_000, prefix: 'dlb-' });
    expect(plain.ok && plain.orders.map((o) => o.amount.toString())).toEqual(['1', '1']);
  });
});
