import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeOrder } from '../../../../src/domain/ports/exchange.port.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { ManualTime, settle, waitFor } from '../../../support/binance-sim/manual-time.js';
import { cid, connectedOnClock, connectorFor, expectNoSecretsLogged, limitBuy } from './ccxt.fixtures.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1, 12, 0);

let sim: BinanceSim;
let exchange: CcxtExchange;
let time: ManualTime;

beforeEach(async () => {
  time = new ManualTime(T0 + 5_000);
  ({ sim, exchange } = await connectedOnClock(time, { orderWatch: { reconnectBaseMs: 1_000, reconnectMaxMs: 8_000 } }));
});

afterEach(async () => {
  await exchange.close();
  await sim.stop();
});

expectNoSecretsLogged();

const state = (): string | undefined => exchange.orderWatchStatus()?.state;

/** Calls takeOrderUpdates() until it returns an array holding `clientOrderId` (collects everything it returned). */
async function updatesFor(clientOrderId: string, what: string): Promise<ExchangeOrder[]> {
  const seen: ExchangeOrder[] = [];
  await waitFor(() => {
    const updates = exchange.takeOrderUpdates();
    if (updates !== undefined) seen.push(...updates);
    return seen.some((u) => u.clientOrderId === clientOrderId && u.status === 'closed');
  }, what);
  return seen;
}

/** Minute k's candle for BTC/USDT, its low at `low`. */
const minute = (k: number, low: number) => ({ openTime: T0 + k * MINUTE, open: 30_000, high: 30_100, low, close: 30_000, volume: 5 });

async function up(): Promise<void> {
  await waitFor(() => state() === 'up', 'the order stream to be up');
}

describe('CcxtExchange watchOrders', () => {
  it('says undefined (poll) until the stream is subscribed and the working orders are re-read; then arrays', async () => {
    sim.failNext('openOrders', { kind: 'hold' });
    expect(exchange.takeOrderUpdates()).toBeUndefined();
    await waitFor(() => sim.held().length === 1, 'the REST re-read after subscribing');
    expect(sim.userSubscriptions).toBe(1);
    expect(state()).toBe('resyncing');
    expect(exchange.takeOrderUpdates()).toBeUndefined();
    sim.release(sim.held()[0]!.id, { apply: true });
    await up();
    expect(exchange.takeOrderUpdates()).toEqual([]);
  });

  it('a fill pushed on the stream reaches takeOrderUpdates() once, with its trade (id, price, fee in quote)', async () => {
    exchange.watchOrderUpdates();
    await up();
    const id = cid();
    await exchange.createOrder(limitBuy(id, '0.01', '29900'));
    const before = sim.requests('queryOrder').length;
    sim.pushCandle('BTC/USDT', minute(1, 29_800));
    const updates = await updatesFor(id, 'the streamed fill');
    const fills = updates.filter((u) => u.clientOrderId === id && u.status === 'closed');
    expect(fills).toHaveLength(1);
    const [fill] = fills;
    const trade = sim.orders().find((o) => o.clientOrderId === id)!.trades[0]!;
    expect(fill!.filled.toString()).toBe('0.01');
    expect(fill!.trades).toHaveLength(1);
    expect(fill!.trades![0]).toMatchObject({ id: String(trade.id) });
    expect(fill!.trades![0]!.price.toString()).toBe('29900');
    expect(fill!.trades![0]!.fee.toString()).toBe(trade.commission.toString());
    // Nothing more, and the order was never polled.
    await settle(50);
    expect(exchange.takeOrderUpdates()).toEqual([]);
    expect(sim.requests('queryOrder').length).toBe(before);
  });

  it('a duplicate executionReport for the same trade comes out as another update with the same trade id', async () => {
    exchange.watchOrderUpdates();
    await up();
    const id = cid();
    await exchange.createOrder(limitBuy(id, '0.01', '29900'));
    sim.pushCandle('BTC/USDT', minute(1, 29_800));
    await updatesFor(id, 'the streamed fill');
    const tradeEvent = sim.userEvents().find((e) => (e as { c: string; x: string }).c === id && (e as { x: string }).x === 'TRADE')!;
    sim.publishUserEvent(tradeEvent);
    const again = await updatesFor(id, 'the duplicate');
    const tradeIds = again.filter((u) => u.clientOrderId === id).flatMap((u) => u.trades!.map((t) => t.id));
    expect(new Set(tradeIds).size).toBe(1);
  });

  it('after a drop: undefined until resubscribed (backoff on the injected clock) and re-read; a fill made meanwhile is found by REST', async () => {
    exchange.watchOrderUpdates();
    await up();
    const id = cid();
    await exchange.createOrder(limitBuy(id, '0.01', '29900'));
    // The order's NEW event comes back on the stream as an open update.
    await waitFor(() => exchange.takeOrderUpdates()?.some((u) => u.clientOrderId === id && u.status === 'open') === true, 'the NEW event');

    sim.dropUserStreams({ refuse: true });
    await waitFor(() => state() === 'down', 'the drop to be seen');
    expect(exchange.takeOrderUpdates()).toBeUndefined();
    sim.pushCandle('BTC/USDT', minute(1, 29_800)); // fills while nobody listens
    await settle(50);
    expect(exchange.takeOrderUpdates()).toBeUndefined();
    // What the loop does while it gets undefined: it polls, and sees the fill.
    expect((await exchange.fetchOrder('BTC/USDT', id))?.status).toBe('closed');

    // The reconnect waits on the injected clock: nothing happens until it moves.
    const subscriptions = sim.userSubscriptions;
    await settle(50);
    expect(sim.userSubscriptions).toBe(subscriptions);
    await waitFor(() => time.sleeping === 1, 'the reconnect backoff');
    time.advance(1_000); // first attempt: refused
    await waitFor(() => exchange.orderWatchStatus()!.drops >= 2, 'the refused attempt');
    sim.acceptUserStreams();
    sim.failNext('openOrders', { kind: 'hold' });
    await waitFor(() => time.sleeping === 1, 'the doubled backoff');
    time.advance(1_999);
    await settle(50);
    expect(sim.userSubscriptions).toBe(subscriptions);
    time.advance(1); // second attempt (backoff doubled)
    await waitFor(() => sim.held().length === 1, 'the re-read after resubscribing');
    expect(sim.userSubscriptions).toBe(subscriptions + 1);
    expect(exchange.takeOrderUpdates()).toBeUndefined();
    sim.release(sim.held()[0]!.id, { apply: true });
    await up();
    expect(exchange.takeOrderUpdates()).toEqual([]);
  });

  it('a fill while the stream is down is delivered by the re-read after resubscribing', async () => {
    exchange.watchOrderUpdates();
    await up();
    const id = cid();
    await exchange.createOrder(limitBuy(id, '0.01', '29900'));
    sim.dropUserStreams();
    await waitFor(() => state() === 'down', 'the drop to be seen');
    sim.pushCandle('BTC/USDT', minute(1, 29_800));
    await waitFor(() => time.sleeping === 1, 'the reconnect backoff');
    time.advance(1_000);
    const updates = await updatesFor(id, 'the re-read to report the fill');
    const fill = updates.find((u) => u.clientOrderId === id && u.status === 'closed')!;
    expect(fill.trades).toHaveLength(1);
  });

  it('takes no orders of others when a prefix is set, and close() stops the stream', async () => {
    await exchange.close();
    exchange = await connectorFor(sim, { clock: time, sleep: time.sleep, clientOrderIdPrefix: 'mine-' });
    await exchange.loadMarkets();
    exchange.watchOrderUpdates();
    await up();
    const other = await connectorFor(sim, { clock: time, sleep: time.sleep });
    try {
      await other.createOrder(limitBuy(cid('x'), '0.01', '29900'));
      const mine = `mine-${cid()}`;
      await exchange.createOrder(limitBuy(mine, '0.01', '29900'));
      sim.pushCandle('BTC/USDT', minute(1, 29_800));
      const updates = await updatesFor(mine, 'my fill');
      expect(updates.every((u) => u.clientOrderId === mine)).toBe(true);
    } finally {
      await other.close();
    }
    await exchange.close();
    await waitFor(() => sim.streamStats.user === 0, 'the user stream to close');
  });
});
