import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteContext } from '../route-context.js';
import { errors, pauseSchema } from '../schemas/common.js';
import { pairSettings, pauseOf, pauseView } from '../views.js';

const pairViewSchema = z
  .object({
    symbol: z.string(),
    dealQuota: z.string(),
    profitMarkup: z.string(),
    dealCount: z.number().int(),
    orderLifeTime: z.number(),
    exits: z.record(z.string(), z.unknown()).optional(),
    paused: pauseSchema.nullable(),
    workingDeals: z.number().int(),
    lastPrice: z.number().nullable(),
    source: z.enum(['config', 'api']),
  });

/** `GET /pairs`. */
export function registerPairRoutes(app: FastifyInstance, { deps }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/v1/pairs', { schema: { tags: ['pairs'], summary: 'The traded pairs with their settings', response: { 200: z.object({ pairs: z.array(pairViewSchema) }), ...errors(401) } } }, async () => {
    const at = deps.ctx.clock.now();
    const pauses = deps.loop.pauses.list(at);
    const working = deps.loop.workingDeals();
    return {
      pairs: [...deps.ctx.pairs.values()].map(({ pair }) => {
        const price = deps.watch.started ? deps.loop.priceOf(pair.symbol).price : Number.NaN;
        return {
          ...(pairSettings(pair) as { symbol: string; dealQuota: string; profitMarkup: string; dealCount: number; orderLifeTime: number }),
          paused: pauseView(pauseOf(pauses, pair.symbol)),
          workingDeals: working.filter((d) => d.symbol === pair.symbol).length,
          lastPrice: Number.isFinite(price) ? price : null,
          source: deps.pairSource?.(pair.symbol) ?? 'config',
        };
      }),
    };
  });
}
