import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cancelDeal } from '../../../application/cancel-deal/cancel-deal.use-case.js';
import { closeDeal } from '../../../application/close-deal/close-deal.use-case.js';
import { BOT_NAME } from '../../../domain/bot/bot-name.js';
import type { Deal } from '../../../domain/deal/deal.entity.js';
import { ApiError, invalid } from '../errors.js';
import { lastPriceOf, requireStarted, type RouteContext } from '../route-context.js';
import { dealSchema, errors, orderSchema, symbol } from '../schemas/common.js';
import { dealView, orderView } from '../views.js';

const listQuery = z.strictObject({
  status: z.enum(['pending', 'open', 'closing', 'closed', 'cancelled']).optional(),
  pair: symbol.optional(),
  bot: z.string().regex(BOT_NAME, 'must be a bot name: lower-case letters, digits and dashes').optional().meta({ description: 'only the deals of this bot' }),
  from: z.coerce.number().int('must be an integer').min(0, 'must be >= 0').optional().meta({ description: 'createdAt >= from (ms)' }),
  to: z.coerce.number().int('must be an integer').min(0, 'must be >= 0').optional().meta({ description: 'createdAt < to (ms)' }),
  limit: z.coerce.number().int('must be an integer').min(1, 'must be 1-500').max(500, 'must be 1-500').default(50),
  cursor: z.string().max(200).optional(),
});

const idParams = z.strictObject({ id: z.string().min(1).max(100) });
const emptyBody = z.strictObject({});

/** An opaque cursor: the last deal's createdAt and id. */
const cursorOf = (deal: Deal): string => Buffer.from(JSON.stringify([deal.createdAt, deal.id])).toString('base64url');
function afterCursor(cursor: string): { readonly createdAt: number; readonly id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('cursor', 'is not a cursor this API gave');
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'number' || typeof parsed[1] !== 'string') throw invalid('cursor', 'is not a cursor this API gave');
  return { createdAt: parsed[0] as number, id: parsed[1] as string };
}

/** `GET /deals`, `GET /deals/:id`, `POST /deals/:id/close`, `POST /deals/:id/cancel`. */
export function registerDealRoutes(app: FastifyInstance, context: RouteContext): void {
  const { deps, journal, rateLimit } = context;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const view = (deal: Deal) => dealView(deal, lastPriceOf(deps, deal.symbol));

  api.get('/api/v1/deals', { schema: { tags: ['deals'], summary: 'Deals, oldest first, a page at a time', querystring: listQuery, response: { 200: z.object({ deals: z.array(dealSchema), nextCursor: z.string().nullable() }), ...errors(400, 401) } } }, async (request) => {
    const q = request.query;
    // one deal more than the page: whether there is a next page, without counting them all
    const query = { limit: q.limit + 1, ...(q.pair !== undefined && { symbol: q.pair }), ...(q.bot !== undefined && { bot: q.bot }), ...(q.status !== undefined && { status: q.status }), ...(q.from !== undefined && { from: q.from }), ...(q.to !== undefined && { to: q.to }), ...(q.cursor !== undefined && { after: afterCursor(q.cursor) }) };
    const found = await deps.ctx.uow.read((r) => r.deals.page(query));
    const page = found.slice(0, q.limit);
    return { deals: page.map(view), nextCursor: found.length > q.limit ? cursorOf(page.at(-1)!) : null };
  });

  api.get('/api/v1/deals/:id', { schema: { tags: ['deals'], summary: 'One deal with its orders and their fills', params: idParams, response: { 200: dealSchema.extend({ orders: z.array(orderSchema) }), ...errors(401, 404) } } }, async (request) => {
    const deal = await deps.ctx.uow.read((r) => r.deals.getById(request.params.id));
    if (deal === null) throw new ApiError('not_found', `no deal ${request.params.id}`);
    const quote = deal.symbol.split('/')[1] ?? '';
    return { ...view(deal), orders: deal.orders.map((o) => orderView(o, quote)) };
  });

  const dealAnswer = { 200: z.object({ deal: dealSchema }), ...errors(400, 401, 404, 409, 413, 429, 503) };

  api.post('/api/v1/deals/:id/close', { config: { rateLimit }, schema: { tags: ['deals'], summary: 'Close a deal at market: a market sell of what it holds', params: idParams, body: emptyBody, response: dealAnswer } }, async (request, reply) =>
    journal.handle(request, reply, 'close_deal', async () => {
      requireStarted(deps);
      const { id } = request.params;
      const result = await deps.loop.operate((desk) => closeDeal(desk, { dealId: id }));
      if (result.outcome === 'not_found') throw new ApiError('not_found', `no deal ${id}`);
      const deal = await readDeal(context, id);
      if (result.outcome === 'already_final') throw new ApiError('conflict', `deal ${id} is already ${deal.status}`);
      return { status: 200, body: { deal: view(deal) }, outcome: `deal ${id}: ${result.outcome}` };
    }),
  );

  api.post('/api/v1/deals/:id/cancel', { config: { rateLimit }, schema: { tags: ['deals'], summary: 'Cancel a pending deal\'s buy', params: idParams, body: emptyBody, response: dealAnswer } }, async (request, reply) =>
    journal.handle(request, reply, 'cancel_deal', async () => {
      requireStarted(deps);
      const { id } = request.params;
      const result = await deps.loop.operate((desk) => cancelDeal(desk, { dealId: id }));
      if (result.outcome === 'not_found') throw new ApiError('not_found', `no deal ${id}`);
      const deal = await readDeal(context, id);
      if (result.outcome === 'already_final') throw new ApiError('conflict', `deal ${id} is already ${deal.status}`);
      if (result.outcome === 'not_pending') throw new ApiError('conflict', `deal ${id} is ${deal.status}: only a pending deal can be cancelled; close it instead`);
      if (result.outcome === 'buy_still_working') throw new ApiError('conflict', `deal ${id}: the exchange could not cancel the buy yet; ask again`);
      return { status: 200, body: { deal: view(deal) }, outcome: `deal ${id}: ${result.outcome}` };
    }),
  );
}

async function readDeal({ deps }: RouteContext, id: string): Promise<Deal> {
  const deal = await deps.ctx.uow.read((r) => r.deals.getById(id));
  if (deal === null) throw new ApiError('not_found', `no deal ${id}`);
  return deal;
}
