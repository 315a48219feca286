import { afterEach, expect, it } from 'vitest';
import type { CcxtClient } from '../../../../src/infrastructure/exchange/ccxt/ccxt-client.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { connectorFor, startSim } from './ccxt.fixtures.js';

/** ccxt's implicit REST methods exist once per exchange class, not once per client (shared-rest-endpoints.ts), and still call the client they are called on. */

let sim: BinanceSim | undefined;
let connector: CcxtExchange | undefined;
const clients: CcxtClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  await connector?.close();
  await sim?.stop();
});

type Implicit = Record<string, ((params?: object) => Promise<unknown>) | undefined>;

it('two clients share one function per endpoint, none of them own, under both names', async () => {
  sim = await startSim();
  connector = await connectorFor(sim);
  clients.push(await connector.streamClient(), await connector.streamClient());
  const [a, b] = clients.map((c) => c as unknown as Implicit);
  for (const name of ['publicGetExchangeInfo', 'public_get_exchangeinfo', 'privatePostOrder', 'private_post_order', 'sapiGetAssetTradeFee']) {
    expect(typeof a![name], name).toBe('function');
    expect(b![name], name).toBe(a![name]);
    expect(Object.hasOwn(a!, name), name).toBe(false);
    expect(Object.hasOwn(b!, name), name).toBe(false);
  }
});

it("later clients read the first one's api tree, error maps and capabilities (ccxt only reads them), and keep their own options", async () => {
  sim = await startSim();
  connector = await connectorFor(sim);
  clients.push(await connector.streamClient(), await connector.streamClient());
  const [a, b] = clients.map((c) => c as unknown as Record<string, unknown>);
  for (const table of ['api', 'exceptions', 'httpExceptions', 'has']) expect(b![table], table).toBe(a![table]);
  expect(b!['options']).not.toBe(a!['options']);
  expect((a!['has'] as Record<string, unknown>)['watchOHLCVForSymbols']).toBe(true);
});

it('a call reaches the server through the client it was made on, with its own rate limiter', async () => {
  sim = await startSim();
  connector = await connectorFor(sim);
  const client = await connector.streamClient();
  clients.push(client);
  const before = sim.requests('time').length;
  const answer = (await (client as unknown as Implicit)['publicGetTime']!()) as { serverTime?: number };
  expect(typeof answer.serverTime).toBe('number');
  expect(sim.requests('time').length).toBe(before + 1);
  // ccxt's own bookkeeping of the call landed on this client
  expect(client.lastRestRequestTimestamp).toBeGreaterThan(0);
});
