import { WebSocket } from 'ws';
import { afterEach, expect, it } from 'vitest';
import { waitFor } from './manual-time.js';
import { KEYS, startStops } from './stops.fixtures.js';

/** The user data stream of stop orders and OCO lists: executionReport per leg change, listStatus per list change. */

const SYMBOL = 'BTC/USDT';
const OCO = { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.1', listClientOrderId: 'deal-9', aboveType: 'LIMIT_MAKER', abovePrice: '21000', aboveClientOrderId: 'deal-9-tp', belowType: 'STOP_LOSS_LIMIT', belowStopPrice: '19500', belowPrice: '19400', belowTimeInForce: 'GTC', belowClientOrderId: 'deal-9-sl' };

const sockets: WebSocket[] = [];
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.close();
});

it('ccxt watchOrders follows an OCO: both legs open, then the stop leg closed (its trigger price parsed) and the limit leg expired', async () => {
  const { sim, client, bar } = await startStops();
  const seen: [string | undefined, string | undefined, number | undefined][] = [];
  let last = new Map<string, string | undefined>();
  const watching = (async () => {
    while (!(last.get('deal-9-sl') === 'closed' && last.get('deal-9-tp') === 'expired')) {
      const orders = await client.watchOrders(SYMBOL);
      for (const o of orders) seen.push([o.clientOrderId, o.status, o.triggerPrice]);
      last = new Map(orders.map((o) => [o.clientOrderId ?? '', o.status]));
    }
  })();
  await waitFor(() => sim.streamStats.user === 1, 'the user data subscription');
  await client.privatePostOrderListOco(OCO);
  await waitFor(() => last.size === 2, 'both legs open');
  expect([...last]).toEqual([
    ['deal-9-sl', 'open'],
    ['deal-9-tp', 'open'],
  ]);
  bar(20000, 20100, 19300, 19350);
  await watching;
  expect(seen.filter(([id]) => id === 'deal-9-sl').at(-1)).toEqual(['deal-9-sl', 'closed', 19500]);
  const history = (id: string): (string | undefined)[] => seen.filter(([c]) => c === id).map(([, status]) => status).filter((status, i, all) => i === 0 || all[i - 1] !== status);
  expect([history('deal-9-sl'), history('deal-9-tp')]).toEqual([
    ['open', 'closed'],
    ['open', 'expired'],
  ]);
});

it('a listenKey stream carries the documented fields: the trigger (w true, W), the expiry (eR OCO_TRIGGER), and listStatus EXEC_STARTED then ALL_DONE', async () => {
  const { sim, client, bar } = await startStops();
  const base = sim.urls.api['public'] as string;
  const answer = await fetch(`${base}/userDataStream`, { method: 'POST', headers: { 'X-MBX-APIKEY': KEYS.apiKey } });
  const { listenKey } = (await answer.json()) as { listenKey: string };
  const ws = new WebSocket(`${(sim.urls.api['ws'] as { spot: string }).spot}/${listenKey}`);
  sockets.push(ws);
  const all: Record<string, unknown>[] = [];
  ws.on('message', (data) => all.push(JSON.parse(data.toString()) as Record<string, unknown>));
  // the outboundAccountPosition events among them are account-events.test.ts's
  const orderEvents = (): Record<string, unknown>[] => all.filter((e) => e['e'] !== 'outboundAccountPosition');
  await new Promise((resolve) => ws.once('open', resolve));
  const list = (await client.privatePostOrderListOco(OCO)) as { orderListId: number; orders: { orderId: number }[] };
  const [slId, tpId] = list.orders.map((o) => o.orderId);
  const at = bar(20000, 20100, 19300, 19350);
  await waitFor(() => orderEvents().length === 7, 'seven events');
  const events = orderEvents();
  const isList = (e: Record<string, unknown>): boolean => e['e'] === 'listStatus';
  expect(events.map((e) => (isList(e) ? [e['e'], e['C'], e['l'], e['L']] : [e['e'], e['c'], e['x'], e['X']]))).toEqual([
    ['executionReport', 'deal-9-sl', 'NEW', 'NEW'],
    ['executionReport', 'deal-9-tp', 'NEW', 'NEW'],
    ['listStatus', 'deal-9', 'EXEC_STARTED', 'EXECUTING'],
    ['executionReport', 'deal-9-sl', 'NEW', 'NEW'], // triggered: on the book now
    ['executionReport', 'deal-9-tp', 'EXPIRED', 'EXPIRED'],
    ['listStatus', 'deal-9', 'ALL_DONE', 'ALL_DONE'],
    ['executionReport', 'deal-9-sl', 'TRADE', 'FILLED'],
  ]);
  const [placedStop, , started, triggered, expired, done] = events;
  expect(placedStop).toMatchObject({ o: 'STOP_LOSS_LIMIT', P: '19500.00000000', p: '19400.00000000', g: list.orderListId, w: false, i: slId });
  expect(placedStop).not.toHaveProperty('W');
  expect(triggered).toMatchObject({ i: slId, w: true, W: at, T: at });
  expect(expired).toMatchObject({ i: tpId, o: 'LIMIT_MAKER', g: list.orderListId, eR: 'OCO_TRIGGER', w: false });
  expect(started).toMatchObject({ s: 'BTCUSDT', g: list.orderListId, c: 'OCO', r: 'NONE', C: 'deal-9', O: [{ s: 'BTCUSDT', i: slId, c: 'deal-9-sl' }, { s: 'BTCUSDT', i: tpId, c: 'deal-9-tp' }] });
  expect(done).toMatchObject({ l: 'ALL_DONE', L: 'ALL_DONE', T: at });
});
