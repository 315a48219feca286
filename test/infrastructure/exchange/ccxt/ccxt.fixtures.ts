import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, expect } from 'vitest';
import type { Clock } from '../../../../src/domain/ports/clock.port.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import type { OrderRequest } from '../../../../src/domain/ports/exchange.port.js';
import { SystemClock } from '../../../../src/infrastructure/clock/system.clock.js';
import { CcxtExchange, type CcxtExchangeOptions } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { ExchangeLogger } from '../../../../src/infrastructure/exchange/ccxt/secret-redactor.js';
import { BinanceSim, type BinanceSimOptions, type SimMarketSpec } from '../../../support/binance-sim/binance-sim.js';
import type { ManualTime } from '../../../support/binance-sim/manual-time.js';

/** Dummy credentials: the server checks them, and no log line or error may ever show them. */
export const DUMMY = { apiKey: 'dummyKEY-4f1c9a7e2b', secret: 'dummySECRET-8d3b6e0c5a', password: 'dummyPASS-1a2b3c4d' } as const;

export const MARKETS: readonly SimMarketSpec[] = [
  { base: 'BTC', quote: 'USDT', tickSize: '0.01', stepSize: '0.00001', minQty: '0.00001', minNotional: '5' },
  { base: 'ETH', quote: 'USDT', tickSize: '0.01', stepSize: '0.0001', minQty: '0.0001', minNotional: '5' },
  { base: 'ETH', quote: 'BTC', tickSize: '0.000001', stepSize: '0.001', minQty: '0.001', minNotional: '0.0001' },
];

export async function startSim(options: Partial<BinanceSimOptions> = {}): Promise<BinanceSim> {
  return BinanceSim.start({ markets: MARKETS, balances: { USDT: '10000', BTC: '1', ETH: '10' }, credentials: { apiKey: DUMMY.apiKey, secret: DUMMY.secret }, ...options });
}

/** Everything logged at debug level by the adapters in this test file. */
export const captured: string[] = [];

const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    captured.push(chunk.toString('utf8'));
    done();
  },
});

export const testLogger: ExchangeLogger = pino({ level: 'debug' }, capture);

/** Registers the check that the captured log (non-empty) holds none of the dummy secrets. */
export function expectNoSecretsLogged(): void {
  afterAll(() => {
    const text = captured.join('');
    expect(text.length).toBeGreaterThan(0);
    for (const secret of Object.values(DUMMY)) expect(text).not.toContain(secret);
  });
}

/** The real ccxt binance client pointed at the local server, quick limits for tests. */
export async function connectorFor(sim: BinanceSim, options: Partial<CcxtExchangeOptions> = {}): Promise<CcxtExchange> {
  const clock: Clock = options.clock ?? new SystemClock();
  return CcxtExchange.create({
    exchangeId: 'binance',
    clock,
    credentials: DUMMY,
    urls: sim.urls,
    timeoutMs: 1_500,
    retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 100 },
    ccxtConfig: { rateLimit: 5 },
    logger: testLogger,
    ...options,
  });
}

/** The local server and a connector to it on one manual clock (`time` sleeps for both), markets loaded. */
export async function connectedOnClock(time: ManualTime, options: Partial<CcxtExchangeOptions> = {}): Promise<{ sim: BinanceSim; exchange: CcxtExchange }> {
  const sim = await startSim({ now: time.now });
  const exchange = await connectorFor(sim, { clock: time, sleep: time.sleep, ...options });
  await exchange.loadMarkets();
  return { sim, exchange };
}

export function limitBuy(clientOrderId: string, amount: string, price: string, symbol = 'BTC/USDT'): OrderRequest {
  return { clientOrderId, symbol, side: 'buy', type: 'limit', amount: dec(amount), price: dec(price) };
}

export function limitSell(clientOrderId: string, amount: string, price: string, symbol = 'BTC/USDT'): OrderRequest {
  return { clientOrderId, symbol, side: 'sell', type: 'limit', amount: dec(amount), price: dec(price) };
}

/** Unique per call, so orders of different tests never collide. */
let seq = 0;
export const cid = (leg = 'b1'): string => `t${process.pid % 1000}-${++seq}-${leg}`;
