import { afterEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { BinanceSim } from './binance-sim.js';
import { waitFor } from './manual-time.js';

/** The simulator's ticker streams and GET /api/v3/ticker/24hr, in the shapes of Binance's documentation. */

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1, 12, 0);
const NOW = T0 + 30_000;
const MARKETS = [
  { base: 'BTC', quote: 'USDT', tickSize: '0.01', stepSize: '0.00001', minQty: '0.00001', minNotional: '5' },
  { base: 'ETH', quote: 'USDT', tickSize: '0.01', stepSize: '0.0001', minQty: '0.0001', minNotional: '5' },
];

let sim: BinanceSim;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await sim.stop();
});

async function start(): Promise<void> {
  sim = await BinanceSim.start({ markets: MARKETS, balances: { USDT: '1000' }, now: () => NOW });
  sim.pushCandle('BTC/USDT', { openTime: T0 - MINUTE, open: 100, high: 104, low: 99, close: 103, volume: 2 });
  sim.pushCandle('BTC/USDT', { openTime: T0, open: 103, high: 103, low: 103, close: 103, volume: 1 }, { final: false });
}

/** A raw market-stream connection subscribed to `streams`; the messages it receives (subscription answers left out). */
async function subscribe(streams: readonly string[]): Promise<unknown[]> {
  const ws = new WebSocket(`${(sim.urls.api['ws'] as { spot: string }).spot}/1`);
  sockets.push(ws);
  const received: unknown[] = [];
  let answered = false;
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    if ('result' in message) answered = true;
    else received.push(message);
  });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: streams, id: 1 }));
  await waitFor(() => answered, 'the subscription answer');
  return received;
}

const rest = async (query: string): Promise<{ status: number; body: unknown }> => {
  const response = await fetch(`http://127.0.0.1:${new URL(sim.urls.api['public'] as string).port}/api/v3/ticker/24hr${query}`);
  return { status: response.status, body: await response.json() };
};

it('a trade sends <symbol>@miniTicker, @ticker, @bookTicker and the !arr streams with the new last price and the 24 h figures', async () => {
  await start();
  const received = await subscribe(['btcusdt@miniTicker', 'btcusdt@ticker', 'btcusdt@bookTicker', '!miniTicker@arr', '!ticker@arr', 'ethusdt@miniTicker']);
  expect(sim.streamStats.tickers).toBe(6);
  sim.trade('BTC/USDT', 98.5);
  await waitFor(() => received.length === 5, 'five messages');
  const [mini, full, book, miniArr, fullArr] = received as Record<string, unknown>[];
  expect(mini).toEqual({ e: '24hrMiniTicker', E: NOW, s: 'BTCUSDT', c: '98.50000000', o: '100.00000000', h: '104.00000000', l: '98.50000000', v: '3.00000000', q: '304.50000000' });
  expect(full).toMatchObject({ e: '24hrTicker', E: NOW, s: 'BTCUSDT', c: '98.50000000', o: '100.00000000', p: '-1.50000000', P: '-1.500', b: '98.50000000', a: '98.51000000', O: T0 - MINUTE, C: T0, n: 2 });
  // u: the book update id, one per price update (two candle pushes before this trade)
  expect(book).toEqual({ u: 3, s: 'BTCUSDT', b: '98.50000000', B: '1.00000000', a: '98.51000000', A: '1.00000000' });
  expect(miniArr).toEqual([mini]);
  expect(fullArr).toEqual([full]);
  expect(sim.tickersSent().at(-1)).toEqual({ symbol: 'BTCUSDT', price: 98.5, at: NOW });
});

it('silenced streams carry no tickers; the server still records what it would have sent', async () => {
  await start();
  const received = await subscribe(['btcusdt@miniTicker']);
  sim.silenceStreams(true);
  sim.trade('BTC/USDT', 101);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(received).toEqual([]);
  expect(sim.tickersSent().at(-1)?.price).toBe(101);
});

it('GET /api/v3/ticker/24hr: one symbol, a list, all; unknown symbols and both parameters refused as Binance does', async () => {
  await start();
  sim.trade('BTC/USDT', 102);
  const one = await rest('?symbol=BTCUSDT');
  expect(one.status).toBe(200);
  expect(one.body).toMatchObject({ symbol: 'BTCUSDT', lastPrice: '102.00000000', openPrice: '100.00000000', highPrice: '104.00000000', lowPrice: '99.00000000', bidPrice: '102.00000000', askPrice: '102.01000000', count: 2 });
  const list = await rest(`?symbols=${encodeURIComponent('["BTCUSDT","ETHUSDT"]')}`);
  expect((list.body as { symbol: string; lastPrice: string }[]).map((t) => [t.symbol, t.lastPrice])).toEqual([
    ['BTCUSDT', '102.00000000'],
    ['ETHUSDT', '0.00000000'],
  ]);
  expect(((await rest('')).body as unknown[]).length).toBe(2);
  expect(await rest('?symbol=XRPUSDT')).toEqual({ status: 400, body: { code: -1121, msg: 'Invalid symbol.' } });
  expect(await rest(`?symbol=BTCUSDT&symbols=${encodeURIComponent('["BTCUSDT"]')}`)).toEqual({ status: 400, body: { code: -1128, msg: 'Combination of optional parameters invalid.' } });
  expect((await rest('?symbols=BTCUSDT')).status).toBe(400);
});

it('trade() needs a 1m candle to trade in', async () => {
  sim = await BinanceSim.start({ markets: MARKETS, balances: { USDT: '1000' } });
  expect(() => sim.trade('ETH/USDT', 10)).toThrow('the simulator has no 1m candle of ETH/USDT to trade in');
});
