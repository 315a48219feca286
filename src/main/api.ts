import type { TradingContext } from '../application/shared/trading-context.js';
import type { TradingLoop } from '../application/trading-loop/trading-loop.js';
import { dec, ZERO } from '../domain/shared/decimal.js';
import { ConfigError } from '../infrastructure/config/config-error.js';
import type { DealbotConfig } from '../infrastructure/config/config.schema.js';
import type { ApiHub, ApiServerOptions } from '../interfaces/http/api-hub.js';
import { BotWatch, type EquitySample } from '../interfaces/http/bot-watch.js';
import { buildApiServer } from '../interfaces/http/server.js';
import { EventStream } from '../interfaces/http/sse.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/** Refuses a bind beyond this machine without a token, in one line. */
export function checkApiBind(host: string, token: string | null): void {
  if (token === null && !LOOPBACK.test(host)) {
    throw new ConfigError(`api: ${host} is not a loopback address: set DEALBOT_API_TOKEN (environment or .env) before serving the API beyond this machine`);
  }
}

/** The REST API composed over a trading session (docs/api.md). Fastify loads with this module only. */
export function prepareApi(config: DealbotConfig, options: ApiServerOptions): ApiHub {
  checkApiBind(options.host, options.token);
  const watch = new BotWatch(Date.now);
  const events = new EventStream();
  let ctx: TradingContext | null = null;
  let loop: TradingLoop | null = null;
  let close = async (): Promise<void> => {};
  return {
    publish(batch) {
      watch.observe(batch);
      events.publish(batch);
    },
    // the event stream waits while a tick runs: its clients cost the tick no writes
    loopWatch: {
      ...watch.loopWatch,
      arrived(tick) {
        events.hold();
        watch.loopWatch.arrived?.(tick);
      },
    },
    async afterTick() {
      watch.tickDone(ctx === null || loop === null ? null : await equitySample(ctx, loop));
      events.release();
    },
    async start(session) {
      // the loop's own context: its pairs follow the pairs added and removed at runtime
      ctx = session.loop.context;
      loop = session.loop;
      const app = await buildApiServer({
        token: options.token,
        loop: session.loop,
        ctx: session.loop.context,
        bot: { mode: config.mode, exchange: config.market.source === 'exchange' ? config.exchange.id : `paper (${config.market.source} market)`, timeframe: config.timeframe },
        watch,
        events,
        ...(session.eventRelays && { eventRelays: session.eventRelays }),
        indicators: config.strategy,
        ...(options.rateLimit && { rateLimit: options.rateLimit }),
        ...(options.pingMs !== undefined && { pingMs: options.pingMs }),
      });
      try {
        await app.listen({ host: options.host, port: options.port });
      } catch (error) {
        await app.close();
        throw listenError(error, options);
      }
      close = () => app.close();
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      return `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
    },
    close: () => close(),
  };
}

/** A port in use or an address not of this machine, in one line. */
function listenError(error: unknown, { host, port }: ApiServerOptions): Error {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') return new ConfigError(`api: ${host}:${port} is in use: choose another port with --api-port or api.port`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new ConfigError(`api: ${host} is not an address of this machine (--api-host, api.host)`);
  if (code === 'EACCES') return new ConfigError(`api: not allowed to listen on ${host}:${port}: use a port above 1023`);
  return error as Error;
}

/** The quote balance plus every pair's base holdings at its last price (pairs of the first pair's quote). */
export async function equitySample(ctx: TradingContext, loop: TradingLoop): Promise<EquitySample | null> {
  const pairs = [...ctx.pairs.values()].map((p) => p.pair);
  const quote = pairs[0]?.quote;
  if (quote === undefined) return null;
  let balances;
  try {
    balances = await ctx.exchange.fetchBalance();
  } catch {
    return null; // the exchange did not answer: no sample this tick, and trading goes on (a chart must never stop the bot)
  }
  let equity = balances[quote]?.total ?? ZERO;
  for (const pair of pairs) {
    if (pair.quote !== quote) continue;
    const held = balances[pair.base]?.total ?? ZERO;
    const price = loop.priceOf(pair.symbol).price;
    if (held.sign() !== 0 && Number.isFinite(price)) equity = equity.plus(held.times(dec(String(price))));
  }
  return { time: ctx.clock.now(), equity: equity.toString() };
}
