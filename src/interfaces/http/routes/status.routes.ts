import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TIMEFRAME_MS } from '../../../domain/shared/candle.js';
import type { Candle } from '../../../domain/shared/candle.js';
import { lastIndicators, type LastIndicators } from '../market-indicators.js';
import type { RouteContext } from '../route-context.js';
import { errors, pauseSchema } from '../schemas/common.js';
import { pauseView } from '../views.js';

const candleSchema = z.object({ openTime: z.number(), open: z.number(), high: z.number(), low: z.number(), close: z.number(), volume: z.number() });

const pairStatusSchema = z.object({
  pair: z.string(),
  lastCandle: candleSchema.nullable(),
  indicators: z.object({ rsi: z.number().nullable(), macd: z.number().nullable(), signal: z.number().nullable(), histogram: z.number().nullable() }),
  workingDeals: z.number().int(),
  paused: pauseSchema.nullable(),
});

const eventDeliverySchema = z.object({
  name: z.string(),
  state: z.enum(['starting', 'idle', 'sending', 'down', 'stopped']),
  confirmed: z.number().int(),
  latest: z.number().int(),
  pending: z.number().int(),
  delivered: z.number().int(),
  failures: z.number().int(),
  lastError: z.string().nullable(),
  downSince: z.string().nullable(),
});

const statusSchema = z.object({
  mode: z.string(),
  exchange: z.string(),
  timeframe: z.string(),
  startedAt: z.number().int(),
  uptimeSeconds: z.number(),
  ticks: z.number().int(),
  pairs: z.array(pairStatusSchema),
  openDeals: z.number().int(),
  blocks: z.array(z.string()),
  /** Delivery of committed events, one entry per destination. */
  events: z.array(eventDeliverySchema),
});

/** `GET /health` (no token) and `GET /status`. */
export function registerStatusRoutes(app: FastifyInstance, { deps, wallClock, balances }: RouteContext): void {
  const startedAt = wallClock();
  const indicatorsOf = indicatorMemo(deps);
  const api = app.withTypeProvider<ZodTypeProvider>();
  const uptime = (): number => Math.floor((wallClock() - startedAt) / 1000);

  api.get('/api/v1/health', { schema: { tags: ['status'], summary: 'Liveness; needs no token', security: [], response: { 200: z.object({ status: z.literal('ok'), uptimeSeconds: z.number(), trading: z.boolean() }) } } }, async () => ({
    status: 'ok' as const,
    uptimeSeconds: uptime(),
    trading: deps.watch.started,
  }));

  api.get('/api/v1/status', { schema: { tags: ['status'], summary: 'What the bot trades, its pairs, and what blocks it', response: { 200: statusSchema, ...errors(401) } } }, async () => {
    const at = deps.ctx.clock.now();
    const working = deps.loop.workingDeals();
    const pairs = [...deps.ctx.pairs.keys()].map((symbol) => {
      const candles = deps.watch.candles(symbol);
      return {
        pair: symbol,
        lastCandle: candles.at(-1) ?? null,
        indicators: indicatorsOf(symbol, candles),
        workingDeals: working.filter((d) => d.symbol === symbol).length,
        paused: pauseView(deps.loop.pauses.of(symbol, at)),
      };
    });
    return {
      mode: deps.bot.mode,
      exchange: deps.bot.exchange,
      timeframe: deps.bot.timeframe,
      startedAt,
      uptimeSeconds: uptime(),
      ticks: deps.loop.stats.ticks,
      pairs,
      openDeals: working.length,
      blocks: await blocks({ deps, balances, at, now: wallClock(), startedAt }),
      events: [...(deps.eventRelays?.status() ?? [])],
    };
  });
}

/** Why the bot may not be trading: pauses, unresolved orders, pairs short of funds, a silent feed. */
async function blocks({ deps, balances: balanceCache, at, now, startedAt }: { deps: RouteContext['deps']; balances: RouteContext['balances']; at: number; now: number; startedAt: number }): Promise<string[]> {
  const found: string[] = [];
  if (!deps.watch.started) found.push('the trading loop has not started yet (reconciling with the exchange or warming up)');
  for (const pause of deps.loop.pauses.list(at)) {
    found.push(`new deals paused on ${pause.symbol ?? 'every pair'}${pause.until === null ? ' until resumed' : ` until ${new Date(pause.until).toISOString()}`}: ${pause.reason}`);
  }
  for (const deal of deps.loop.workingDeals()) {
    for (const order of deal.orders) if (order.status === 'unknown') found.push(`order ${order.clientOrderId} of deal ${deal.id}: outcome unknown, the exchange is asked before anything else`);
  }
  const pairs = [...deps.ctx.pairs.values()];
  const quotes = [...new Set(pairs.map((p) => p.pair.quote))];
  try {
    const balances = await balanceCache.get(quotes);
    for (const { pair } of pairs) {
      const free = balances[pair.quote]?.free;
      if (free === undefined || free.lt(pair.dealQuota)) found.push(`${pair.symbol}: free ${pair.quote} ${free?.toString() ?? '0'} is below its dealQuota ${pair.dealQuota.toString()}`);
    }
  } catch (error) {
    found.push(`the balance could not be read: ${(error as Error).message}`);
  }
  const staleMs = 3 * TIMEFRAME_MS[deps.bot.timeframe];
  const since = deps.watch.lastTickAt ?? startedAt;
  if (deps.watch.started && now - since > staleMs) found.push(`feed stale: no candle for ${Math.round((now - since) / 1000)} s (3 timeframes)`);
  return found;
}

/**
 * Each pair's last indicator values, computed again only when its last candle changed: a pair's
 * RSI and MACD over its candles cost far more than the rest of `/status`, which readers may
 * poll many times per candle.
 */
function indicatorMemo(deps: RouteContext['deps']): (symbol: string, candles: readonly Candle[]) => LastIndicators {
  const memo = new Map<string, { readonly key: string; readonly values: LastIndicators }>();
  return (symbol, candles) => {
    const key = `${candles.length}:${candles.at(-1)?.openTime ?? ''}`;
    const known = memo.get(symbol);
    if (known !== undefined && known.key === key) return known.values;
    const values = lastIndicators(candles, deps.indicators);
    memo.set(symbol, { key, values });
    return values;
  };
}
