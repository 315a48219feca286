import { describe, expect, it } from 'vitest';
import { Order, type NewOrderProps } from '../../../src/domain/order/order.entity.js';
import type { Fill } from '../../../src/domain/order/order.types.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { DomainError, InvalidTransitionError } from '../../../src/domain/shared/domain-error.js';

const BUY: NewOrderProps = { clientOrderId: 'dlb-d1-b1', dealId: 'd1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('100'), amount: dec('2'), createdAt: 1_000 };
const SELL: NewOrderProps = { ...BUY, clientOrderId: 'dlb-d1-s1', side: 'sell', price: dec('101') };

function thrown(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('did not throw');
}

function accepted(props: NewOrderProps = BUY): Order {
  const order = Order.create(props);
  order.accept('e1', 1_500);
  order.pullEvents();
  return order;
}

const fill = (patch: Partial<Fill> = {}): Fill => ({ tradeId: 't1', price: dec('100'), amount: dec('0.5'), fee: dec('0.05'), timestamp: 2_000, ...patch });

describe('Order.create refuses what no exchange would take', () => {
  it('refuses an amount of 0 or less', () => {
    for (const amount of ['0', '-1']) {
      const error = thrown(() => Order.create({ ...BUY, amount: dec(amount) }));
      expect(error).toBeInstanceOf(DomainError);
      expect([error.code, error.message]).toEqual(['ORDER_AMOUNT', 'Order dlb-d1-b1: amount must be > 0']);
    }
    expect(Order.create({ ...BUY, amount: dec('0.00000001') }).amount.toString()).toBe('0.00000001');
  });

  it('refuses a limit order without a price above 0', () => {
    for (const price of [null, dec('0'), dec('-5')]) {
      const error = thrown(() => Order.create({ ...BUY, price }));
      expect([error.code, error.message]).toEqual(['ORDER_PRICE', 'Order dlb-d1-b1: a limit order needs a price > 0']);
    }
  });

  it('takes a market order without a price', () => {
    const order = Order.create({ ...SELL, type: 'market', price: null });
    expect([order.type, order.price]).toEqual(['market', null]);
  });

  it('refuses a stop on a buy, at or below 0, or not below the limit; takes one below the limit or on a market sell', () => {
    for (const props of [{ ...BUY, stopPrice: dec('90') }, { ...SELL, stopPrice: dec('0') }, { ...SELL, stopPrice: dec('-1') }, { ...SELL, stopPrice: dec('101') }, { ...SELL, stopPrice: dec('102') }]) {
      expect(thrown(() => Order.create(props)).code).toBe('ORDER_STOP');
    }
    expect(Order.create({ ...SELL, stopPrice: dec('100.99') }).stopPrice?.toString()).toBe('100.99');
    expect(Order.create({ ...SELL, type: 'market', price: null, stopPrice: dec('95') }).stopPrice?.toString()).toBe('95');
    expect(Order.create({ ...SELL, stopPrice: null }).stopPrice).toBeNull();
    expect(Order.create(SELL).stopPrice).toBeNull();
  });

  it('starts new, unfilled, with no exchange id or reason', () => {
    const order = Order.create(BUY);
    expect([order.status, order.filled.toString(), order.remaining.toString(), order.exchangeOrderId, order.reason, order.updatedAt, order.average, order.isFinal]).toEqual(['new', '0', '2', null, null, 1_000, null, false]);
  });
});

describe('Order.applyFill guards', () => {
  const invalid: [string, Partial<Fill>][] = [
    ['amount 0', { amount: dec('0') }],
    ['negative amount', { amount: dec('-0.5') }],
    ['price 0', { price: dec('0') }],
    ['negative price', { price: dec('-100') }],
    ['negative fee', { fee: dec('-0.01') }],
    ['negative fee value in quote', { feeCurrency: 'BNB', feeQuote: dec('-0.01') }],
  ];
  for (const [name, patch] of invalid) {
    it(`refuses a fill with ${name}, and changes nothing`, () => {
      const order = accepted();
      const before = order.toSnapshot();
      const error = thrown(() => order.applyFill(fill(patch), 2_000));
      expect([error.code, error.message]).toEqual(['FILL_INVALID', 'Order dlb-d1-b1: fill t1 has a non-positive amount or price, or a negative fee']);
      expect(order.toSnapshot()).toEqual(before);
      expect(order.pullEvents()).toEqual([]);
    });
  }

  it('takes a fill with a zero fee, and a third-currency fee with no known value', () => {
    const order = accepted();
    expect(order.applyFill(fill({ fee: dec('0') }), 2_000)).toBe(true);
    expect(order.applyFill(fill({ tradeId: 't2', fee: dec('0.001'), feeCurrency: 'BNB', feeQuote: null }), 2_000)).toBe(true);
    expect(order.filled.toString()).toBe('1');
  });

  it('takes a third-currency fee valued at exactly 0 in quote: only a negative value is refused', () => {
    expect(accepted().applyFill(fill({ fee: dec('0.001'), feeCurrency: 'BNB', feeQuote: dec('0') }), 2_000)).toBe(true);
  });

  it('refuses a fill past the amount, and changes nothing', () => {
    const order = accepted();
    order.applyFill(fill({ amount: dec('1.5') }), 2_000);
    const before = order.toSnapshot();
    const error = thrown(() => order.applyFill(fill({ tradeId: 't2', amount: dec('0.6') }), 2_500));
    expect([error.code, error.message]).toEqual(['FILL_OVERFILL', 'Order dlb-d1-b1: fill t2 overfills 2.1 > 2']);
    expect(order.toSnapshot()).toEqual(before);
  });

  it('refuses a first fill past the amount', () => {
    expect(thrown(() => accepted().applyFill(fill({ amount: dec('2.0001') }), 2_000)).code).toBe('FILL_OVERFILL');
  });

  it('a fill of exactly the rest completes the order', () => {
    const order = accepted();
    order.applyFill(fill({ amount: dec('1.5') }), 2_000);
    expect(order.applyFill(fill({ tradeId: 't2', amount: dec('0.5') }), 2_500)).toBe(true);
    expect([order.status, order.remaining.toString(), order.isFinal]).toEqual(['closed', '0', true]);
  });

  it('applies a trade id once: the second time returns false and changes nothing', () => {
    const order = accepted();
    order.applyFill(fill(), 2_000);
    order.pullEvents();
    expect(order.applyFill(fill({ amount: dec('1') }), 3_000)).toBe(false);
    expect([order.filled.toString(), order.updatedAt, order.pullEvents()]).toEqual(['0.5', 2_000, []]);
    expect(order.hasTrade('t1')).toBe(true);
    expect(order.hasTrade('t2')).toBe(false);
  });

  it('refuses a fill on a final order with an InvalidTransitionError', () => {
    const order = accepted();
    order.cancel(2_000, 'test');
    expect(() => order.applyFill(fill(), 2_500)).toThrow(InvalidTransitionError);
    expect(order.fills).toEqual([]);
  });

  it('an invalid fill on a final order is refused as a transition first', () => {
    const order = accepted();
    order.expire(2_000);
    expect(() => order.applyFill(fill({ amount: dec('0') }), 2_500)).toThrow(InvalidTransitionError);
  });
});

describe('Order progress', () => {
  it('OrderFilled tells the trade, the fill so far and whether it completed; a quote fee names no currency', () => {
    const order = accepted();
    order.applyFill(fill(), 2_000);
    order.applyFill(fill({ tradeId: 't2', amount: dec('1.5'), fee: dec('0.001'), feeCurrency: 'BTC' }), 2_500);
    expect(order.pullEvents()).toEqual([
      { type: 'OrderFilled', occurredAt: 2_000, tradeId: 't1', price: '100', amount: '0.5', fee: '0.05', filled: '0.5', complete: false, orderId: 'dlb-d1-b1', dealId: 'd1', symbol: 'BTC/USDT', side: 'buy' },
      { type: 'OrderFilled', occurredAt: 2_500, tradeId: 't2', price: '100', amount: '1.5', fee: '0.001', filled: '2', complete: true, feeCurrency: 'BTC', orderId: 'dlb-d1-b1', dealId: 'd1', symbol: 'BTC/USDT', side: 'buy' },
    ]);
  });

  it('a fee named in the quote currency counts as quote; a third-currency fee with a value tells it', () => {
    const order = accepted();
    order.applyFill(fill({ feeCurrency: 'USDT' }), 2_000);
    order.applyFill(fill({ tradeId: 't2', feeCurrency: 'BNB', fee: dec('0.0001'), feeQuote: dec('0.06') }), 2_000);
    const [quote, bnb] = order.pullEvents();
    expect(quote).not.toHaveProperty('feeCurrency');
    expect(quote).not.toHaveProperty('feeQuote');
    expect(bnb).toMatchObject({ feeCurrency: 'BNB', feeQuote: '0.06' });
    expect(order.feeIn('USDT').toString()).toBe('0.05');
    expect(order.feeIn('BNB').toString()).toBe('0.0001');
    expect(order.feeIn('BTC').toString()).toBe('0');
  });

  it('accept keeps the exchange id it had when the exchange gives none, and OrderPlaced tells the stop only when there is one', () => {
    const order = Order.create(SELL);
    order.markUnknown('timeout', 1_100);
    order.accept(null, 1_200);
    expect(order.exchangeOrderId).toBeNull();
    const stopped = Order.create({ ...SELL, stopPrice: dec('95') });
    stopped.accept('e9', 1_300);
    const events = [...order.pullEvents(), ...stopped.pullEvents()];
    expect(events.filter((e) => e.type === 'OrderPlaced')).toEqual([
      { type: 'OrderPlaced', occurredAt: 1_200, orderType: 'limit', price: '101', amount: '2', exchangeOrderId: null, orderId: 'dlb-d1-s1', dealId: 'd1', symbol: 'BTC/USDT', side: 'sell' },
      { type: 'OrderPlaced', occurredAt: 1_300, orderType: 'limit', price: '101', amount: '2', exchangeOrderId: 'e9', stopPrice: '95', orderId: 'dlb-d1-s1', dealId: 'd1', symbol: 'BTC/USDT', side: 'sell' },
    ]);
  });

  it('updatedAt never goes back in time', () => {
    const order = accepted();
    order.applyFill(fill(), 5_000);
    order.cancel(4_000, 'late');
    expect(order.updatedAt).toBe(5_000);
  });

  it('cancel, expire, reject and markUnknown record their reason and event', () => {
    const a = Order.create(BUY);
    a.cancel(1_100);
    const b = accepted();
    b.expire(1_600, 'time in force');
    const c = Order.create(BUY);
    c.reject('insufficient funds', 1_100);
    const d = Order.create(BUY);
    d.markUnknown('timeout', 1_100);
    expect([a, b, c, d].map((o) => [o.status, o.reason])).toEqual([['canceled', null], ['expired', 'time in force'], ['rejected', 'insufficient funds'], ['unknown', 'timeout']]);
    expect([...a.pullEvents(), ...b.pullEvents(), ...c.pullEvents(), ...d.pullEvents()].map((e) => [e.type, 'status' in e ? e.status : '', 'reason' in e ? e.reason : ''])).toEqual([
      ['OrderCancelled', 'canceled', null],
      ['OrderCancelled', 'expired', 'time in force'],
      ['OrderRejected', '', 'insufficient funds'],
      ['OrderOutcomeUnknown', '', 'timeout'],
    ]);
  });

  it('stopped: only a sell with a stop that filled below its limit, or a stop-market that filled', () => {
    const plain = accepted(SELL);
    plain.applyFill(fill({ price: dec('95') }), 2_000);
    expect(plain.stopped).toBe(false);
    const resting = accepted({ ...SELL, stopPrice: dec('95') });
    expect(resting.stopped).toBe(false);
    const atLimit = accepted({ ...SELL, stopPrice: dec('95') });
    atLimit.applyFill(fill({ price: dec('101') }), 2_000);
    expect(atLimit.stopped).toBe(false);
    const below = accepted({ ...SELL, stopPrice: dec('95') });
    below.applyFill(fill({ price: dec('94.9') }), 2_000);
    expect(below.stopped).toBe(true);
    const market = accepted({ ...SELL, type: 'market', price: null, stopPrice: dec('95') });
    market.applyFill(fill({ price: dec('96') }), 2_000);
    expect(market.stopped).toBe(true);
  });

  it('restore gives an order of its own: filling it leaves the state it came from as it was', () => {
    const order = accepted();
    order.applyFill(fill(), 2_000);
    const state = order.toState();
    const copy = Order.restore(state);
    copy.applyFill(fill({ tradeId: 't2' }), 2_500);
    expect(state.fills).toHaveLength(1);
    expect(order.filled.toString()).toBe('0.5');
    expect(copy.filled.toString()).toBe('1');
  });
});
