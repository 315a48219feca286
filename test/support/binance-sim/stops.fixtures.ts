import ccxt from 'ccxt';
import { afterEach } from 'vitest';
import { BinanceSim } from './binance-sim.js';

/** A local Binance server with a clock the test moves, and the real ccxt.pro binance client pointed at it. */

export const KEYS = { apiKey: 'stopsKEY-5e21c8', secret: 'stopsSECRET-a70f93' } as const;
const MARKET = { base: 'BTC', quote: 'USDT', tickSize: '0.01', stepSize: '0.00001', minQty: '0.00001', minNotional: '5' };
const T0 = Date.UTC(2030, 0, 1);
const MINUTE = 60_000;

export interface StopsWorld {
  readonly sim: BinanceSim;
  readonly client: InstanceType<typeof ccxt.pro.binance>;
  /**
   * Pushes the next final 1m candle (open, high, low, close): it acts on every order placed
   * before it. Then the clock moves on a minute, so orders placed afterwards wait for the next one.
   */
  bar(open: number, high: number, low: number, close: number): number;
}

const closers: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Maker 0.1 %, taker 0.2 % (apart, so a test sees which one a fill paid); one candle at 20000 sets the last price. */
export async function startStops(balances: Record<string, string> = { BTC: '1', USDT: '10000' }): Promise<StopsWorld> {
  let now = T0;
  const sim = await BinanceSim.start({ markets: [MARKET], balances, credentials: KEYS, fees: { maker: '0.001', taker: '0.002' }, now: () => now });
  closers.push(() => sim.stop());
  const client = new ccxt.pro.binance({ ...KEYS, enableRateLimit: false, options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false } });
  client.urls = { ...client.urls, api: { ...client.urls.api, ...sim.urls.api } };
  closers.push(() => client.close());
  await client.loadHttpProxyAgent(); // ccxt's condition for ws:// (not wss://) urls
  await client.loadMarkets();
  const bar = (open: number, high: number, low: number, close: number): number => {
    const openTime = now;
    sim.pushCandle('BTC/USDT', { openTime, open, high, low, close, volume: 10 });
    now += MINUTE;
    return openTime;
  };
  bar(20000, 20010, 19990, 20000);
  return { sim, client, bar };
}

/** The user-data events of one kind, as plain records. */
export function eventsOf(sim: BinanceSim, kind: 'executionReport' | 'listStatus'): Record<string, unknown>[] {
  return sim.userEvents().filter((e) => (e as { e: string }).e === kind) as Record<string, unknown>[];
}

/** executionReports as [client order id, execution type, status] (and whether on the book). */
export function reportsOf(sim: BinanceSim): [unknown, unknown, unknown, unknown][] {
  return eventsOf(sim, 'executionReport').map((e) => [e['c'], e['x'], e['X'], e['w']]);
}
