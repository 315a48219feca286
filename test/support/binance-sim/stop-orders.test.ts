import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { reportsOf, startStops } from './stops.fixtures.js';

/** STOP_LOSS(_LIMIT) and TAKE_PROFIT(_LIMIT) on the local Binance server, through ccxt's binance class. */

const SYMBOL = 'BTC/USDT';

describe('stop orders', () => {
  it('a STOP_LOSS_LIMIT sell rests untriggered with its base locked; the market falls through its stop: it fills at its limit price, as taker', async () => {
    const { sim, client, bar } = await startStops();
    const placed = await client.createOrder(SYMBOL, 'STOP_LOSS_LIMIT', 'sell', 0.1, 19400, { stopPrice: 19500, clientOrderId: 'sl-1' });
    expect(sim.requests('createOrder')[0]!.params).toMatchObject({ type: 'STOP_LOSS_LIMIT', price: '19400', stopPrice: '19500', timeInForce: 'GTC', quantity: '0.1' });
    const resting = await client.fetchOrder(placed.id!, SYMBOL);
    expect([resting.status, resting.info['type'], resting.triggerPrice, resting.price]).toEqual(['open', 'STOP_LOSS_LIMIT', 19500, 19400]);
    expect([resting.info['isWorking'], resting.info['workingTime'], resting.info['orderListId']]).toEqual([false, -1, -1]);
    expect(sim.balance('BTC')).toEqual({ free: '0.9', locked: '0.1' });

    bar(20000, 20050, 19600, 19700); // above the stop: nothing happens
    expect((await client.fetchOrder(placed.id!, SYMBOL)).status).toBe('open');
    const at = bar(19700, 19750, 19300, 19350); // down through 19500
    const filled = await client.fetchOrder(placed.id!, SYMBOL);
    expect([filled.status, filled.filled, filled.average]).toEqual(['closed', 0.1, 19400]);
    const [trade] = await client.fetchMyTrades(SYMBOL);
    expect([trade!.price, trade!.takerOrMaker, trade!.fee?.cost, trade!.fee?.currency, trade!.timestamp]).toEqual([19400, 'taker', 3.88, 'USDT', at]);
    expect(sim.balance('BTC')).toEqual({ free: '0.9', locked: '0' });
    expect(sim.balance('USDT')).toEqual({ free: '11936.12', locked: '0' }); // 10000 + 1940 - 3.88
    expect(reportsOf(sim)).toEqual([
      ['sl-1', 'NEW', 'NEW', false],
      ['sl-1', 'NEW', 'NEW', true], // triggered: now on the book
      ['sl-1', 'TRADE', 'FILLED', false],
    ]);
  });

  it('a market that gaps below the limit triggers the stop at the open; the limit rests until the price comes back to it, then fills as maker', async () => {
    const { sim, client, bar } = await startStops();
    const placed = await client.createOrder(SYMBOL, 'STOP_LOSS_LIMIT', 'sell', 0.1, 19400, { stopPrice: 19500 });
    const triggeredAt = bar(19000, 19100, 18900, 19050);
    const working = await client.fetchOrder(placed.id!, SYMBOL);
    expect([working.status, working.filled, working.info['isWorking'], working.info['workingTime']]).toEqual(['open', 0, true, triggeredAt]);
    expect(sim.balance('BTC')).toEqual({ free: '0.9', locked: '0.1' });
    bar(19100, 19450, 19050, 19420);
    const [trade] = await client.fetchMyTrades(SYMBOL);
    expect([trade!.price, trade!.takerOrMaker, trade!.fee?.cost]).toEqual([19400, 'maker', 1.94]);
    expect(sim.balance('USDT')).toEqual({ free: '11938.06', locked: '0' });
  });

  it('STOP_LOSS and TAKE_PROFIT (market once triggered) fill at the stop price, or at the open when the market gapped past it', async () => {
    const { sim, client, bar } = await startStops();
    const stop = await client.createOrder(SYMBOL, 'market', 'sell', 0.1, undefined, { stopLossPrice: 19500 });
    const take = await client.createOrder(SYMBOL, 'market', 'sell', 0.1, undefined, { takeProfitPrice: 20500 });
    expect(sim.requests('createOrder').map((r) => [r.params['type'], r.params['stopPrice'], r.params['price']])).toEqual([
      ['STOP_LOSS', '19500', undefined],
      ['TAKE_PROFIT', '20500', undefined],
    ]);
    expect(sim.balance('BTC')).toEqual({ free: '0.8', locked: '0.2' });
    bar(20000, 20100, 19400, 19450); // falls through 19500: the stop loss
    bar(20600, 20700, 20550, 20650); // opens above 20500: the take profit, at the open
    const trades = await client.fetchMyTrades(SYMBOL);
    expect(trades.map((t) => [t.order, t.price, t.takerOrMaker])).toEqual([
      [stop.id, 19500, 'taker'],
      [take.id, 20600, 'taker'],
    ]);
    expect(sim.balance('BTC')).toEqual({ free: '0.8', locked: '0' });
  });

  it('a TAKE_PROFIT_LIMIT sell triggers when the price rises to its stop; a BUY STOP_LOSS_LIMIT when it rises to its stop', async () => {
    const { client, bar } = await startStops();
    const take = await client.createOrder(SYMBOL, 'TAKE_PROFIT_LIMIT', 'sell', 0.1, 20400, { stopPrice: 20500 });
    const buyStop = await client.createOrder(SYMBOL, 'STOP_LOSS_LIMIT', 'buy', 0.1, 20700, { stopPrice: 20600 });
    bar(20000, 20550, 19950, 20500);
    expect([(await client.fetchOrder(take.id!, SYMBOL)).status, (await client.fetchOrder(buyStop.id!, SYMBOL)).status]).toEqual(['closed', 'open']);
    bar(20500, 20650, 20450, 20600);
    expect((await client.fetchOrder(buyStop.id!, SYMBOL)).average).toBe(20700);
  });

  it('a stop the last price has already crossed is refused: -2010 "Order would trigger immediately." (ccxt OrderImmediatelyFillable); nothing is placed or locked', async () => {
    const { sim, client } = await startStops();
    const refusals = [
      () => client.createOrder(SYMBOL, 'STOP_LOSS_LIMIT', 'sell', 0.1, 20000, { stopPrice: 20000 }),
      () => client.createOrder(SYMBOL, 'TAKE_PROFIT_LIMIT', 'sell', 0.1, 19800, { stopPrice: 19900 }),
      () => client.createOrder(SYMBOL, 'STOP_LOSS_LIMIT', 'buy', 0.1, 19900, { stopPrice: 19900 }),
      () => client.createOrder(SYMBOL, 'market', 'sell', 0.1, undefined, { stopLossPrice: 20100 }),
    ];
    for (const refusal of refusals) {
      // ccxt maps the message itself (-2010 carries several), so the error shows the message alone
      const error: unknown = await refusal().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ccxt.OrderImmediatelyFillable);
      expect(String(error)).toBe('OrderImmediatelyFillable: binance Order would trigger immediately.');
    }
    expect(sim.orders()).toEqual([]);
    expect([sim.balance('BTC'), sim.balance('USDT')]).toEqual([
      { free: '1', locked: '0' },
      { free: '10000', locked: '0' },
    ]);
  });

  it('a LIMIT_MAKER that would take is refused: -2010 "Order would immediately match and take."', async () => {
    const { client } = await startStops();
    await expect(client.createOrder(SYMBOL, 'LIMIT_MAKER', 'sell', 0.1, 19990)).rejects.toThrow(ccxt.OrderImmediatelyFillable);
    expect((await client.createOrder(SYMBOL, 'LIMIT_MAKER', 'sell', 0.1, 20010)).status).toBe('open');
  });

  it('checks the filters on stopPrice (PRICE_FILTER) and each type\'s mandatory parameters (-1102), and refuses a stopPrice a type does not take (-1106)', async () => {
    const { sim, client } = await startStops();
    const order = { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: '0.1', price: '19400', stopPrice: '19500', timeInForce: 'GTC' };
    const refusal = async (params: Record<string, string>): Promise<string> => client.privatePostOrder(params).then(() => 'placed', (e: unknown) => String(e));
    expect(await refusal({ ...order, stopPrice: '19500.005' })).toContain('{"code":-1013,"msg":"Filter failure: PRICE_FILTER"}');
    expect(await refusal({ ...order, stopPrice: '0.001' })).toContain('Filter failure: PRICE_FILTER');
    const without = (name: keyof typeof order): Record<string, string> => Object.fromEntries(Object.entries(order).filter(([k]) => k !== name));
    for (const name of ['stopPrice', 'price', 'timeInForce'] as const) {
      expect(await refusal(without(name))).toContain(`{"code":-1102,"msg":"Mandatory parameter '${name}' was not sent, was empty/null, or malformed."}`);
    }
    expect(await refusal({ ...order, type: 'LIMIT' })).toContain(`{"code":-1106,"msg":"Parameter 'stopPrice' sent when not required."}`);
    expect(await refusal({ ...without('timeInForce'), type: 'STOP_LOSS' })).toContain(`{"code":-1106,"msg":"Parameter 'price' sent when not required."}`);
    expect(await refusal({ ...order, type: 'STOP_LOSS_LIMIT', timeInForce: 'IOC' })).toContain('{"code":-1115,"msg":"Invalid timeInForce."}');
    expect(sim.orders()).toEqual([]);
  });

  it('a BUY stop locks price x quantity x (1 + maker fee) of quote; a cancel gives back exactly that', async () => {
    const { sim, client } = await startStops();
    const placed = await client.createOrder(SYMBOL, 'STOP_LOSS_LIMIT', 'buy', 0.1, 20600, { stopPrice: 20500 });
    expect(sim.balance('USDT')).toEqual({ free: '7937.94', locked: '2062.06' });
    const canceled = await client.cancelOrder(placed.id!, SYMBOL);
    expect(canceled.status).toBe('canceled');
    expect(sim.balance('USDT')).toEqual({ free: '10000', locked: '0' });
    await expect(client.createOrder(SYMBOL, 'STOP_LOSS_LIMIT', 'buy', 0.5, 20600, { stopPrice: 20500 })).rejects.toThrow(ccxt.InsufficientFunds);
  });
});
