import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateOrderError, OrderOutcomeUnknownError, OrderRefusedError } from '../../../../src/domain/ports/exchange.errors.js';
import type { ExchangeOrder, OrderRequest } from '../../../../src/domain/ports/exchange.port.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { capabilitiesFor } from '../../../../src/infrastructure/exchange/ccxt/capabilities.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { waitFor } from '../../../support/binance-sim/manual-time.js';
import { BinanceSim as Sim } from '../../../support/binance-sim/binance-sim.js';
import { cid, connectorFor, expectNoSecretsLogged, MARKETS, startSim } from './ccxt.fixtures.js';

/** Sells with a stop through the real ccxt connector: one OCO list on the local Binance server, one order for the bot. */

const MINUTE = 60_000;
const SYMBOL = 'BTC/USDT';
let sim: BinanceSim;
let exchange: CcxtExchange;

beforeEach(async () => {
  sim = await startSim({ fees: { maker: '0.001', taker: '0.002' } });
  exchange = await connectorFor(sim);
  // the last price, 20000: the list's prices must lie around it
  sim.pushCandle(SYMBOL, { openTime: Date.now() - 2 * MINUTE, open: 20000, high: 20010, low: 19990, close: 20000, volume: 5 });
});

afterEach(async () => {
  await exchange.close();
  await sim.stop();
});

expectNoSecretsLogged();

const stopSell = (clientOrderId: string, amount = '0.1', price = '21000', stopPrice = '19500'): OrderRequest => ({ clientOrderId, symbol: SYMBOL, side: 'sell', type: 'limit', amount: dec(amount), price: dec(price), stopPrice: dec(stopPrice) });

const text = (order: ExchangeOrder | null) =>
  order === null
    ? null
    : {
        clientOrderId: order.clientOrderId,
        status: order.status,
        price: order.price?.toString() ?? null,
        stopPrice: order.stopPrice?.toString() ?? null,
        amount: order.amount.toString(),
        filled: order.filled.toString(),
        cost: order.cost.toString(),
        fee: order.fee.toString(),
        trades: order.trades?.map((t) => [t.price.toString(), t.amount.toString(), t.fee.toString(), t.feeCurrency ?? 'quote']) ?? null,
      };

/** A final 1m candle after `order` was placed (the server matches resting orders on it). */
const candleAfter = (order: ExchangeOrder, open: number, high: number, low: number, close: number): void => sim.pushCandle(SYMBOL, { openTime: order.timestamp + MINUTE, open, high, low, close, volume: 5 });

describe('CcxtExchange: a sell with a stop is one OCO list', () => {
  it('holds stops on Binance spot: one list on the server, LIMIT_MAKER above at the price, STOP_LOSS below at the stop, leg ids derived from the list id', async () => {
    expect(exchange.supportsStopPrice).toBe(true);
    const id = cid('s1');
    const order = await exchange.createOrder(stopSell(id));
    expect(text(order)).toEqual({ clientOrderId: id, status: 'open', price: '21000', stopPrice: '19500', amount: '0.1', filled: '0', cost: '0', fee: '0', trades: [] });
    expect(order.exchangeOrderId).toBe(`oco:${sim.orderLists()[0]!.orderListId}`);
    const [list, ...others] = sim.orderLists();
    expect(others).toEqual([]);
    expect([list!.listClientOrderId, list!.listOrderStatus]).toEqual([id, 'EXECUTING']);
    expect(list!.orders.map((o) => [o.clientOrderId, o.type, o.price?.toString() ?? null, o.stopPrice?.toString() ?? null, o.quantity.toString()])).toEqual([
      [`${id}.sl`, 'STOP_LOSS', null, '19500', '0.1'],
      [`${id}.tp`, 'LIMIT_MAKER', '21000', null, '0.1'],
    ]);
    expect(sim.requests('createOrder')).toEqual([]);
    expect(sim.balance('BTC')).toEqual({ free: '0.9', locked: '0.1' });
  });

  it('the take profit filling closes it: the limit leg\'s maker fill and fee, the stop leg expired', async () => {
    const id = cid('s1');
    const order = await exchange.createOrder(stopSell(id));
    candleAfter(order, 20000, 21100, 19900, 21050);
    const done = await exchange.fetchOrder(SYMBOL, id);
    expect(text(done)).toEqual({ clientOrderId: id, status: 'closed', price: '21000', stopPrice: '19500', amount: '0.1', filled: '0.1', cost: '2100', fee: '2.1', trades: [['21000', '0.1', '2.1', 'quote']] });
    expect(sim.orders().map((o) => o.status)).toEqual(['EXPIRED', 'FILLED']);
  });

  it('the stop triggering closes it with the stop leg\'s fill at the trigger and its taker fee', async () => {
    const id = cid('s1');
    const order = await exchange.createOrder(stopSell(id));
    candleAfter(order, 20000, 20100, 19300, 19350);
    const done = await exchange.fetchOrder(SYMBOL, id);
    expect(text(done)).toEqual({ clientOrderId: id, status: 'closed', price: '21000', stopPrice: '19500', amount: '0.1', filled: '0.1', cost: '1950', fee: '3.9', trades: [['19500', '0.1', '3.9', 'quote']] });
    expect(done!.trades![0]!.id).toMatch(/^\d+$/);
  });

  it('cancel cancels the whole list (both legs, the hold back); a list that filled first answers with its fill', async () => {
    const id = cid('s1');
    await exchange.createOrder(stopSell(id));
    const canceled = await exchange.cancelOrder(SYMBOL, id);
    expect(text(canceled)).toMatchObject({ clientOrderId: id, status: 'canceled', filled: '0', trades: [] });
    expect(sim.orders().map((o) => o.status)).toEqual(['CANCELED', 'CANCELED']);
    expect(sim.requests('cancelOrderList').map((r) => r.params['listClientOrderId'])).toEqual([id]);
    expect(sim.balance('BTC')).toEqual({ free: '1', locked: '0' });

    const sold = cid('s2');
    const order = await exchange.createOrder(stopSell(sold));
    candleAfter(order, 20000, 20100, 19300, 19350);
    const late = await exchange.cancelOrder(SYMBOL, sold);
    expect(text(late)).toMatchObject({ clientOrderId: sold, status: 'closed', filled: '0.1', cost: '1950' });
  });

  it('a NEW connector (a restart) reads the list by its id alone, the same order; open lists are listed once each, never their legs', async () => {
    const id = cid('s1');
    const placed = await exchange.createOrder(stopSell(id));
    const plain = cid('s9');
    await exchange.createOrder({ clientOrderId: plain, symbol: SYMBOL, side: 'sell', type: 'limit', amount: dec('0.01'), price: dec('22000') });
    const restarted = await connectorFor(sim);
    try {
      expect(text(await restarted.fetchOrder(SYMBOL, id))).toEqual(text(placed));
      expect((await restarted.fetchOpenOrders()).map((o) => [o.clientOrderId, o.stopPrice?.toString() ?? null])).toEqual([
        [plain, null],
        [id, '19500'],
      ]);
      expect((await restarted.fetchOpenOrders(SYMBOL)).map((o) => o.clientOrderId)).toEqual([plain, id]);
      expect(await restarted.fetchOrder(SYMBOL, cid('s1'))).toBeNull(); // neither an order nor a list: proven absent
    } finally {
      await restarted.close();
    }
    const again = await connectorFor(sim);
    try {
      expect((await again.cancelOrder(SYMBOL, id)).status).toBe('canceled'); // a list it never met: found, then cancelled as a list
    } finally {
      await again.close();
    }
  });

  it('a lost answer is resolved by fetchOrder as for plain orders; a duplicate means already placed', async () => {
    const id = cid('s1');
    sim.failNext('createOrderList', { kind: 'hangAfterApplying' });
    const lost = await exchange.createOrder(stopSell(id)).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(OrderOutcomeUnknownError);
    const restarted = await connectorFor(sim);
    try {
      expect(text(await restarted.fetchOrder(SYMBOL, id))).toMatchObject({ clientOrderId: id, status: 'open', stopPrice: '19500' });
      const duplicate = await restarted.createOrder(stopSell(id)).catch((e: unknown) => e);
      expect(duplicate).toBeInstanceOf(DuplicateOrderError);
      expect(sim.orderLists()).toHaveLength(1);
      const absent = cid('s1');
      sim.failNext('createOrderList', { kind: 'hang' });
      expect(await restarted.createOrder(stopSell(absent)).catch((e: unknown) => e)).toBeInstanceOf(OrderOutcomeUnknownError);
      expect(await restarted.fetchOrder(SYMBOL, absent)).toBeNull();
    } finally {
      await restarted.close();
    }
  });

  it('a stop without a limit price is a plain STOP_LOSS sell', async () => {
    const id = cid('x1');
    const order = await exchange.createOrder({ clientOrderId: id, symbol: SYMBOL, side: 'sell', type: 'market', amount: dec('0.1'), price: null, stopPrice: dec('19500') });
    expect([order.status, order.type]).toEqual(['open', 'market']);
    expect(sim.orders().map((o) => [o.clientOrderId, o.type, o.stopPrice?.toString()])).toEqual([[id, 'STOP_LOSS', '19500']]);
    expect(sim.orderLists()).toEqual([]);
  });

  it('the user-data stream: the stop leg\'s fill arrives as an update of the list\'s one order, with its trade', async () => {
    exchange.watchOrderUpdates();
    await waitFor(() => exchange.orderWatchStatus()?.state === 'up', 'the order stream to be up');
    const id = cid('s1');
    const order = await exchange.createOrder(stopSell(id));
    const seen: ExchangeOrder[] = [];
    const take = (): boolean => {
      seen.push(...(exchange.takeOrderUpdates() ?? []));
      return seen.some((u) => u.status === 'closed');
    };
    take();
    const queriesBefore = sim.requests('queryOrderList').length;
    candleAfter(order, 20000, 20100, 19300, 19350);
    await waitFor(take, 'the streamed stop fill');
    expect(new Set(seen.map((u) => u.clientOrderId))).toEqual(new Set([id]));
    expect(text(seen.at(-1)!)).toEqual({ clientOrderId: id, status: 'closed', price: '21000', stopPrice: '19500', amount: '0.1', filled: '0.1', cost: '1950', fee: '3.9', trades: [['19500', '0.1', '3.9', 'quote']] });
    // the legs' reports (the stop triggered, the take profit expired, the stop filled) are news of the list: read over REST
    expect(sim.userEvents().filter((e) => (e as { e: string }).e === 'executionReport')).toHaveLength(2 + 3);
    expect(sim.requests('queryOrderList').length).toBeGreaterThan(queriesBefore);
  });
});

describe('an account that pays fees in BNB', () => {
  it('the stop leg\'s fee is in BNB, valued in USDT at the BNB/USDT price, as for plain orders', async () => {
    const bnb = await Sim.start({ markets: [...MARKETS, { base: 'BNB', quote: 'USDT', tickSize: '0.01', stepSize: '0.001', minQty: '0.001', minNotional: '5' }], balances: { USDT: '10000', BTC: '1', BNB: '10' }, credentials: sim.credentials, fees: { maker: '0.001', taker: '0.002' }, feeMode: 'bnb' });
    const connector = await connectorFor(bnb);
    try {
      const before = Date.now() - 2 * MINUTE;
      bnb.pushCandle('BNB/USDT', { openTime: before, open: 300, high: 300, low: 300, close: 300, volume: 5 });
      bnb.pushCandle(SYMBOL, { openTime: before, open: 20000, high: 20010, low: 19990, close: 20000, volume: 5 });
      const id = cid('s1');
      const order = await connector.createOrder(stopSell(id));
      bnb.pushCandle(SYMBOL, { openTime: order.timestamp + MINUTE, open: 20000, high: 20100, low: 19300, close: 19350, volume: 5 });
      const done = await connector.fetchOrder(SYMBOL, id);
      // 1950 x 0.2 % x 0.75 / 300 BNB = 0.00975 BNB, worth 2.925 USDT
      expect([done?.status, done?.feeCurrency, done?.fee.toString(), done?.trades?.map((t) => [t.feeCurrency, t.fee.toString(), t.feeQuote?.toString()])]).toEqual(['closed', 'BNB', '0.00975', [['BNB', '0.00975', '2.925']]]);
    } finally {
      await connector.close();
      await bnb.stop();
    }
  });
});

describe('which exchanges hold stops: data, per exchange', () => {
  it('Binance spot and its test network; not Binance.US nor exchanges without an entry', () => {
    expect([capabilitiesFor('binance').stopOrders, capabilitiesFor('binance', {}, { sandbox: true }).stopOrders]).toEqual(['binance-oco', 'binance-oco']);
    expect([capabilitiesFor('binanceus').stopOrders, capabilitiesFor('kraken').stopOrders]).toEqual([null, null]);
  });

  it('without the capability the connector says so and refuses a stop before sending anything', async () => {
    const plain = await connectorFor(sim, { capabilities: { stopOrders: null } });
    try {
      expect(plain.supportsStopPrice).toBe(false);
      const refused = await plain.createOrder(stopSell(cid('s1'))).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(OrderRefusedError);
      expect((refused as OrderRefusedError).reason).toBe('invalid_order');
      expect([sim.requests('createOrder'), sim.requests('createOrderList')]).toEqual([[], []]);
    } finally {
      await plain.close();
    }
  });
});
