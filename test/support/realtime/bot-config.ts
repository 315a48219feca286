import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { SimMarketSpec } from '../binance-sim/binance-sim.js';

export interface BotPairConfig {
  readonly symbol: string;
  readonly dealQuota: string;
  readonly profitMarkup: string;
  readonly dealCount: number;
  readonly orderLifeTime: number;
  /** The pair's exit rules (`pairs[].exits`), as in the config file. */
  readonly exits?: Readonly<Record<string, unknown>>;
  /** The pair's DCA settings (`pairs[].dca`), as in the config file. */
  readonly dca?: Readonly<Record<string, unknown>>;
}

/** Short indicator periods, so a dozen candles make a signal; RSI below 60 lets the cross through. */
export const QUICK_STRATEGY = { rsiPeriod: 3, macdFast: 2, macdSlow: 4, macdSignal: 2, rsiBuyBelow: 60, rsiSellAbove: 100 } as const;

export interface BotConfigOptions {
  /** The local server's `urls.api`. */
  readonly urls: Readonly<Record<string, unknown>>;
  readonly database: string;
  readonly pairs: readonly BotPairConfig[];
  readonly mode?: 'paper' | 'live';
  /** ccxt's request timeout, default 3 s. */
  readonly timeoutMs?: number;
  readonly paperBalances?: Readonly<Record<string, string>>;
  readonly windowSize?: number;
  /** `exchange.stopsOnExchange`; absent: the default (stops rest on the exchange where it holds them). */
  readonly stopsOnExchange?: boolean;
}

/**
 * A config file in the shape of config/default.yaml for trading on the local Binance server
 * (market.source: exchange, exchange.urls), written to `dir`; returns its path.
 */
export function writeBotConfig(dir: string, options: BotConfigOptions, name = 'dealbot.yaml'): string {
  const config = {
    mode: options.mode ?? 'paper',
    database: options.database,
    botPrefix: 'dlb-',
    timeframe: '1m',
    windowSize: options.windowSize ?? 100,
    strategy: QUICK_STRATEGY,
    paper: { balances: options.paperBalances ?? { USDT: '10000' }, makerFee: '0.001', takerFee: '0.001', feeCurrency: 'received' },
    market: { source: 'exchange' },
    exchange: { id: 'binance', urls: options.urls, timeoutMs: options.timeoutMs ?? 3_000, ...(options.stopsOnExchange !== undefined && { stopsOnExchange: options.stopsOnExchange }) },
    pairs: options.pairs,
  };
  const path = join(dir, name);
  writeFileSync(path, `# written by a test: dealbot against the local Binance server\n${stringify(config)}`);
  return path;
}

/** A fresh temporary folder; remove() deletes it with everything in it. */
export function tempDir(prefix = 'dealbot-rt-'): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Three spot markets at very different price levels, steps as on Binance. */
export const RT_MARKETS: readonly SimMarketSpec[] = [
  { base: 'BTC', quote: 'USDT', tickSize: '0.01', stepSize: '0.00001', minQty: '0.00001', minNotional: '5' },
  { base: 'ETH', quote: 'USDT', tickSize: '0.01', stepSize: '0.0001', minQty: '0.0001', minNotional: '5' },
  { base: 'SOL', quote: 'USDT', tickSize: '0.01', stepSize: '0.001', minQty: '0.001', minNotional: '5' },
];

/** The price level of each market of RT_MARKETS, by symbol. */
export const RT_PRICES: Readonly<Record<string, number>> = { 'BTC/USDT': 60_000, 'ETH/USDT': 3_000, 'SOL/USDT': 150 };

export const RT_SYMBOLS = RT_MARKETS.map((m) => `${m.base}/${m.quote}`);
