import { afterEach, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../../src/infrastructure/clock/system.clock.js';
import { capabilitiesFor } from '../../../../src/infrastructure/exchange/ccxt/capabilities.js';
import { createCcxtClient, HostGate, type CcxtClient } from '../../../../src/infrastructure/exchange/ccxt/ccxt-client.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import { SILENT_LOGGER } from '../../../../src/infrastructure/exchange/ccxt/secret-redactor.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { connectorFor, DUMMY, limitBuy, startSim } from './ccxt.fixtures.js';

/** A client as the connector makes it, no request sent. */
function client(exchangeId: string, options: { sandbox?: boolean; urls?: { api: Record<string, unknown> } } = {}): Promise<CcxtClient> {
  const clock = new SystemClock();
  return createCcxtClient({ exchangeId, capabilities: capabilitiesFor(exchangeId), credentials: DUMMY, gate: new HostGate(clock, async () => {}, SILENT_LOGGER), clock, log: SILENT_LOGGER, ...options });
}

const api = (c: CcxtClient): Record<string, unknown> => c.urls.api as Record<string, unknown>;
const ws = (c: CcxtClient): Record<string, unknown> => api(c)['ws'] as Record<string, unknown>;

describe('--sandbox: the exchange\'s test network through ccxt', () => {
  it('binance: REST and websockets on the spot testnet, not the real exchange', async () => {
    const real = await client('binance');
    expect([api(real)['public'], api(real)['private'], ws(real)['spot']]).toEqual(['https://api.binance.com/api/v3', 'https://api.binance.com/api/v3', 'wss://stream.binance.com:9443/ws']);
    const test = await client('binance', { sandbox: true });
    expect(test.isSandboxModeEnabled).toBe(true);
    expect([api(test)['public'], api(test)['private'], api(test)['v1'], ws(test)['spot']]).toEqual([
      'https://testnet.binance.vision/api/v3',
      'https://testnet.binance.vision/api/v3',
      'https://testnet.binance.vision/api/v1',
      'wss://stream.testnet.binance.vision/ws',
    ]);
    // nothing of the real exchange is left to call: no /sapi on the testnet
    expect(Object.values(api(test)).filter((u) => typeof u === 'string' && u.includes('://api.binance.com'))).toEqual([]);
  });

  it('the urls override wins over the testnet\'s addresses, key by key', async () => {
    const test = await client('binance', { sandbox: true, urls: { api: { public: 'http://127.0.0.1:1/api/v3', ws: { spot: 'ws://127.0.0.1:1/ws' } } } });
    expect([api(test)['public'], api(test)['private'], ws(test)['spot'], ws(test)['margin']]).toEqual(['http://127.0.0.1:1/api/v3', 'https://testnet.binance.vision/api/v3', 'ws://127.0.0.1:1/ws', 'wss://stream.testnet.binance.vision/ws']);
  });

  it('an exchange ccxt knows no test network of is refused in one line', async () => {
    await expect(client('kraken', { sandbox: true })).rejects.toThrow(/^kraken has no test network in ccxt: --sandbox needs one \(Binance: its spot testnet\)$/);
  });

  it('the testnet has no account fee-rate endpoint: the connector does not ask it', () => {
    expect(capabilitiesFor('binance').fetchTradingFees).toBe(true);
    expect(capabilitiesFor('binance', {}, { sandbox: true }).fetchTradingFees).toBe(false);
  });
});

describe('--sandbox against the local server (urls override)', () => {
  let sim: BinanceSim | undefined;
  let connector: CcxtExchange | undefined;
  afterEach(async () => {
    await connector?.close();
    await sim?.stop();
  });

  it('reads markets and the balance and places an order there, with the keys given', async () => {
    sim = await startSim();
    connector = await connectorFor(sim, { sandbox: true });
    expect((await connector.loadMarkets()).map((m) => m.symbol)).toContain('BTC/USDT');
    expect((await connector.fetchBalance())['USDT']?.free.toString()).toBe('10000');
    const order = await connector.createOrder(limitBuy('sbx-1-b1', '0.001', '20000'));
    expect(order.status).toBe('open');
    expect(sim.requests('createOrder')).toHaveLength(1);
    expect(sim.requests('tradeFee')).toHaveLength(0);
  });
});
