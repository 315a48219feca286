import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrderRefusedError } from '../../../../src/domain/ports/exchange.errors.js';
import type { ExchangeOrder } from '../../../../src/domain/ports/exchange.port.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { cid, connectorFor, expectNoSecretsLogged, limitBuy, limitSell, startSim } from './ccxt.fixtures.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);
let sim: BinanceSim;
let exchange: CcxtExchange;

beforeEach(async () => {
  sim = await startSim();
  exchange = await connectorFor(sim);
});

afterEach(async () => {
  await exchange.close();
  await sim.stop();
});

expectNoSecretsLogged();

const text = (order: ExchangeOrder | null) =>
  order === null
    ? null
    : {
        clientOrderId: order.clientOrderId,
        status: order.status,
        price: order.price?.toString() ?? null,
        amount: order.amount.toString(),
        filled: order.filled.toString(),
        cost: order.cost.toString(),
        fee: order.fee.toString(),
        trades: order.trades?.map((t) => ({ price: t.price.toString(), amount: t.amount.toString(), fee: t.fee.toString() })) ?? null,
      };

describe('CcxtExchange markets and balances', () => {
  it('maps exchangeInfo filters (TICK_SIZE precision) and fees to MarketRules', async () => {
    const rules = await exchange.loadMarkets();
    const view = rules.map((r) => [r.symbol, r.amountStep, r.priceStep, r.minAmount, r.minCost, r.makerFee, r.takerFee].map(String));
    expect(view).toEqual([
      ['BTC/USDT', '0.00001', '0.01', '0.00001', '5', '0.001', '0.001'],
      ['ETH/BTC', '0.001', '0.000001', '0.001', '0.0001', '0.001', '0.001'],
      ['ETH/USDT', '0.0001', '0.01', '0.0001', '5', '0.001', '0.001'],
    ]);
    // the markets, then the account's fee rates (read once a day; account-fee-rates.test.ts)
    expect(sim.requests().map((r) => r.endpoint)).toEqual(['exchangeInfo', 'tradeFee']);
  });

  it('reads free, used and total per currency as exact decimals', async () => {
    await exchange.createOrder(limitBuy(cid(), '0.01', '20000'));
    const balances = await exchange.fetchBalance();
    expect([balances['USDT']?.free, balances['USDT']?.used, balances['USDT']?.total].map(String)).toEqual(['9799.8', '200.2', '10000']);
    expect(String(balances['BTC']?.free)).toBe('1');
  });
});

describe('CcxtExchange orders', () => {
  it('sends the clientOrderId as newClientOrderId, once', async () => {
    const id = cid();
    const order = await exchange.createOrder(limitBuy(id, '0.01', '20000'));
    expect(text(order)).toEqual({ clientOrderId: id, status: 'open', price: '20000', amount: '0.01', filled: '0', cost: '0', fee: '0', trades: [] });
    const sent = sim.requests('createOrder');
    expect(sent.map((r) => [r.params['newClientOrderId'], r.params['type'], r.params['side'], r.params['quantity'], r.params['price']])).toEqual([[id, 'LIMIT', 'BUY', '0.01', '20000']]);
  });

  it('reports a fill with its trades, cost and the fee in the asset Binance charges: the base a buy brings in, the quote a sell brings in', async () => {
    const buy = cid();
    const created = await exchange.createOrder(limitBuy(buy, '0.01', '20000'));
    sim.pushCandle('BTC/USDT', { openTime: created.timestamp, open: 20100, high: 20200, low: 19950, close: 20050, volume: 5 });
    const filled = await exchange.fetchOrder('BTC/USDT', buy);
    expect(text(filled)).toEqual({ clientOrderId: buy, status: 'closed', price: '20000', amount: '0.01', filled: '0.01', cost: '200', fee: '0.00001', trades: [{ price: '20000', amount: '0.01', fee: '0.00001' }] });
    expect([filled?.feeCurrency, filled?.trades?.[0]?.feeCurrency]).toEqual(['BTC', 'BTC']);
    expect(filled?.trades?.[0]?.id).toMatch(/^\d+$/);
    const sell = cid('s1');
    const placed = await exchange.createOrder(limitSell(sell, '0.01', '20200'));
    sim.pushCandle('BTC/USDT', { openTime: placed.timestamp + MINUTE, open: 20100, high: 20250, low: 20000, close: 20200, volume: 5 });
    const sold = await exchange.fetchOrder('BTC/USDT', sell);
    expect(text(sold)).toMatchObject({ status: 'closed', cost: '202', fee: '0.202' });
    expect(sold?.trades?.[0]?.feeCurrency).toBeUndefined();
  });

  it('cancels by clientOrderId and answers with that id, not the exchange-made cancel id', async () => {
    const id = cid();
    await exchange.createOrder(limitBuy(id, '0.01', '20000'));
    const canceled = await exchange.cancelOrder('BTC/USDT', id);
    expect([canceled.clientOrderId, canceled.status]).toEqual([id, 'canceled']);
    expect(sim.requests('cancelOrder').map((r) => r.params['origClientOrderId'])).toEqual([id]);
  });

  it('cancelling an order that already filled reports it filled; an unknown one is order_not_found', async () => {
    const id = cid();
    const created = await exchange.createOrder(limitBuy(id, '0.01', '20000'));
    sim.pushCandle('BTC/USDT', { openTime: created.timestamp, open: 20000, high: 20000, low: 19000, close: 19500, volume: 5 });
    expect((await exchange.cancelOrder('BTC/USDT', id)).status).toBe('closed');
    const error = await exchange.cancelOrder('BTC/USDT', 'never-placed').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderRefusedError);
    expect((error as OrderRefusedError).reason).toBe('order_not_found');
  });

  it('lists open orders of every market without a symbol', async () => {
    const a = cid();
    const b = cid();
    await exchange.createOrder(limitBuy(a, '0.01', '20000'));
    await exchange.createOrder(limitBuy(b, '0.1', '1500', 'ETH/USDT'));
    expect((await exchange.fetchOpenOrders()).map((o) => [o.symbol, o.clientOrderId])).toEqual([
      ['BTC/USDT', a],
      ['ETH/USDT', b],
    ]);
    expect((await exchange.fetchOpenOrders('ETH/USDT')).map((o) => o.clientOrderId)).toEqual([b]);
  });

  it('refuses an unknown symbol as bad_symbol without sending anything', async () => {
    await exchange.loadMarkets();
    const error = await exchange.createOrder(limitBuy(cid(), '1', '1', 'DOGE/USDT')).catch((e: unknown) => e);
    expect((error as OrderRefusedError).reason).toBe('bad_symbol');
    expect(sim.requests('createOrder')).toHaveLength(0);
  });
});

describe('CcxtExchange fetchOHLCV', () => {
  it('pages through since/limit until the end, without duplicates', async () => {
    for (let i = 0; i < 2500; i += 1) sim.pushCandle('BTC/USDT', { openTime: T0 + i * MINUTE, open: 100 + i, high: 101 + i, low: 99 + i, close: 100.5 + i, volume: 1 });
    const all = await exchange.fetchOHLCV('BTC/USDT', '1m', T0);
    expect(all).toHaveLength(2500);
    expect(all.every((c, i) => c.openTime === T0 + i * MINUTE)).toBe(true);
    expect(all[2499]).toEqual({ openTime: T0 + 2499 * MINUTE, open: 2599, high: 2600, low: 2598, close: 2599.5, volume: 1 });
    expect(sim.requests('klines').map((r) => [Number(r.params['startTime']) - T0, r.params['limit']])).toEqual([
      [0, '1000'],
      [1000 * MINUTE, '1000'],
      [2000 * MINUTE, '1000'],
    ]);
  });

  it('stops at until and at limit', async () => {
    for (let i = 0; i < 1500; i += 1) sim.pushCandle('BTC/USDT', { openTime: T0 + i * MINUTE, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    const window = await exchange.fetchOHLCV('BTC/USDT', '1m', T0 + 10 * MINUTE, { until: T0 + 20 * MINUTE });
    expect(window.map((c) => (c.openTime - T0) / MINUTE)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(await exchange.fetchOHLCV('BTC/USDT', '1m', T0, { limit: 1200 })).toHaveLength(1200);
    expect(await exchange.fetchOHLCV('BTC/USDT', '1m', T0 + 1500 * MINUTE)).toEqual([]);
  });
});
