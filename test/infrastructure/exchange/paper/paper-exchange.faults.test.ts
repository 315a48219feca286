import { describe, expect, it } from 'vitest';
import { DuplicateOrderError, OrderOutcomeUnknownError, OrderRefusedError, TemporaryExchangeError } from '../../../../src/domain/ports/exchange.errors.js';
import { balanceOf, limitBuy, setup, stateText } from './paper.fixtures.js';

const lost = () => new OrderOutcomeUnknownError('connection reset after sending');

describe('PaperExchange fault injection', () => {
  it('createOrder: fails before doing anything, once', async () => {
    const { exchange } = setup();
    const error = lost();
    exchange.failNext('createOrder', error);
    const before = stateText(exchange);
    await expect(exchange.createOrder(limitBuy('b1', '0.01', '20000'))).rejects.toBe(error);
    expect(stateText(exchange)).toBe(before);
    expect(await exchange.fetchOrder('BTC/USDT', 'b1')).toBeNull();
    expect((await exchange.createOrder(limitBuy('b1', '0.01', '20000'))).status).toBe('open');
  });

  it('createOrder afterApplying: the order is placed but the answer is lost', async () => {
    const { exchange } = setup();
    const error = lost();
    exchange.failNext('createOrder', error, { afterApplying: true });
    await expect(exchange.createOrder(limitBuy('b1', '0.01', '20000'))).rejects.toBe(error);
    expect((await exchange.fetchOrder('BTC/USDT', 'b1'))?.status).toBe('open');
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '799.8', used: '200.2', total: '1000' });
    await expect(exchange.createOrder(limitBuy('b1', '0.01', '20000'))).rejects.toBeInstanceOf(DuplicateOrderError);
  });

  it('createOrder afterApplying: a refusal is lost too and changes nothing', async () => {
    const { exchange } = setup();
    const error = lost();
    exchange.failNext('createOrder', error, { afterApplying: true });
    const before = stateText(exchange);
    await expect(exchange.createOrder(limitBuy('b1', '1', '20000'))).rejects.toBe(error);
    expect(stateText(exchange)).toBe(before);
  });

  it('cancelOrder: fails before doing anything', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    exchange.failNext('cancelOrder', lost());
    await expect(exchange.cancelOrder('BTC/USDT', 'b1')).rejects.toBeInstanceOf(OrderOutcomeUnknownError);
    expect((await exchange.fetchOrder('BTC/USDT', 'b1'))?.status).toBe('open');
    expect(balanceOf(exchange, 'USDT').used).toBe('200.2');
  });

  it('cancelOrder afterApplying: canceled on the exchange, answer lost', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    exchange.failNext('cancelOrder', lost(), { afterApplying: true });
    await expect(exchange.cancelOrder('BTC/USDT', 'b1')).rejects.toBeInstanceOf(OrderOutcomeUnknownError);
    expect((await exchange.fetchOrder('BTC/USDT', 'b1'))?.status).toBe('canceled');
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '1000', used: '0', total: '1000' });
  });

  it('fetchOrder: fails once in either mode, then answers', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    exchange.failNext('fetchOrder', new TemporaryExchangeError('timeout', 1000));
    exchange.failNext('fetchOrder', new TemporaryExchangeError('rate limited'), { afterApplying: true });
    await expect(exchange.fetchOrder('BTC/USDT', 'b1')).rejects.toMatchObject({ message: 'timeout', retryAfterMs: 1000 });
    await expect(exchange.fetchOrder('BTC/USDT', 'b1')).rejects.toMatchObject({ message: 'rate limited' });
    expect((await exchange.fetchOrder('BTC/USDT', 'b1'))?.status).toBe('open');
  });

  it('fails only the method named', async () => {
    const { exchange } = setup();
    exchange.failNext('cancelOrder', lost());
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    expect(await exchange.fetchOrder('BTC/USDT', 'b1')).not.toBeNull();
    await expect(exchange.cancelOrder('BTC/USDT', 'b1')).rejects.toBeInstanceOf(OrderOutcomeUnknownError);
    await expect(exchange.cancelOrder('BTC/USDT', 'nope')).rejects.toBeInstanceOf(OrderRefusedError);
  });
});
