import { describe, expect, it } from 'vitest';
import { balanceOf, candle, limitBuy, limitSell, marketSell, MINUTE, orderText, setup, T0 } from './paper.fixtures.js';

describe('PaperExchange limit buy', () => {
  it('rests open, reserves price x amount x (1 + maker fee) and fills at its price once a later low reaches it', async () => {
    const { clock, exchange } = setup();
    const created = await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    expect(orderText(created)).toEqual({
      exchangeOrderId: 'paper-1',
      clientOrderId: 'b1',
      symbol: 'BTC/USDT',
      side: 'buy',
      type: 'limit',
      price: '20000',
      amount: '0.01',
      status: 'open',
      filled: '0',
      cost: '0',
      fee: '0',
      trades: [],
      timestamp: T0,
    });
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '799.8', used: '200.2', total: '1000' });
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.5', used: '0', total: '0.5' });

    exchange.onCandle('BTC/USDT', candle(T0 - MINUTE, 20050, 20100, 19000, 20000));
    expect((await exchange.fetchOrder('BTC/USDT', 'b1'))?.status).toBe('open');

    clock.set(T0 + MINUTE);
    exchange.onCandle('BTC/USDT', candle(T0, 20100, 20200, 20000.01, 20150));
    expect((await exchange.fetchOrder('BTC/USDT', 'b1'))?.status).toBe('open');

    clock.set(T0 + 2 * MINUTE);
    exchange.onCandle('BTC/USDT', candle(T0 + MINUTE, 20150, 20160, 20000, 20010));
    const filled = await exchange.fetchOrder('BTC/USDT', 'b1');
    expect(orderText(filled)).toMatchObject({
      status: 'closed',
      filled: '0.01',
      cost: '200',
      fee: '0.2',
      trades: [{ id: 'paper-1-1', price: '20000', amount: '0.01', fee: '0.2', timestamp: T0 + MINUTE }],
      timestamp: T0,
    });
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '799.8', used: '0', total: '799.8' });
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.51', used: '0', total: '0.51' });
    expect(await exchange.fetchOpenOrders()).toEqual([]);

    exchange.onCandle('BTC/USDT', candle(T0 + 2 * MINUTE, 20010, 20020, 19000, 19500));
    expect(orderText(await exchange.fetchOrder('BTC/USDT', 'b1'))).toEqual(orderText(filled));
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.51', used: '0', total: '0.51' });
  });

  it('fills at its own price even when the candle opens below it', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    exchange.onCandle('BTC/USDT', candle(T0, 19500, 19600, 19400, 19550));
    const order = await exchange.fetchOrder('BTC/USDT', 'b1');
    expect(order?.trades?.[0]?.price.toString()).toBe('20000');
    expect(order?.cost.toString()).toBe('200');
  });

  it('charges the maker fee exactly, unrounded', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.0123', '27123.45'));
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '666.047946565', used: '333.952053435', total: '1000' });
    exchange.onCandle('BTC/USDT', candle(T0, 27200, 27210, 27100, 27150));
    const order = await exchange.fetchOrder('BTC/USDT', 'b1');
    expect(order?.cost.toString()).toBe('333.618435');
    expect(order?.fee.toString()).toBe('0.333618435');
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '666.047946565', used: '0', total: '666.047946565' });
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.5123', used: '0', total: '0.5123' });
  });
});

describe('PaperExchange limit sell', () => {
  it('reserves the base amount and fills at its price once a later high reaches it', async () => {
    const { clock, exchange } = setup();
    await exchange.createOrder(limitSell('s1', '0.2', '21000.5'));
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.3', used: '0.2', total: '0.5' });
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '1000', used: '0', total: '1000' });

    exchange.onCandle('BTC/USDT', candle(T0 - MINUTE, 20900, 22000, 20800, 21000));
    clock.set(T0 + MINUTE);
    exchange.onCandle('BTC/USDT', candle(T0, 21000, 21000.49, 20950, 21000.2));
    expect((await exchange.fetchOrder('BTC/USDT', 's1'))?.status).toBe('open');

    clock.set(T0 + 2 * MINUTE);
    exchange.onCandle('BTC/USDT', candle(T0 + MINUTE, 21000.2, 21000.5, 20990, 20995));
    expect(orderText(await exchange.fetchOrder('BTC/USDT', 's1'))).toMatchObject({
      status: 'closed',
      filled: '0.2',
      cost: '4200.1',
      fee: '4.2001',
      trades: [{ id: 'paper-1-1', price: '21000.5', amount: '0.2', fee: '4.2001', timestamp: T0 + MINUTE }],
    });
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.3', used: '0', total: '0.3' });
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '5195.8999', used: '0', total: '5195.8999' });
  });

  it('charges the maker fee of its own market exactly (ETH/BTC, 0.075%)', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitSell('s1', '1.234', '0.054321', 'ETH/BTC'));
    exchange.onCandle('ETH/BTC', candle(T0, 0.0543, 0.054321, 0.0542, 0.0543));
    const order = await exchange.fetchOrder('ETH/BTC', 's1');
    expect(order?.cost.toString()).toBe('0.067032114');
    expect(order?.fee.toString()).toBe('0.0000502740855');
    expect(balanceOf(exchange, 'ETH')).toEqual({ free: '0.766', used: '0', total: '0.766' });
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.5669818399145', used: '0', total: '0.5669818399145' });
  });
});

describe('PaperExchange market sell', () => {
  it('fills at the next candle open with the taker fee, never on the placement candle', async () => {
    const { clock, exchange } = setup();
    const placementCandle = candle(T0 - MINUTE, 20300, 20600, 20200, 20500);
    exchange.onCandle('BTC/USDT', placementCandle);
    const created = await exchange.createOrder(marketSell('x1', '0.1'));
    expect(created.status).toBe('open');
    expect(created.price).toBeNull();
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.4', used: '0.1', total: '0.5' });

    exchange.onCandle('BTC/USDT', placementCandle);
    expect((await exchange.fetchOrder('BTC/USDT', 'x1'))?.status).toBe('open');

    clock.set(T0 + MINUTE);
    exchange.onCandle('BTC/USDT', candle(T0, 20400.37, 20450, 20300, 20420));
    expect(orderText(await exchange.fetchOrder('BTC/USDT', 'x1'))).toMatchObject({
      status: 'closed',
      price: null,
      filled: '0.1',
      cost: '2040.037',
      fee: '4.080074',
      trades: [{ id: 'paper-1-1', price: '20400.37', amount: '0.1', fee: '4.080074', timestamp: T0 }],
    });
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.4', used: '0', total: '0.4' });
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '3035.956926', used: '0', total: '3035.956926' });
  });
});

describe('PaperExchange matching', () => {
  it('fills every crossed order of the candle symbol and leaves the others resting', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    await exchange.createOrder(limitBuy('b2', '0.01', '19000'));
    await exchange.createOrder(limitSell('s1', '0.1', '20500'));
    await exchange.createOrder(limitSell('e1', '1', '0.05', 'ETH/BTC'));
    exchange.onCandle('BTC/USDT', candle(T0, 20200, 20500, 19500, 20100));
    exchange.onCandle('DOGE/USDT', candle(T0, 1, 1, 1, 1));
    const open = await exchange.fetchOpenOrders();
    expect(open.map((o) => o.clientOrderId)).toEqual(['b2', 'e1']);
    expect((await exchange.fetchOpenOrders('ETH/BTC')).map((o) => o.clientOrderId)).toEqual(['e1']);
    expect(exchange.orders().map((o) => `${o.exchangeOrderId}:${o.status}`)).toEqual([
      'paper-1:closed',
      'paper-2:open',
      'paper-3:closed',
      'paper-4:open',
    ]);
    // b1: -200 - 0.2; b2 reserves 190.19; s1: +2050 - 2.05
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '2657.56', used: '190.19', total: '2847.75' });
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.41', used: '0', total: '0.41' });
  });

  it('numbers orders and trades after the exchange id', async () => {
    const { exchange } = setup(undefined, 'sim');
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    await exchange.createOrder(limitBuy('b2', '0.01', '20000'));
    exchange.onCandle('BTC/USDT', candle(T0, 20000, 20000, 20000, 20000));
    expect(exchange.id).toBe('sim');
    expect(exchange.orders().map((o) => o.trades?.map((t) => t.id))).toEqual([['sim-1-1'], ['sim-2-1']]);
  });
});
