import { afterEach, expect, it } from 'vitest';
import { capabilitiesFor } from '../../../../src/infrastructure/exchange/ccxt/capabilities.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { ManualTime, waitFor } from '../../../support/binance-sim/manual-time.js';
import { cid, connectedOnClock, expectNoSecretsLogged, limitBuy } from './ccxt.fixtures.js';

/** What a long run's order stream remembers stays bounded by ccxt's own cache of orders. */

const T0 = Date.UTC(2024, 0, 1, 12, 0);
let sim: BinanceSim;
let exchange: CcxtExchange;

afterEach(async () => {
  await exchange.close();
  await sim.stop();
});

expectNoSecretsLogged();

it("remembers what it handed on only for the orders ccxt still caches (ordersLimit), not for every order a run placed", async () => {
  const time = new ManualTime(T0 + 5_000);
  const ccxtOptions = { ...capabilitiesFor('binance').ccxtOptions, ordersLimit: 3 };
  ({ sim, exchange } = await connectedOnClock(time, { capabilities: { ccxtOptions } }));
  exchange.watchOrderUpdates();
  await waitFor(() => exchange.orderWatchStatus()?.state === 'up', 'the order stream');
  const ids = Array.from({ length: 8 }, () => cid());
  for (const id of ids) await exchange.createOrder(limitBuy(id, '0.001', '20000'));
  const seen = new Set<string>();
  await waitFor(() => {
    for (const update of exchange.takeOrderUpdates() ?? []) seen.add(update.clientOrderId);
    return ids.every((id) => seen.has(id));
  }, 'every order reported on the stream');
  exchange.takeOrderUpdates(); // a sweep of ccxt's cache
  expect(exchange.orderWatchStatus()?.remembered).toBeLessThanOrEqual(3);
  expect(exchange.orderWatchStatus()?.remembered).toBeGreaterThan(0);
});
