import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MarketRules } from '../../../../src/domain/shared/market-rules.js';
import { FEE_RATES_REFRESH_MS, FEE_RATES_RETRY_MS } from '../../../../src/infrastructure/exchange/ccxt/account-fee-rates.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import type { ExchangeLogger } from '../../../../src/infrastructure/exchange/ccxt/secret-redactor.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import { ManualTime } from '../../../support/binance-sim/manual-time.js';
import { connectorFor, MARKETS, startSim } from './ccxt.fixtures.js';

/** The log lines of one connector, by level. */
function recorder(): ExchangeLogger & { readonly lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (_data: object, message: string) => void lines.push({ level, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const ALL_SYMBOLS = MARKETS.map((m) => `${m.base}/${m.quote}`).sort();
const rates = (markets: readonly MarketRules[]) => markets.map((m) => [m.symbol, m.makerFee.toString(), m.takerFee.toString()]);
const everywhere = (maker: string, taker: string) => ALL_SYMBOLS.map((symbol) => [symbol, maker, taker]);
const warnings = (log: ReturnType<typeof recorder>) => log.lines.filter((l) => l.level === 'warn' && /fee rates/.test(l.message));

let sim: BinanceSim;
let time: ManualTime;
let log: ReturnType<typeof recorder>;
let connectors: CcxtExchange[];

beforeEach(async () => {
  // the account pays less than Binance's standard 0.1 %, which ccxt's markets carry
  sim = await startSim({ fees: { maker: '0.00075', taker: '0.00095' } });
  time = new ManualTime(Date.UTC(2024, 0, 1), { auto: true });
  log = recorder();
  connectors = [];
});

afterEach(async () => {
  for (const c of connectors) await c.close();
  await sim.stop();
});

async function connect(options: Parameters<typeof connectorFor>[1] = {}): Promise<CcxtExchange> {
  const connector = await connectorFor(sim, { clock: time, sleep: time.sleep, logger: log, ...options });
  connectors.push(connector);
  return connector;
}

describe('the connector\'s markets carry the account\'s fee rates (fetchTradingFees)', () => {
  it('reads them from GET /sapi/v1/asset/tradeFee, signed, when markets load', async () => {
    const connector = await connect();
    expect(rates(await connector.loadMarkets())).toEqual(everywhere('0.00075', '0.00095'));
    const asked = sim.requests('tradeFee');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.params).toHaveProperty('timestamp'); // signed: the sim checked the signature
    expect(warnings(log)).toEqual([]);
    // the connector trades with them too: an order's rules are the same markets
    expect(rates(await connector.loadMarkets())).toEqual(everywhere('0.00075', '0.00095'));
    expect(sim.requests('tradeFee')).toHaveLength(1); // read once a day, not on every load
  });

  it('reads them again once a day has passed on the clock, also between market loads', async () => {
    const connector = await connect();
    await connector.loadMarkets();
    sim.setFees({ maker: '0.0006', taker: '0.0008' });
    time.advance(FEE_RATES_REFRESH_MS - 60_000);
    expect(rates(await connector.loadMarkets())).toEqual(everywhere('0.00075', '0.00095'));
    expect(sim.requests('tradeFee')).toHaveLength(1);
    time.advance(60_000);
    expect(rates(await connector.loadMarkets())).toEqual(everywhere('0.0006', '0.0008'));
    expect(sim.requests('tradeFee')).toHaveLength(2);
    // a day later the next call that needs the markets (here a balance) reads them, without reloading the markets
    sim.setFees({ maker: '0.0004', taker: '0.0005' });
    time.advance(FEE_RATES_REFRESH_MS);
    const loads = sim.requests('exchangeInfo').length;
    await connector.fetchBalance();
    expect(sim.requests('tradeFee')).toHaveLength(3);
    expect(sim.requests('exchangeInfo')).toHaveLength(loads);
    expect(rates(await connector.loadMarkets())).toEqual(everywhere('0.0004', '0.0005'));
    expect(sim.requests('tradeFee')).toHaveLength(3);
  });

  it('falls back to ccxt\'s default rates with one warning line when the call fails, and tries again an hour later', async () => {
    sim.failNext('tradeFee', { kind: 'serverError' }, 100);
    const connector = await connect();
    expect(rates(await connector.loadMarkets())).toEqual(everywhere('0.001', '0.001'));
    expect(warnings(log).map((l) => l.message)).toEqual(["account fee rates unreadable (fetchTradingFees); markets keep ccxt's default rates"]);
    const tries = sim.requests('tradeFee').length;
    expect(tries).toBeGreaterThan(0);
    await connector.loadMarkets();
    expect(sim.requests('tradeFee')).toHaveLength(tries); // not before the hour
    time.advance(FEE_RATES_RETRY_MS);
    expect(rates(await connector.loadMarkets())).toEqual(everywhere('0.001', '0.001'));
    expect(sim.requests('tradeFee').length).toBeGreaterThan(tries);
    expect(warnings(log)).toHaveLength(1); // still failing: said once
    sim.clearFaults();
    time.advance(FEE_RATES_RETRY_MS);
    expect(rates(await connector.loadMarkets())).toEqual(everywhere('0.00075', '0.00095'));
    // a day on the refresh fails: the account's rates read last stay, said in one line
    sim.failNext('tradeFee', { kind: 'serverError' }, 100);
    time.advance(FEE_RATES_REFRESH_MS);
    expect(rates(await connector.loadMarkets())).toEqual(everywhere('0.00075', '0.00095'));
    expect(warnings(log)).toHaveLength(2);
    expect(warnings(log)[1]?.message).toMatch(/markets keep the rates read at 2024-01-01T/);
  });

  it('keeps ccxt\'s default rates with one warning line where the exchange does not offer the call', async () => {
    const connector = await connect({ capabilities: { fetchTradingFees: false } });
    expect(rates(await connector.loadMarkets())).toEqual(everywhere('0.001', '0.001'));
    time.advance(2 * FEE_RATES_REFRESH_MS);
    await connector.loadMarkets();
    await connector.fetchBalance();
    expect(sim.requests('tradeFee')).toEqual([]);
    expect(warnings(log).map((l) => l.message)).toEqual(["this exchange does not tell an account's fee rates (no fetchTradingFees); markets keep ccxt's default rates"]);
  });

  it('without API keys asks nothing and warns nothing: there is no account (paper trading on live data)', async () => {
    const connector = await connect({ credentials: undefined });
    expect(rates(await connector.loadMarkets())).toEqual(everywhere('0.001', '0.001'));
    expect(sim.requests('tradeFee')).toEqual([]);
    expect(warnings(log)).toEqual([]);
  });
});
