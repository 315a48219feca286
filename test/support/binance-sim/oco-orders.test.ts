import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { eventsOf, reportsOf, startStops, type StopsWorld } from './stops.fixtures.js';

/** OCO order lists on the local Binance server, through ccxt's binance class (its implicit spot API methods). */

const SYMBOL = 'BTC/USDT';
const OCO_PRICES = 'The relationship of the prices for the orders is not correct.';

/** A SELL OCO of 0.1 BTC: take profit LIMIT_MAKER at 21000 above, STOP_LOSS_LIMIT 19500 / 19400 below (last price 20000). */
const SELL_OCO = {
  symbol: 'BTCUSDT',
  side: 'SELL',
  quantity: '0.1',
  listClientOrderId: 'deal-7',
  aboveType: 'LIMIT_MAKER',
  abovePrice: '21000',
  aboveClientOrderId: 'deal-7-tp',
  belowType: 'STOP_LOSS_LIMIT',
  belowStopPrice: '19500',
  belowPrice: '19400',
  belowTimeInForce: 'GTC',
  belowClientOrderId: 'deal-7-sl',
};

interface ListAnswer {
  orderListId: number;
  listStatusType: string;
  listOrderStatus: string;
  listClientOrderId: string;
  orders: { orderId: number; clientOrderId: string }[];
  orderReports?: { clientOrderId: string; type: string; status: string; orderListId: number; stopPrice?: string }[];
}

async function placeOco(world: StopsWorld, params: Record<string, string> = SELL_OCO): Promise<ListAnswer> {
  return (await world.client.privatePostOrderListOco(params)) as ListAnswer;
}

const statusOf = async (world: StopsWorld, clientOrderId: string): Promise<string | undefined> => (await world.client.fetchOrder('', SYMBOL, { origClientOrderId: clientOrderId })).status;

describe('OCO order lists', () => {
  it('places both legs under one list (stop leg first) and one hold of the base asset', async () => {
    const world = await startStops();
    const list = await placeOco(world);
    expect([list.listStatusType, list.listOrderStatus, list.listClientOrderId]).toEqual(['EXEC_STARTED', 'EXECUTING', 'deal-7']);
    expect(list.orderReports!.map((r) => [r.clientOrderId, r.type, r.status, r.orderListId === list.orderListId, r.stopPrice])).toEqual([
      ['deal-7-sl', 'STOP_LOSS_LIMIT', 'NEW', true, '19500.00000000'],
      ['deal-7-tp', 'LIMIT_MAKER', 'NEW', true, undefined],
    ]);
    expect(world.sim.balance('BTC')).toEqual({ free: '0.9', locked: '0.1' });
    const open = (await world.client.privateGetOpenOrderList()) as ListAnswer[];
    expect(open.map((l) => l.orders.map((o) => o.clientOrderId))).toEqual([['deal-7-sl', 'deal-7-tp']]);
    const byClientId = (await world.client.privateGetOrderList({ origClientOrderId: 'deal-7' })) as ListAnswer;
    expect(byClientId.orderListId).toBe(list.orderListId);
    const plain = await world.client.createOrder(SYMBOL, 'limit', 'buy', 0.001, 19000);
    expect([plain.info['orderListId'], (await world.client.fetchOrder(plain.id!, SYMBOL)).info['orderListId']]).toEqual([-1, -1]);
  });

  it('the price rises to the limit leg: it fills as maker, the stop leg expires (OCO_TRIGGER), the list is ALL_DONE', async () => {
    const world = await startStops();
    const list = await placeOco(world);
    world.bar(20000, 21100, 19900, 21050); // low 19900 first: above the stop; then up through 21000
    expect([await statusOf(world, 'deal-7-tp'), await statusOf(world, 'deal-7-sl')]).toEqual(['closed', 'expired']);
    const done = (await world.client.privateGetOrderList({ orderListId: list.orderListId })) as ListAnswer;
    expect([done.listStatusType, done.listOrderStatus]).toEqual(['ALL_DONE', 'ALL_DONE']);
    expect(await world.client.privateGetOpenOrderList()).toEqual([]);
    const [trade] = await world.client.fetchMyTrades(SYMBOL);
    expect([trade!.price, trade!.takerOrMaker, trade!.fee?.cost]).toEqual([21000, 'maker', 2.1]);
    expect([world.sim.balance('BTC'), world.sim.balance('USDT')]).toEqual([
      { free: '0.9', locked: '0' },
      { free: '12097.9', locked: '0' },
    ]);
    expect(reportsOf(world.sim).slice(2)).toEqual([
      ['deal-7-tp', 'TRADE', 'FILLED', false],
      ['deal-7-sl', 'EXPIRED', 'EXPIRED', false],
    ]);
    expect(eventsOf(world.sim, 'executionReport').at(-1)).toMatchObject({ g: list.orderListId, eR: 'OCO_TRIGGER' });
  });

  it('the price falls through the stop: the stop leg triggers and fills, the limit leg expires', async () => {
    const world = await startStops();
    await placeOco(world);
    world.bar(20000, 20100, 19300, 19350); // high 20100 first (below 21000), then down through 19500
    expect([await statusOf(world, 'deal-7-sl'), await statusOf(world, 'deal-7-tp')]).toEqual(['closed', 'expired']);
    const [trade] = await world.client.fetchMyTrades(SYMBOL);
    expect([trade!.price, trade!.takerOrMaker]).toEqual([19400, 'taker']);
    expect(world.sim.balance('BTC')).toEqual({ free: '0.9', locked: '0' });
    expect(reportsOf(world.sim).slice(2)).toEqual([
      ['deal-7-sl', 'NEW', 'NEW', true], // triggered
      ['deal-7-tp', 'EXPIRED', 'EXPIRED', false],
      ['deal-7-sl', 'TRADE', 'FILLED', false],
    ]);
  });

  it('a trade between candle closes (sim.trade) is the last price: a trade through the stop triggers and fills the stop leg at that trade', async () => {
    const world = await startStops();
    const list = await placeOco(world);
    world.sim.trade(SYMBOL, 19_600); // above the stop: nothing acts
    expect([await statusOf(world, 'deal-7-sl'), await statusOf(world, 'deal-7-tp')]).toEqual(['open', 'open']);
    world.sim.trade(SYMBOL, 19_450);
    expect([await statusOf(world, 'deal-7-sl'), await statusOf(world, 'deal-7-tp')]).toEqual(['closed', 'expired']);
    const [trade] = await world.client.fetchMyTrades(SYMBOL);
    expect([trade!.price, trade!.takerOrMaker]).toEqual([19400, 'taker']); // a STOP_LOSS_LIMIT: marketable at once, at its limit
    expect(world.sim.orderLists()[0]).toMatchObject({ orderListId: list.orderListId, listOrderStatus: 'ALL_DONE' });
    // the OCO price rule reads the last trade, not the last candle's close (20000)
    await expect(placeOco(world, { ...SELL_OCO, listClientOrderId: 'deal-8', aboveClientOrderId: 'deal-8-tp', belowClientOrderId: 'deal-8-sl', belowStopPrice: '19500' })).rejects.toThrow(OCO_PRICES);
  });

  it('a candle that reaches both legs: the one its path reaches first wins (a rising candle dips to its low before its high)', async () => {
    const world = await startStops();
    await placeOco(world);
    world.bar(20000, 21100, 19300, 21000); // closes above its open: 20000 -> 19300 -> 21100 -> 21000
    expect([await statusOf(world, 'deal-7-sl'), await statusOf(world, 'deal-7-tp')]).toEqual(['closed', 'expired']);
    const stopThenFalls = await startStops();
    await placeOco(stopThenFalls);
    stopThenFalls.bar(20000, 21100, 19300, 19400); // closes below its open: 20000 -> 21100 -> 19300 -> 19400
    expect([await statusOf(stopThenFalls, 'deal-7-tp'), await statusOf(stopThenFalls, 'deal-7-sl')]).toEqual(['closed', 'expired']);
  });

  it('cancelling the list, or either leg, cancels both legs and gives the hold back exactly', async () => {
    const world = await startStops();
    const list = await placeOco(world);
    const canceled = (await world.client.privateDeleteOrderList({ symbol: 'BTCUSDT', orderListId: list.orderListId })) as ListAnswer;
    expect([canceled.listStatusType, canceled.listOrderStatus, canceled.orderReports!.map((r) => r.status)]).toEqual(['ALL_DONE', 'ALL_DONE', ['CANCELED', 'CANCELED']]);
    expect(world.sim.balance('BTC')).toEqual({ free: '1', locked: '0' });
    await expect(world.client.privateDeleteOrderList({ symbol: 'BTCUSDT', orderListId: list.orderListId })).rejects.toThrow('Unknown order list sent.');

    await placeOco(world, { ...SELL_OCO, listClientOrderId: 'deal-8', aboveClientOrderId: 'deal-8-tp', belowClientOrderId: 'deal-8-sl' });
    const leg = await world.client.cancelOrder('', SYMBOL, { origClientOrderId: 'deal-8-tp' });
    expect(leg.status).toBe('canceled');
    expect([await statusOf(world, 'deal-8-sl'), world.sim.balance('BTC')]).toEqual(['canceled', { free: '1', locked: '0' }]);
    expect(eventsOf(world.sim, 'listStatus').map((e) => [e['C'], e['l'], e['L']])).toEqual([
      ['deal-7', 'EXEC_STARTED', 'EXECUTING'],
      ['deal-7', 'ALL_DONE', 'ALL_DONE'],
      ['deal-8', 'EXEC_STARTED', 'EXECUTING'],
      ['deal-8', 'ALL_DONE', 'ALL_DONE'],
    ]);
  });

  it('refuses prices out of order (-2010), legs on the wrong side (-1166, -1197 shapes), and a missing leg parameter (-1102)', async () => {
    const world = await startStops();
    await expect(placeOco(world, { ...SELL_OCO, abovePrice: '19990' })).rejects.toThrow(ccxt.InvalidOrder);
    await expect(placeOco(world, { ...SELL_OCO, belowStopPrice: '20010', belowPrice: '20000' })).rejects.toThrow('The relationship of the prices for the orders is not correct.');
    const swapped = { ...SELL_OCO, aboveType: 'STOP_LOSS_LIMIT', aboveStopPrice: '19500', abovePrice: '19400', aboveTimeInForce: 'GTC', belowType: 'LIMIT_MAKER', belowPrice: '21000' };
    const { belowStopPrice: _s, belowTimeInForce: _t, ...swappedLegs } = swapped;
    await expect(placeOco(world, swappedLegs)).rejects.toThrow('A limit order in a sell OCO must be above.');
    const { belowStopPrice: _missing, ...noStop } = SELL_OCO;
    await expect(placeOco(world, noStop)).rejects.toThrow("Mandatory parameter 'belowStopPrice' was not sent, was empty/null, or malformed.");
    await expect(placeOco(world, { ...SELL_OCO, belowType: 'LIMIT' })).rejects.toThrow('Order type not supported in OCO.');
    expect([world.sim.orders(), world.sim.orderLists(), world.sim.balance('BTC')]).toEqual([[], [], { free: '1', locked: '0' }]);
  });

  it('takes the deprecated POST /api/v3/order/oco too: a LIMIT_MAKER at price and a STOP_LOSS (or STOP_LOSS_LIMIT with stopLimitPrice)', async () => {
    const world = await startStops();
    const old = (await world.client.privatePostOrderOco({ symbol: 'BTCUSDT', side: 'SELL', quantity: '0.1', price: '21000', stopPrice: '19500', listClientOrderId: 'old-1' })) as ListAnswer;
    expect(old.orderReports!.map((r) => r.type)).toEqual(['STOP_LOSS', 'LIMIT_MAKER']);
    const limited = (await world.client.privatePostOrderOco({ symbol: 'BTCUSDT', side: 'BUY', quantity: '0.1', price: '19000', stopPrice: '20500', stopLimitPrice: '20600', stopLimitTimeInForce: 'GTC' })) as ListAnswer;
    expect(limited.orderReports!.map((r) => r.type)).toEqual(['STOP_LOSS_LIMIT', 'LIMIT_MAKER']);
    // a BUY OCO holds the larger of its legs' quote: 20600 x 0.1 x 1.001
    expect(world.sim.balance('USDT')).toEqual({ free: '7937.94', locked: '2062.06' });
    world.bar(20000, 20050, 18900, 18950); // falls: the BUY OCO's limit leg fills at 19000; the SELL OCO's stop (market) at 19500
    const trades = await world.client.fetchMyTrades(SYMBOL);
    expect(trades.map((t) => [t.side, t.price, t.takerOrMaker])).toEqual([
      ['sell', 19500, 'taker'],
      ['buy', 19000, 'maker'],
    ]);
    expect(world.sim.balance('USDT')).toEqual({ free: '10046.1', locked: '0' }); // 10000 + 1950 - 3.9 - 1900: the buy's fee is in BTC
  });
});
