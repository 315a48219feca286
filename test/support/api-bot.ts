import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainEvent } from '../../src/domain/events.js';
import { configSchema, type DealbotConfig } from '../../src/infrastructure/config/config.schema.js';
import { FanoutPublisher } from '../../src/infrastructure/events/fanout.publisher.js';
import type { RelaySetup } from '../../src/infrastructure/events/event-relays.js';
import type { ApiHub, ApiServerOptions } from '../../src/interfaces/http/api-hub.js';
import type { TradingSession } from '../../src/interfaces/cli/session.js';
import { prepareApi } from '../../src/main/api.js';
import { composePaperSession } from '../../src/main/paper.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL } from './services.js';

/** A paper bot trading the simulated market in this process, with its REST API on a real port. */
export interface ApiBot {
  readonly url: string;
  readonly token: string | null;
  readonly config: DealbotConfig;
  readonly session: TradingSession;
  readonly hub: ApiHub;
  /** Every event the bot published, in order. */
  readonly events: DomainEvent[];
  /** The bot's event publisher: more listeners may subscribe. */
  readonly publisher: FanoutPublisher;
  /** Another API server over the same session (other token or limits), on its own port. */
  serveAnother(options: Partial<ApiServerOptions>): Promise<{ url: string; close: () => Promise<void> }>;
  /** Stops the loop, the API and the database. */
  stop(): Promise<void>;
}

export const TEST_TOKEN = 'test-token-0123456789abcdef';

/** A small config: BTC/USDT (dealCount 2) and ETH/USDT (dealCount 1), fast pace; SOL/USDT may be added at runtime. */
export function apiTestConfig(database: string, botPrefix = 'api-'): DealbotConfig {
  return configSchema.parse({
    database,
    botPrefix,
    windowSize: 50,
    market: { source: 'simulated', seed: 7, candles: 100_000, paceMs: 25, startTime: '2024-01-01T00:00:00Z' },
    paper: { balances: { USDT: '10000' }, markets: { 'SOL/USDT': { startPrice: 150, priceStep: '0.01', amountStep: '0.001', minAmount: '0.001', minCost: '5' } } },
    pairs: [
      { symbol: 'BTC/USDT', dealQuota: '500', profitMarkup: '0.004', dealCount: 2, orderLifeTime: 900, paperMarket: { startPrice: 60000, priceStep: '0.01', amountStep: '0.00001', minAmount: '0.00001', minCost: '5' } },
      { symbol: 'ETH/USDT', dealQuota: '300', profitMarkup: '0.005', dealCount: 1, orderLifeTime: 900, paperMarket: { startPrice: 3000, priceStep: '0.01', amountStep: '0.0001', minAmount: '0.0001', minCost: '5' } },
    ],
  });
}

/** `relay`: destinations the bot relays its committed events to (none by default). */
export async function startApiBot(config: DealbotConfig, options: Partial<ApiServerOptions> = {}, relay?: RelaySetup): Promise<ApiBot> {
  const token = options.token === undefined ? TEST_TOKEN : options.token;
  const serverOptions: ApiServerOptions = { host: '127.0.0.1', port: 0, ...options, token };
  const events: DomainEvent[] = [];
  const publisher = new FanoutPublisher();
  const hub = prepareApi(config, serverOptions);
  publisher.subscribe((batch) => {
    events.push(...batch);
    hub.publish(batch);
  });
  const session = await composePaperSession(config, publisher, undefined, undefined, relay);
  const url = await hub.start(session);
  const stop = new AbortController();
  const running = session.loop.run(stop.signal, (tick, changed) => hub.afterTick(tick, changed), hub.loopWatch);
  running.catch(() => undefined);
  const others: (() => Promise<void>)[] = [];
  await waitFor(async () => (await fetch(`${url}/api/v1/health`).then((r) => r.json() as Promise<{ trading: boolean }>)).trading, 20_000);
  return {
    url,
    token,
    config,
    session,
    hub,
    events,
    publisher,
    async serveAnother(more) {
      const other = prepareApi(config, { ...serverOptions, ...more });
      other.loopWatch.started?.(); // the loop started long ago; this server came later
      const otherUrl = await other.start(session);
      others.push(() => other.close());
      return { url: otherUrl, close: () => other.close() };
    },
    async stop() {
      stop.abort();
      await running.catch(() => undefined);
      for (const close of others) await close();
      await hub.close();
      await session.close();
    },
  };
}

/** Polls `check` until true; throws after `ms`. */
export async function waitFor(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`not true within ${ms} ms: ${check.toString().slice(0, 200)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export type DatabaseKind = 'sqlite' | 'postgres';

/** A fresh database for one suite: a SQLite file in a temporary folder, or a PostgreSQL schema of its own. */
export async function freshDatabase(kind: DatabaseKind): Promise<{ url: string; botPrefix: string; cleanup: () => Promise<void> }> {
  const botPrefix = `${kind === 'sqlite' ? 's' : 'p'}${Math.random().toString(36).slice(2, 6)}-`;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dealbot-api-'));
    return { url: `sqlite:${join(dir, 'bot.db')}`, botPrefix, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const { schema, drop } = await createPostgresTestSchema();
  // a simulated paper account beside a PostgreSQL database lives in ./data (see paperAccountFile)
  return { url: `${POSTGRES_TEST_URL}?schema=${schema}`, botPrefix, cleanup: async () => {
    await drop();
    rmSync(join('data', `${botPrefix}paper-account.json`), { force: true });
  } };
}
