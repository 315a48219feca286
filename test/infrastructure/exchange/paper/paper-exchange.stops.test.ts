import { describe, expect, it } from 'vitest';
import { OrderRefusedError } from '../../../../src/domain/ports/exchange.errors.js';
import type { OrderRequest } from '../../../../src/domain/ports/exchange.port.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { SimulatedClock } from '../../../../src/infrastructure/clock/simulated.clock.js';
import { PaperExchange } from '../../../../src/infrastructure/exchange/paper/paper.exchange.js';
import { balanceOf, BTC_USDT, candle, limitBuy, limitSell, MINUTE, setup, T0 } from './paper.fixtures.js';

const bracket = (id: string, amount: string, price: string | null, stop: string): OrderRequest => ({
  clientOrderId: id, symbol: 'BTC/USDT', side: 'sell', type: price === null ? 'market' : 'limit', amount: dec(amount), price: price === null ? null : dec(price), stopPrice: dec(stop),
});

const trades = async (exchange: ReturnType<typeof setup>['exchange'], id: string) =>
  ((await exchange.fetchOrder('BTC/USDT', id))?.trades ?? []).map((t) => [t.price.toString(), t.amount.toString(), t.fee.toString(), t.timestamp]);

describe('PaperExchange stop prices', () => {
  it('says it takes them, unless made to behave like an exchange without stop orders', async () => {
    expect(setup().exchange.supportsStopPrice).toBe(true);
    const exchange = new PaperExchange({ markets: [BTC_USDT], balances: { BTC: '1' }, clock: new SimulatedClock(T0), stopOrders: false });
    expect(exchange.supportsStopPrice).toBe(false);
    await expect(exchange.createOrder(bracket('s1', '0.1', '21000', '19000'))).rejects.toThrow('s1: this exchange takes no stop prices');
  });

  it('rests a sell with a limit and a stop as one order, reserving the base once, and echoes the stop', async () => {
    const { exchange } = setup();
    const created = await exchange.createOrder(bracket('s1', '0.1', '21000', '19000'));
    expect(created.stopPrice?.toString()).toBe('19000');
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.4', used: '0.1', total: '0.5' });
    exchange.onCandle('BTC/USDT', candle(T0, 20000, 20900, 19000.01, 20000));
    expect((await exchange.fetchOrder('BTC/USDT', 's1'))?.status).toBe('open');
  });

  it('fills at the stop as a taker once a low reaches it', async () => {
    const { exchange } = setup();
    await exchange.createOrder(bracket('s1', '0.1', '21000', '19000'));
    exchange.onCandle('BTC/USDT', candle(T0, 20000, 20100, 18500, 18800));
    // 0.1 x 19000 = 1900, taker 0.2% = 3.8
    expect(await trades(exchange, 's1')).toEqual([['19000', '0.1', '3.8', T0]]);
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '2896.2', used: '0', total: '2896.2' });
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.4', used: '0', total: '0.4' });
    expect(exchange.takeOrderUpdates().map((o) => [o.clientOrderId, o.status])).toEqual([['s1', 'closed']]);
  });

  it('fills at the open when the candle opens beyond the stop (a gap)', async () => {
    const { exchange } = setup();
    await exchange.createOrder(bracket('s1', '0.1', '21000', '19000'));
    exchange.onCandle('BTC/USDT', candle(T0, 18000, 18200, 17500, 18100));
    expect(await trades(exchange, 's1')).toEqual([['18000', '0.1', '3.6', T0]]);
  });

  it('counts the stop first when one candle reaches both the stop and the limit', async () => {
    const { exchange } = setup();
    await exchange.createOrder(bracket('s1', '0.1', '21000', '19000'));
    exchange.onCandle('BTC/USDT', candle(T0, 20000, 21500, 18900, 21200));
    expect(await trades(exchange, 's1')).toEqual([['19000', '0.1', '3.8', T0]]);
  });

  it('fills a take profit at its limit as a maker when the stop is not reached', async () => {
    const { exchange } = setup();
    await exchange.createOrder(bracket('s1', '0.1', '21000', '19000'));
    exchange.onCandle('BTC/USDT', candle(T0, 20000, 21000, 19500, 20800));
    expect(await trades(exchange, 's1')).toEqual([['21000', '0.1', '2.1', T0]]);
  });

  it('rests a stop-market sell (no limit) until triggered, not before its placement', async () => {
    const { clock, exchange } = setup();
    await exchange.createOrder(bracket('x1', '0.1', null, '19000'));
    exchange.onCandle('BTC/USDT', candle(T0 - MINUTE, 20000, 20000, 18000, 20000));
    exchange.onCandle('BTC/USDT', candle(T0, 20000, 25000, 19100, 24000));
    expect((await exchange.fetchOrder('BTC/USDT', 'x1'))?.status).toBe('open');
    clock.set(T0 + MINUTE);
    exchange.onCandle('BTC/USDT', candle(T0 + MINUTE, 19500, 19600, 18000, 18500));
    expect(await trades(exchange, 'x1')).toEqual([['19000', '0.1', '3.8', T0 + MINUTE]]);
  });

  it.each([
    [{ ...limitBuy('b1', '0.01', '20000'), stopPrice: dec('19000') }, 'only a sell takes a stop price'],
    [bracket('s1', '0.1', '21000', '21000'), 'stop price 21000 must be below the limit price 21000'],
    [bracket('s1', '0.1', '21000', '19000.005'), 'stop price 19000.005 is not a multiple of priceStep 0.01'],
    [bracket('s1', '0.1', '21000', '20000'), 'stop price 20000 would trigger immediately (last price 20000)'],
  ])('refuses %j', async (request, message) => {
    const { exchange } = setup();
    exchange.onCandle('BTC/USDT', candle(T0 - MINUTE, 20000, 20000, 20000, 20000));
    const error = await exchange.createOrder(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderRefusedError);
    expect((error as Error).message).toContain(message);
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.5', used: '0', total: '0.5' });
  });
});

describe('PaperExchange partial fills (limitNextFill)', () => {
  it('fills part of a sell, keeps the rest resting and reserved, and a cancel releases only the rest', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitSell('s1', '0.1', '21000'));
    exchange.limitNextFill('s1', '0.04');
    exchange.onCandle('BTC/USDT', candle(T0, 20000, 21000, 19500, 20800));
    const partial = await exchange.fetchOrder('BTC/USDT', 's1');
    expect([partial?.status, partial?.filled.toString(), partial?.cost.toString(), partial?.fee.toString()]).toEqual(['open', '0.04', '840', '0.84']);
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.4', used: '0.06', total: '0.46' });
    expect(exchange.takeOrderUpdates().map((o) => o.filled.toString())).toEqual(['0.04']);
    const canceled = await exchange.cancelOrder('BTC/USDT', 's1');
    expect([canceled.status, canceled.filled.toString()]).toEqual(['canceled', '0.04']);
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.46', used: '0', total: '0.46' });
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '1839.16', used: '0', total: '1839.16' });
  });

  it('fills the rest of a partly filled buy on a later candle, with exact reservations', async () => {
    const { clock, exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    exchange.limitNextFill('b1', '0.004');
    exchange.onCandle('BTC/USDT', candle(T0, 20100, 20200, 19900, 20000));
    // paid 0.004 x 20000 x 1.001 = 80.08; 0.006 x 20000 x 1.001 = 120.12 still reserved
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '799.8', used: '120.12', total: '919.92' });
    clock.set(T0 + MINUTE);
    exchange.onCandle('BTC/USDT', candle(T0 + MINUTE, 20100, 20200, 19950, 20000));
    expect(await trades(exchange, 'b1')).toEqual([['20000', '0.004', '0.08', T0], ['20000', '0.006', '0.12', T0 + MINUTE]]);
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '799.8', used: '0', total: '799.8' });
    expect(balanceOf(exchange, 'BTC')).toEqual({ free: '0.51', used: '0', total: '0.51' });
  });
});
