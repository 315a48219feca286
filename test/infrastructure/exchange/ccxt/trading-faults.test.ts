import { afterEach, describe, expect, it } from 'vitest';
import { FatalExchangeError } from '../../../../src/domain/ports/exchange.errors.js';
import { expectNoSecretsLogged } from './ccxt.fixtures.js';
import { tradingRig, type TradingRig } from './trading.fixtures.js';

let t: TradingRig;

afterEach(async () => {
  await t.close();
});

expectNoSecretsLogged();

const BTC = ['BTC/USDT'];
const serverOrders = () => t.rig.sim.orders().map((o) => [o.clientOrderId, o.side, o.status]);

/** BULLISH on minute 1: the buy goes out while tick 1 is processed, at T0 + 2 min. */
async function rigWithBuyAt1(): Promise<TradingRig> {
  return tradingRig({ symbols: BTC, bullishMinutes: [1] });
}

describe('the realtime loop against exchange faults (local server, real ccxt)', () => {
  it('createOrder times out after the server placed the buy: one order, unknown, then adopted by clientOrderId; the deal completes', async () => {
    t = await rigWithBuyAt1();
    await t.playTo(1);
    t.rig.sim.failNext('createOrder', { kind: 'hangAfterApplying' });
    await t.playTo(2);
    // the buy went unknown; the server's report of it (streamed) or a read by clientOrderId adopts it
    const [pending] = await t.deals();
    const buyEvents = t.events.filter((e) => 'orderId' in e && e.orderId === pending?.buyOrder.id).map((e) => e.type);
    expect(buyEvents.slice(0, 1)).toEqual(['OrderOutcomeUnknown']);
    expect(['unknown', 'open']).toContain(pending?.buyOrder.status);
    await t.playTo(5);
    const [deal] = await t.deals();
    expect(deal?.status).toBe('closed');
    expect(deal?.buyOrder.status).toBe('closed');
    expect(serverOrders()).toEqual([
      [deal?.buyOrder.clientOrderId, 'BUY', 'FILLED'],
      [deal?.sellOrder?.clientOrderId, 'SELL', 'FILLED'],
    ]);
  });

  it('createOrder times out before the server placed the buy: proven absent by clientOrderId, the deal is cancelled, nothing is left on the server', async () => {
    t = await rigWithBuyAt1();
    await t.playTo(1);
    t.rig.sim.failNext('createOrder', { kind: 'hang' });
    await t.playTo(3);
    const [deal] = await t.deals();
    expect(deal?.status).toBe('cancelled');
    expect(deal?.buyOrder.reason).toMatch(/proven absent/);
    expect(t.rig.sim.orders()).toEqual([]);
    expect(t.rig.sim.requests('queryOrder').some((r) => r.params['origClientOrderId'] === deal?.buyOrder.clientOrderId)).toBe(true);
  });

  it('a sell lost before placing is proven absent before the retry with a new attempt id; never two live sells', async () => {
    t = await rigWithBuyAt1();
    await t.playTo(2); // buy placed at T0 + 2 min
    t.rig.sim.failNext('createOrder', { kind: 'hang' });
    await t.playTo(3); // buy filled by minute 2; the sell is lost
    await t.playTo(9);
    const [deal] = await t.deals();
    expect(deal?.status).toBe('closed');
    expect(deal?.sellOrders.map((o) => [o.clientOrderId.slice(-2), o.status])).toEqual([
      ['s1', 'rejected'],
      ['s2', 'closed'],
    ]);
    expect(serverOrders().map(([id, side]) => [String(id).slice(-2), side])).toEqual([
      ['b1', 'BUY'],
      ['s2', 'SELL'],
    ]);
  });

  it('"Duplicate order sent." for an order that is on the server: treated as placed, fetched by clientOrderId, adopted', async () => {
    t = await rigWithBuyAt1();
    await t.playTo(1);
    t.rig.sim.failNext('createOrder', { kind: 'duplicate', placed: true });
    await t.playTo(5);
    const [deal] = await t.deals();
    expect(deal?.status).toBe('closed');
    expect(t.rig.sim.requests('createOrder').map((r) => r.fault)).toEqual(['duplicate', null]);
    expect(t.rig.sim.orders()).toHaveLength(2);
  });

  it.each([
    ['insufficientFunds', /insufficient_funds/],
    ['invalidOrder', /invalid_order/],
  ] as const)('%s on the buy: not retried, the deal records why', async (kind, reason) => {
    t = await rigWithBuyAt1();
    await t.playTo(1);
    t.rig.sim.failNext('createOrder', { kind });
    await t.playTo(4);
    const [deal] = await t.deals();
    expect(deal?.status).toBe('cancelled');
    expect(deal?.reason).toMatch(reason);
    expect(t.rig.sim.requests('createOrder')).toHaveLength(1);
  });

  it('HTTP 418 on an order: trading halts with a FatalExchangeError, the order is not left behind', async () => {
    t = await rigWithBuyAt1();
    await t.playTo(1);
    t.rig.sim.failNext('createOrder', { kind: 'banned', retryAfterSeconds: 600 });
    await t.playTo(2);
    await expect(t.done).rejects.toBeInstanceOf(FatalExchangeError);
    expect(t.rig.sim.orders()).toEqual([]);
    const [deal] = await t.deals();
    expect(deal?.buyOrder.status).toBe('rejected');
  });
});
