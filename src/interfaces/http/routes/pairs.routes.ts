import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PairConflictError, PairNotFoundError } from '../../../application/manage-pairs/pair-errors.js';
import type { CurrencyPair, CurrencyPairProps } from '../../../domain/currency-pair/currency-pair.entity.js';
import { ValidationError } from '../../../domain/shared/domain-error.js';
import { ApiError, invalid } from '../errors.js';
import { requireStarted, type RouteContext } from '../route-context.js';
import { errors } from '../schemas/common.js';
import { pairChangesSchema, pairParams, pairSettingsSchema, pairViewSchema } from '../schemas/pairs.js';
import { pairSettings, pauseView } from '../views.js';

type PairView = z.infer<typeof pairViewSchema>;

/** `GET /pairs`, `POST /pairs`, `PATCH /pairs/:base/:quote`, `DELETE /pairs/:base/:quote`. */
export function registerPairRoutes(app: FastifyInstance, { deps, journal, rateLimit }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const failures = errors(400, 401, 404, 409, 413, 429, 503);

  const view = (pair: CurrencyPair, source: 'config' | 'api'): PairView => {
    const price = deps.watch.started && deps.loop.context.pairs.has(pair.symbol) ? deps.loop.priceOf(pair.symbol).price : Number.NaN;
    return {
      ...(pairSettings(pair) as Omit<PairView, 'bot' | 'paused' | 'workingDeals' | 'lastPrice' | 'source'>),
      bot: pair.bot,
      paused: pauseView(deps.loop.pauses.of(pair.symbol, deps.ctx.clock.now())),
      workingDeals: deps.loop.workingDeals().filter((d) => d.symbol === pair.symbol).length,
      lastPrice: Number.isFinite(price) ? price : null,
      source,
    };
  };
  const sourceOf = (symbol: string): 'config' | 'api' => deps.loop.pairs().find((p) => p.pair.symbol === symbol)?.source ?? 'api';

  api.get('/api/v1/pairs', { schema: { tags: ['pairs'], summary: 'The traded pairs with their settings', response: { 200: z.object({ pairs: z.array(pairViewSchema) }), ...errors(401) } } }, async () => ({
    pairs: deps.loop.pairs().map(({ pair, source }) => view(pair, source)),
  }));

  api.post('/api/v1/pairs', { config: { rateLimit }, schema: { tags: ['pairs'], summary: 'Start trading a pair (kept in the database across restarts)', body: pairSettingsSchema, response: { 201: z.object({ pair: pairViewSchema }), ...failures } } }, async (request, reply) =>
    journal.handle(request, reply, 'add_pair', async () => {
      requireStarted(deps);
      const pair = await pairChange(() => deps.loop.addPair(request.body as CurrencyPairProps));
      return { status: 201, body: { pair: view(pair, 'api') }, outcome: `pair ${pair.symbol} added` };
    }),
  );

  api.patch('/api/v1/pairs/:base/:quote', { config: { rateLimit }, schema: { tags: ['pairs'], summary: 'Change a pair\'s settings (all but its symbol)', params: pairParams, body: pairChangesSchema, response: { 200: z.object({ pair: pairViewSchema }), ...failures } } }, async (request, reply) =>
    journal.handle(request, reply, 'update_pair', async () => {
      requireStarted(deps);
      const symbol = `${request.params.base}/${request.params.quote}`;
      const pair = await pairChange(() => deps.loop.updatePair(symbol, request.body as Partial<Omit<CurrencyPairProps, 'symbol'>>));
      return { status: 200, body: { pair: view(pair, sourceOf(symbol)) }, outcome: `pair ${symbol} changed: ${Object.keys(request.body).join(', ') || 'nothing'}` };
    }),
  );

  api.delete('/api/v1/pairs/:base/:quote', { config: { rateLimit }, schema: { tags: ['pairs'], summary: 'Stop trading a pair without working deals (it stays removed across restarts)', params: pairParams, response: { 200: z.object({ removed: z.string() }), ...failures } } }, async (request, reply) =>
    journal.handle(request, reply, 'remove_pair', async () => {
      requireStarted(deps);
      const symbol = `${request.params.base}/${request.params.quote}`;
      await pairChange(() => deps.loop.removePair(symbol));
      return { status: 200, body: { removed: symbol }, outcome: `pair ${symbol} removed` };
    }),
  );
}

/** A pair change's refusals as the API answers them: 404, 409, or 400 naming the field. */
async function pairChange<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof PairNotFoundError) throw new ApiError('not_found', error.message);
    if (error instanceof PairConflictError) throw new ApiError('conflict', error.message);
    if (error instanceof ValidationError) throw invalid(error.field, error.rule);
    throw error;
  }
}
