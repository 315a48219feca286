import { describe, expect, it } from 'vitest';
import { OrderRefusedError } from '../../../../src/domain/ports/exchange.errors.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { balanceOf, candle, limitBuy, limitSell, orderText, setup, T0 } from './paper.fixtures.js';

describe('PaperExchange cancel', () => {
  it('cancels a resting buy and releases its quote reservation', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    const canceled = await exchange.cancelOrder('BTC/USDT', 'b1');
    expect(canceled.status).toBe('canceled');
    expect(canceled.filled.toString()).toBe('0');
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '1000', used: '0', total: '1000' });
    expect(await exchange.fetchOpenOrders('BTC/USDT')).toEqual([]);

    exchange.onCandle('BTC/USDT', candle(T0, 19000, 19000, 19000, 19000));
    expect((await exchange.fetchOrder('BTC/USDT', 'b1'))?.status).toBe('canceled');
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.5', used: '0', total: '0.5' });
  });

  it('cancels a resting sell and releases its base reservation', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitSell('s1', '0.25', '30000'));
    await exchange.createOrder(limitSell('s2', '0.05', '31000'));
    await exchange.cancelOrder('BTC/USDT', 's1');
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.45', used: '0.05', total: '0.5' });
    expect((await exchange.fetchOpenOrders()).map((o) => o.clientOrderId)).toEqual(['s2']);
  });

  it('returns a final order unchanged', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    exchange.onCandle('BTC/USDT', candle(T0, 20000, 20000, 20000, 20000));
    const closed = await exchange.fetchOrder('BTC/USDT', 'b1');
    expect(orderText(await exchange.cancelOrder('BTC/USDT', 'b1'))).toEqual(orderText(closed));
    await exchange.createOrder(limitBuy('b2', '0.01', '20000'));
    const first = await exchange.cancelOrder('BTC/USDT', 'b2');
    expect(orderText(await exchange.cancelOrder('BTC/USDT', 'b2'))).toEqual(orderText(first));
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '799.8', used: '0', total: '799.8' });
  });

  it('refuses an unknown clientOrderId, or one of another symbol, with order_not_found', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    for (const [symbol, id] of [['BTC/USDT', 'nope'], ['ETH/BTC', 'b1']] as const) {
      const error = await exchange.cancelOrder(symbol, id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OrderRefusedError);
      expect((error as OrderRefusedError).reason).toBe('order_not_found');
    }
    expect((await exchange.fetchOrder('BTC/USDT', 'b1'))?.status).toBe('open');
  });
});

describe('PaperExchange reads', () => {
  it('fetches by clientOrderId and symbol; null when unknown', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    expect((await exchange.fetchOrder('BTC/USDT', 'b1'))?.exchangeOrderId).toBe('paper-1');
    expect(await exchange.fetchOrder('BTC/USDT', 'b9')).toBeNull();
    expect(await exchange.fetchOrder('ETH/BTC', 'b1')).toBeNull();
    expect(await exchange.fetchOpenOrders('DOGE/USDT')).toEqual([]);
  });

  it('lists open orders oldest first across markets', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitSell('e1', '1', '0.05', 'ETH/BTC'));
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    await exchange.createOrder(limitSell('e2', '1', '0.06', 'ETH/BTC'));
    await exchange.cancelOrder('ETH/BTC', 'e1');
    await exchange.createOrder(limitBuy('b2', '0.01', '19000'));
    expect((await exchange.fetchOpenOrders()).map((o) => o.clientOrderId)).toEqual(['b1', 'e2', 'b2']);
    expect((await exchange.fetchOpenOrders('ETH/BTC')).map((o) => o.clientOrderId)).toEqual(['e2']);
  });

  it('reports its markets and balances', async () => {
    const { exchange } = setup();
    expect((await exchange.loadMarkets()).map((m) => m.symbol)).toEqual(['BTC/USDT', 'ETH/BTC']);
    const balances = await exchange.fetchBalance();
    expect(Object.keys(balances)).toEqual(['USDT', 'BTC', 'ETH']);
    expect(balances.ETH?.total.toString()).toBe('2');
  });

  it('reads the balances of the currencies asked, the same as the whole account has them', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    const all = await exchange.fetchBalance();
    const some = await exchange.fetchBalance(['USDT', 'DOGE']);
    expect(Object.keys(some)).toEqual(['USDT']);
    expect([some.USDT?.free, some.USDT?.used, some.USDT?.total].map(String)).toEqual([all.USDT?.free, all.USDT?.used, all.USDT?.total].map(String));
    expect(some.USDT?.used.toString()).not.toBe('0');
  });

  it('hands out frozen copies: changing them is refused and never changes the exchange', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    exchange.onCandle('BTC/USDT', candle(T0, 20000, 20000, 20000, 20000));
    const order = (await exchange.fetchOrder('BTC/USDT', 'b1'))!;
    const before = orderText(order);
    expect(() => Object.assign(order, { status: 'open' })).toThrow(TypeError);
    expect(() => (order.trades as unknown[]).push({})).toThrow(TypeError);
    expect(() => Object.assign(order.trades![0]!, { price: dec(1) })).toThrow(TypeError);
    const balances = exchange.balances();
    expect(() => Object.assign(balances, { USDT: null })).toThrow(TypeError);
    expect(orderText(await exchange.fetchOrder('BTC/USDT', 'b1'))).toEqual(before);
    expect(orderText(exchange.orders()[0]!)).toEqual(before);
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '799.8', used: '0', total: '799.8' });
  });
});
