import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Balances } from '../../../../src/domain/ports/exchange.port.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { ManualTime, settle, waitFor } from '../../../support/binance-sim/manual-time.js';
import { cid, connectedOnClock, connectorFor, expectNoSecretsLogged, limitBuy } from './ccxt.fixtures.js';

/**
 * fetchBalance from the user-data stream (outboundAccountPosition) while the stream vouches that
 * no change is missing (balance-book.ts), else GET /api/v3/account; what it answers always
 * agrees with the server.
 */

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1, 12, 0);

let sim: BinanceSim;
let exchange: CcxtExchange;
let time: ManualTime;

beforeEach(async () => {
  time = new ManualTime(T0 + 5_000);
  ({ sim, exchange } = await connectedOnClock(time, { orderWatch: { reconnectBaseMs: 1_000, reconnectMaxMs: 1_000 } }));
});

afterEach(async () => {
  await exchange.close();
  await sim.stop();
});

expectNoSecretsLogged();

const restReads = (): number => sim.requests('account').length;

/** The server's balances of `assets`, as the port's Balances read them. */
function server(...assets: string[]): Record<string, { free: string; used: string }> {
  return Object.fromEntries(assets.map((a) => [a, { free: sim.balance(a).free, used: sim.balance(a).locked }]));
}

function shown(balances: Balances, ...assets: string[]): Record<string, { free: string; used: string }> {
  return Object.fromEntries(assets.map((a) => [a, { free: balances[a]!.free.toString(), used: balances[a]!.used.toString() }]));
}

/** Reads the balances and says whether that took a REST request. */
async function read(...assets: string[]): Promise<{ rest: boolean; balances: Record<string, { free: string; used: string }> }> {
  const before = restReads();
  const balances = await exchange.fetchBalance(assets);
  return { rest: restReads() > before, balances: shown(balances, ...assets) };
}

/** The order stream up, the balances read after subscribing, the stream's own events all in. */
async function streaming(): Promise<void> {
  exchange.watchOrderUpdates();
  await waitFor(() => exchange.orderWatchStatus()?.state === 'up', 'the order stream to be up');
  await settle(30);
}

const minute = (k: number, low: number) => ({ openTime: T0 + k * MINUTE, open: 30_000, high: 30_100, low, close: 30_000, volume: 5 });

describe('CcxtExchange fetchBalance from the user-data stream', () => {
  it('REST on every read until the stream is up; then no REST, and the placed buy, its fill and a cancel each show', async () => {
    expect((await read('USDT')).rest).toBe(true);
    expect((await read('USDT')).rest).toBe(true);
    await streaming();
    expect(restReads()).toBe(3); // the third: read after subscribing
    expect(await read('USDT', 'BTC')).toEqual({ rest: false, balances: server('USDT', 'BTC') });
    const buy = cid();
    await exchange.createOrder(limitBuy(buy, '0.01', '29900'));
    // right after the answer: REST unless the stream already reported it; the hold shows either way
    expect((await read('USDT')).balances).toEqual(server('USDT'));
    await settle(30);
    expect(await read('USDT', 'BTC')).toEqual({ rest: false, balances: server('USDT', 'BTC') });
    expect(sim.balance('USDT').locked).toBe('299.299');
    sim.pushCandle('BTC/USDT', minute(1, 29_800));
    await settle(30);
    expect(await read('USDT', 'BTC')).toEqual({ rest: false, balances: server('USDT', 'BTC') });
    const rest = cid();
    await exchange.createOrder(limitBuy(rest, '0.01', '29000'));
    await exchange.cancelOrder('BTC/USDT', rest);
    await settle(30);
    expect(await read('USDT')).toEqual({ rest: false, balances: server('USDT') });
    expect(sim.balance('USDT')).toEqual({ free: '9701', locked: '0' });
  });

  it('an order the stream has not reported (its events silenced) means REST; a read after its answer makes the stream vouch again', async () => {
    await streaming();
    sim.silenceUserStreams(true);
    await exchange.createOrder(limitBuy(cid(), '0.01', '29900'));
    expect(await read('USDT')).toEqual({ rest: true, balances: server('USDT') });
    // that read was sent after the exchange answered: it holds the order's hold
    expect(await read('USDT')).toEqual({ rest: false, balances: server('USDT') });
  });

  it('a fill reported without its account event (held back) means REST; the late event then arrives and the stream vouches', async () => {
    await streaming();
    await exchange.createOrder(limitBuy(cid(), '0.01', '29900'));
    await settle(30);
    expect((await read('USDT')).rest).toBe(false);
    sim.accountEvents.hold();
    sim.pushCandle('BTC/USDT', minute(1, 29_800));
    await waitFor(() => exchange.takeOrderUpdates()?.some((u) => u.status === 'closed') === true, 'the fill on the stream');
    expect(sim.accountEvents.held).toBe(1);
    expect(await read('USDT', 'BTC')).toEqual({ rest: true, balances: server('USDT', 'BTC') });
    sim.accountEvents.release();
    await settle(30);
    expect(await read('USDT', 'BTC')).toEqual({ rest: false, balances: server('USDT', 'BTC') });
  });

  it('a lost account event: REST, never the stale balance; the REST read seeds the book again', async () => {
    await streaming();
    sim.accountEvents.drop();
    await exchange.createOrder(limitBuy(cid(), '0.01', '29900'));
    await settle(30);
    expect(await read('USDT')).toEqual({ rest: true, balances: server('USDT') });
    expect(await read('USDT')).toEqual({ rest: false, balances: server('USDT') });
  });

  it('a stream drop: REST until resubscribed and read again; a change made meanwhile shows', async () => {
    await streaming();
    sim.dropUserStreams({ refuse: true });
    await waitFor(() => exchange.orderWatchStatus()?.state === 'down', 'the drop to be seen');
    sim.setBalance('USDT', '5000'); // its account event goes nowhere
    expect(await read('USDT')).toEqual({ rest: true, balances: server('USDT') });
    expect((await read('USDT')).rest).toBe(true);
    sim.acceptUserStreams();
    await waitFor(() => time.sleeping === 1, 'the reconnect backoff');
    time.advance(1_000);
    await waitFor(() => exchange.orderWatchStatus()?.state === 'up', 'the order stream back up');
    await settle(30);
    expect(await read('USDT')).toEqual({ rest: false, balances: { USDT: { free: '5000', used: '0' } } });
  });

  it('an account event older than the REST read it would land on is ignored', async () => {
    await streaming();
    const old = { e: 'outboundAccountPosition', E: T0, u: T0, B: [{ a: 'USDT', f: '1.00000000', l: '0.00000000' }] };
    time.advance(1_000);
    sim.setBalance('USDT', '7000');
    await settle(30);
    sim.publishUserEvent(old);
    await settle(30);
    expect(await read('USDT')).toEqual({ rest: false, balances: { USDT: { free: '7000', used: '0' } } });
  });

  it('a create the exchange refused, or one whose answer was lost and is then proven absent: one REST read, then the stream vouches', async () => {
    await streaming();
    sim.failNext('createOrder', { kind: 'insufficientFunds' });
    await expect(exchange.createOrder(limitBuy(cid(), '0.01', '29900'))).rejects.toThrow(/insufficient/i);
    expect((await read('USDT')).rest).toBe(true);
    expect((await read('USDT')).rest).toBe(false);
    const lost = cid();
    sim.failNext('createOrder', { kind: 'hang' });
    await expect(exchange.createOrder(limitBuy(lost, '0.01', '29900'))).rejects.toThrow();
    expect((await read('USDT')).rest).toBe(true);
    expect((await read('USDT')).rest).toBe(true); // the order may still be placed: REST until the exchange is asked
    expect(await exchange.fetchOrder('BTC/USDT', lost)).toBeNull();
    expect((await read('USDT')).rest).toBe(true);
    expect(await read('USDT')).toEqual({ rest: false, balances: server('USDT') });
  });

  it('the exchange ends the subscription (eventStreamTerminated): REST from then on', async () => {
    await streaming();
    expect((await read('USDT')).rest).toBe(false);
    sim.publishUserEvent({ e: 'eventStreamTerminated', E: time.now() });
    await settle(30);
    sim.silenceUserStreams(true); // the exchange sends nothing more on it
    sim.setBalance('USDT', '4000');
    expect(await read('USDT')).toEqual({ rest: true, balances: server('USDT') });
    expect((await read('USDT')).rest).toBe(true);
  });

  it('an exchange without streamed balances reads them over REST every time', async () => {
    await exchange.close();
    exchange = await connectorFor(sim, { clock: time, sleep: time.sleep, capabilities: { balanceStream: null } });
    await streaming();
    expect(await read('USDT')).toEqual({ rest: true, balances: server('USDT') });
    expect((await read('USDT')).rest).toBe(true);
  });
});
