import { describe, expect, it } from 'vitest';
import { DuplicateOrderError, OrderRefusedError } from '../../../../src/domain/ports/exchange.errors.js';
import type { OrderRequest } from '../../../../src/domain/ports/exchange.port.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { SimulatedClock } from '../../../../src/infrastructure/clock/simulated.clock.js';
import { PaperExchange } from '../../../../src/infrastructure/exchange/paper/paper.exchange.js';
import { balanceOf, BTC_USDT, candle, limitBuy, limitSell, marketSell, MINUTE, setup, stateText, T0 } from './paper.fixtures.js';

async function refusal(exchange: PaperExchange, request: OrderRequest): Promise<Error> {
  const before = stateText(exchange);
  const error = await exchange.createOrder(request).then(
    () => new Error('expected a refusal'),
    (e: unknown) => e as Error,
  );
  expect(stateText(exchange)).toBe(before);
  return error;
}

function expectRefused(error: Error, reason: OrderRefusedError['reason'], message: RegExp): void {
  expect(error).toBeInstanceOf(OrderRefusedError);
  expect((error as OrderRefusedError).reason).toBe(reason);
  expect(error.message).toMatch(message);
}

async function withOneOrder(): Promise<PaperExchange> {
  const { exchange } = setup();
  await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
  return exchange;
}

describe('PaperExchange refusals leave every balance and order unchanged', () => {
  it('refuses an unknown symbol', async () => {
    const exchange = await withOneOrder();
    expectRefused(await refusal(exchange, limitBuy('b2', '0.01', '20000', 'DOGE/USDT')), 'bad_symbol', /DOGE\/USDT/);
  });

  it('checks the symbol before the clientOrderId', async () => {
    const exchange = await withOneOrder();
    expectRefused(await refusal(exchange, limitBuy('b1', '0.01', '20000', 'DOGE/USDT')), 'bad_symbol', /DOGE/);
  });

  it('refuses a clientOrderId already used, even once that order is final, before any other rule', async () => {
    const exchange = await withOneOrder();
    await exchange.cancelOrder('BTC/USDT', 'b1');
    const error = await refusal(exchange, limitBuy('b1', '0.00015', '1'));
    expect(error).toBeInstanceOf(DuplicateOrderError);
    expect((error as DuplicateOrderError).clientOrderId).toBe('b1');
  });

  it('refuses an amount off the amount step', async () => {
    const exchange = await withOneOrder();
    expectRefused(await refusal(exchange, limitBuy('b2', '0.00015', '20000')), 'invalid_order', /amount 0\.00015 .*amountStep 0\.0001/);
  });

  it('refuses a price off the price step', async () => {
    const exchange = await withOneOrder();
    expectRefused(await refusal(exchange, limitBuy('b2', '0.01', '20000.005')), 'invalid_order', /price 20000\.005 .*priceStep 0\.01/);
  });

  it('refuses an amount below the minimum amount', async () => {
    const exchange = await withOneOrder();
    expectRefused(await refusal(exchange, limitSell('s1', '0.0009', '20000')), 'invalid_order', /amount 0\.0009 is below minAmount 0\.001/);
  });

  it('refuses a cost below the minimum cost', async () => {
    const exchange = await withOneOrder();
    expectRefused(await refusal(exchange, limitBuy('b2', '0.001', '9999.99')), 'invalid_order', /cost 9\.99999 .*below minCost 10/);
  });

  it('prices a market sell at the last close for the minimum cost', async () => {
    const { exchange } = setup();
    exchange.onCandle('BTC/USDT', candle(T0 - MINUTE, 9000, 9100, 8900, 9000));
    expectRefused(await refusal(exchange, marketSell('x1', '0.001')), 'invalid_order', /cost 9 \(last close 9000 .*minCost 10/);
    exchange.onCandle('BTC/USDT', candle(T0 - MINUTE, 9000, 10100, 8900, 10000));
    expect((await exchange.createOrder(marketSell('x1', '0.001'))).status).toBe('open');
  });

  it('refuses market buys with a clear message', async () => {
    const exchange = await withOneOrder();
    const request: OrderRequest = { clientOrderId: 'm1', symbol: 'BTC/USDT', side: 'buy', type: 'market', amount: dec('0.01'), price: null };
    expectRefused(await refusal(exchange, request), 'invalid_order', /market buys are not supported/);
  });

  it('refuses a limit order without a price and a market order with one', async () => {
    const exchange = await withOneOrder();
    expectRefused(await refusal(exchange, { ...limitBuy('b2', '0.01', '1'), price: null }), 'invalid_order', /needs a price/);
    expectRefused(await refusal(exchange, { ...marketSell('x1', '0.01'), price: dec('20000') }), 'invalid_order', /takes no price/);
  });

  it('refuses a zero amount and a clientOrderId outside the allowed characters', async () => {
    const exchange = await withOneOrder();
    expectRefused(await refusal(exchange, limitBuy('b2', '0', '20000')), 'invalid_order', /amount must be > 0/);
    expectRefused(await refusal(exchange, limitBuy('b 2', '0.01', '20000')), 'invalid_order', /clientOrderId "b 2"/);
  });

  it('checks the order rules before the funds', async () => {
    const exchange = await withOneOrder();
    expectRefused(await refusal(exchange, limitBuy('b2', '1.00005', '20000')), 'invalid_order', /amountStep/);
  });

  it('refuses a buy whose price x amount x (1 + maker fee) exceeds the free quote', async () => {
    const exchange = await withOneOrder();
    // free USDT is 799.8; 0.04 x 20000 x 1.001 = 800.8
    expectRefused(await refusal(exchange, limitBuy('b2', '0.04', '20000')), 'insufficient_funds', /needs 800\.8 USDT, free 799\.8/);
  });

  it('refuses a sell larger than the free base', async () => {
    const { exchange } = setup();
    await exchange.createOrder(limitSell('s1', '0.3', '21000'));
    expectRefused(await refusal(exchange, limitSell('s2', '0.2001', '21000')), 'insufficient_funds', /needs 0\.2001 BTC, free 0\.2/);
    expectRefused(await refusal(exchange, marketSell('x1', '0.2001')), 'insufficient_funds', /BTC/);
  });

  it('refuses a currency the account never held', async () => {
    const { exchange } = setup({ USDT: '1000' });
    expectRefused(await refusal(exchange, limitSell('s1', '0.01', '20000')), 'insufficient_funds', /free 0$/);
  });

  it('accepts a buy that needs exactly the free quote', async () => {
    const { exchange } = setup({ USDT: '200.2' });
    await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '0', used: '200.2', total: '200.2' });
  });

  it('refuses a negative initial balance and a market listed twice', () => {
    expect(() => setup({ USDT: '-1' })).toThrow(RangeError);
    const clock = new SimulatedClock(T0);
    expect(() => new PaperExchange({ markets: [BTC_USDT, BTC_USDT], balances: {}, clock })).toThrow(/BTC\/USDT is listed twice/);
  });
});
