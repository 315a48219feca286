import { afterEach, describe, expect, it } from 'vitest';
import { TemporaryExchangeError } from '../../../../src/domain/ports/exchange.errors.js';
import { capabilitiesFor } from '../../../../src/infrastructure/exchange/ccxt/capabilities.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { ManualTime, settle, waitFor } from '../../../support/binance-sim/manual-time.js';
import { BINANCE_RATE_LIMITS } from '../../../support/binance-sim/sim-limits.js';
import { cid, connectorFor, limitBuy, startSim } from './ccxt.fixtures.js';

/** The connector under Binance's REST limits, against the local server that enforces them. */

const T0 = Date.UTC(2024, 0, 1);
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The local server and a connector to it, loaded; both closed after the test. */
async function start(simOptions: Parameters<typeof startSim>[0], connectorOptions: Parameters<typeof connectorFor>[1]): Promise<{ sim: BinanceSim; exchange: CcxtExchange }> {
  const sim = await startSim(simOptions);
  cleanups.push(() => sim.stop());
  const exchange = await connectorFor(sim, connectorOptions);
  cleanups.push(() => exchange.close());
  await exchange.loadMarkets();
  return { sim, exchange };
}

describe('new orders: the connector keeps the exchange order limits ccxt does not', () => {
  it("Binance's entry holds the ORDERS limits its exchangeInfo lists (the local server's defaults)", () => {
    expect(capabilitiesFor('binance').orderRateLimits).toEqual([
      { orders: BINANCE_RATE_LIMITS.ordersPer10Seconds, perMs: 10_000 },
      { orders: BINANCE_RATE_LIMITS.ordersPerDay, perMs: 86_400_000 },
    ]);
    expect(capabilitiesFor('binance').requestLimiter).toBe('rollingWindow');
  });

  it('five buys at once under a limit of 3 per 10 s: three go now, two when the window frees, none refused', async () => {
    const time = new ManualTime(T0);
    const { sim, exchange } = await start({ now: time.now, rateLimits: { ordersPer10Seconds: 3 } }, { clock: time, sleep: time.sleep, capabilities: { orderRateLimits: [{ orders: 3, perMs: 10_000 }] } });
    const answers = Array.from({ length: 5 }, () => exchange.createOrder(limitBuy(cid(), '0.001', '20000')));
    await waitFor(() => sim.requests('createOrder').length === 3 && time.sleeping === 2, 'three orders sent, two waiting');
    time.advance(9_999);
    await settle();
    expect(sim.requests('createOrder')).toHaveLength(3);
    time.advance(1);
    const placed = await Promise.all(answers);
    expect(placed.map((o) => o.status)).toEqual(['open', 'open', 'open', 'open', 'open']);
    expect(sim.requests('createOrder').map((r) => r.at - T0)).toEqual([0, 0, 0, 10_000, 10_000]);
    expect(sim.orders()).toHaveLength(5);
  });

  it('without the budget the server refuses the orders past its limit (429, -1015): each is a TemporaryExchangeError, not placed', async () => {
    const time = new ManualTime(T0);
    const { sim, exchange } = await start({ now: time.now, rateLimits: { ordersPer10Seconds: 3 } }, { clock: time, sleep: time.sleep, capabilities: { orderRateLimits: [] } });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => exchange.createOrder(limitBuy(cid(), '0.001', '20000'))));
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as unknown);
    expect(refused).toHaveLength(2);
    for (const error of refused) {
      expect(error).toBeInstanceOf(TemporaryExchangeError);
      expect(String(error)).toContain('Too many new orders');
    }
    expect(sim.orders()).toHaveLength(3);
  });
});

describe('request weight: a burst goes out at once while the minute stays within 6,000', () => {
  /** Ten balance reads (weight 20 each) at once, with ccxt's own Binance rate: the spread of their arrival at the server. */
  async function spreadOfTenBalanceReads(requestLimiter: 'rollingWindow' | 'leakyBucket'): Promise<number> {
    const { sim, exchange } = await start({}, { ccxtConfig: {}, capabilities: { requestLimiter } });
    const before = sim.requests('account').length;
    await Promise.all(Array.from({ length: 10 }, () => exchange.fetchBalance()));
    const times = sim.requests('account').slice(before).map((r) => r.at);
    return Math.max(...times) - Math.min(...times);
  }

  it("rolling window (Binance's entry): the ten reads are not spaced by their weight", async () => {
    expect(await spreadOfTenBalanceReads('rollingWindow')).toBeLessThan(1_000);
  });

  it("ccxt's default leaky bucket spaces them 200 ms apart (weight 20 at 6,000 a minute): what the rolling window saves a tick", async () => {
    expect(await spreadOfTenBalanceReads('leakyBucket')).toBeGreaterThanOrEqual(1_800);
  });
});
