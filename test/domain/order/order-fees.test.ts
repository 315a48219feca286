import { describe, expect, it } from 'vitest';
import { addFee, addFees, averageOf, feeKind, NO_FEES, totalsOf } from '../../../src/domain/order/order-totals.js';
import type { Fill } from '../../../src/domain/order/order.types.js';
import { dec } from '../../../src/domain/shared/decimal.js';

const fill = (patch: Partial<Fill> = {}): Fill => ({ tradeId: 't', price: dec('100'), amount: dec('1'), fee: dec('0.1'), timestamp: 1, ...patch });
const texts = (fees: Readonly<Record<string, { toString(): string }>>) => Object.fromEntries(Object.entries(fees).map(([c, a]) => [c, a.toString()]));

describe('fee kinds: quote, base or another currency', () => {
  it('no currency, the quote, or a zero fee is quote; the base is base; anything else is other', () => {
    expect(feeKind(fill(), 'ETH/USDT')).toBe('quote');
    expect(feeKind(fill({ feeCurrency: 'USDT' }), 'ETH/USDT')).toBe('quote');
    expect(feeKind(fill({ feeCurrency: 'ETH' }), 'ETH/USDT')).toBe('base');
    expect(feeKind(fill({ feeCurrency: 'BNB' }), 'ETH/USDT')).toBe('other');
    expect(feeKind(fill({ feeCurrency: 'BNB', fee: dec('0') }), 'ETH/USDT')).toBe('quote');
    expect(feeKind(fill({ feeCurrency: 'ETH', fee: dec('0') }), 'ETH/USDT')).toBe('quote');
  });

  it('splits the symbol at its slash, whatever the lengths', () => {
    expect(feeKind(fill({ feeCurrency: 'BTC' }), 'BTC/USDT')).toBe('base');
    expect(feeKind(fill({ feeCurrency: 'USDT' }), 'BTC/USDT')).toBe('quote');
    expect(feeKind(fill({ feeCurrency: '1INCH' }), '1INCH/BTC')).toBe('base');
    expect(feeKind(fill({ feeCurrency: 'BTC' }), '1INCH/BTC')).toBe('quote');
    expect(feeKind(fill({ feeCurrency: '1INC' }), '1INCH/BTC')).toBe('other');
  });
});

describe('order totals over fills with fees in any currency', () => {
  it('a quote fee counts in fee and paidFee; a base fee at its fill price in fee and in baseFee', () => {
    const t = totalsOf([fill({ fee: dec('0.1') }), fill({ tradeId: 't2', price: dec('102'), amount: dec('2'), fee: dec('0.002'), feeCurrency: 'ETH' })], 'ETH/USDT');
    expect([t.filled, t.cost, t.fee, t.paidFee, t.baseFee].map(String)).toEqual(['3', '304', '0.304', '0.1', '0.002']);
    expect(t.unconvertedFees).toBe(NO_FEES);
  });

  it('a third-currency fee counts at its quote value where known, else is kept by currency', () => {
    const t = totalsOf([fill({ fee: dec('0.0003'), feeCurrency: 'BNB', feeQuote: dec('0.18') }), fill({ tradeId: 't2', fee: dec('0.0002'), feeCurrency: 'BNB', feeQuote: null }), fill({ tradeId: 't3', fee: dec('0.0001'), feeCurrency: 'BNB' })], 'ETH/USDT');
    expect([t.fee, t.paidFee, t.baseFee].map(String)).toEqual(['0.18', '0.18', '0']);
    expect(texts(t.unconvertedFees)).toEqual({ BNB: '0.0003' });
  });

  it('addFee adds per currency and freezes; addFees adds two sets', () => {
    const one = addFee(NO_FEES, 'BNB', dec('0.1'));
    const two = addFee(one, 'BNB', dec('0.2'));
    expect(texts(two)).toEqual({ BNB: '0.3' });
    expect(Object.isFrozen(two)).toBe(true);
    expect(texts(one)).toEqual({ BNB: '0.1' });
    expect(texts(addFees(two, { KCS: dec('1'), BNB: dec('0.05') }))).toEqual({ BNB: '0.35', KCS: '1' });
    expect(addFees(two, NO_FEES)).toBe(two);
    expect(Object.isFrozen(NO_FEES)).toBe(true);
  });

  it('the average is null without a fill, the price of a single fill, cost / filled of several', () => {
    expect(averageOf(totalsOf([], 'ETH/USDT'))).toBeNull();
    expect(averageOf(totalsOf([fill({ price: dec('100.5'), amount: dec('3') })], 'ETH/USDT'))?.toString()).toBe('100.5');
    expect(averageOf(totalsOf([fill({ price: dec('100') }), fill({ tradeId: 't2', price: dec('103'), amount: dec('2') })], 'ETH/USDT'))?.toString()).toBe('102');
    // a price with more than 40 decimals is not what the division returns: the average is the division's
    const long = dec('1.' + '3'.repeat(45));
    expect(averageOf(totalsOf([fill({ price: long, amount: dec('3') })], 'ETH/USDT'))?.toString()).toBe(long.times(3).div(3).toString());
  });
});
