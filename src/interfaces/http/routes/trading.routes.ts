import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { closeAllDeals } from '../../../application/close-all-deals/close-all-deals.use-case.js';
import type { CloseDealResult } from '../../../application/close-deal/close-deal.use-case.js';
import { openDealNow } from '../../../application/open-deal/open-deal-now.use-case.js';
import { panicSell } from '../../../application/panic-sell/panic-sell.use-case.js';
import { pauseNewDeals, resumeNewDeals } from '../../../application/pause-deals/pause-deals.use-case.js';
import { dec } from '../../../domain/shared/decimal.js';
import { ApiError, invalid } from '../errors.js';
import { lastPriceOf, requireStarted, type RouteContext } from '../route-context.js';
import { dealSchema, errors, pauseSchema, positiveDecimal, symbol } from '../schemas/common.js';
import { dealView, pauseView } from '../views.js';

const DURATION_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const duration = z.string().regex(/^[1-9]\d{0,5}[mhd]$/, 'must be a duration like "90m", "2h" or "1d"');

const openBody = z.strictObject({ pair: symbol, price: positiveDecimal.optional() });
const pairBody = z.strictObject({ pair: symbol.optional() });
const panicBody = z.strictObject({ pair: symbol.optional(), cooldownMinutes: z.number().int('must be an integer').min(1, 'must be >= 1').max(525_600, 'must be <= 525600').optional() });
const pauseBody = z.strictObject({ pair: symbol.optional(), for: duration.optional(), reason: z.string().min(1).max(200).optional() });

const dealsAnswer = z.object({ deals: z.array(dealSchema) });
const failures = errors(400, 401, 409, 413, 429, 503);

/** `POST /trading/open_deal`, `close_all`, `panic_sell`, `pause`, `resume`. */
export function registerTradingRoutes(app: FastifyInstance, context: RouteContext): void {
  const { deps, journal, rateLimit } = context;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const traded = (pair: string | undefined): string | undefined => {
    if (pair !== undefined && !deps.ctx.pairs.has(pair)) throw invalid('pair', `${pair} is not traded by this bot`);
    return pair;
  };
  const dealsOf = async (results: readonly CloseDealResult[]) => {
    const deals = await deps.ctx.uow.read(async (r) => Promise.all(results.map((x) => r.deals.getById(x.dealId))));
    return deals.flatMap((d) => (d === null ? [] : [dealView(d, lastPriceOf(deps, d.symbol))]));
  };

  api.post('/api/v1/trading/open_deal', { config: { rateLimit }, schema: { tags: ['trading'], summary: 'Open a deal now: a limit buy at the price (or the last price)', body: openBody, response: { 201: z.object({ deal: dealSchema }), ...failures } } }, async (request, reply) =>
    journal.handle(request, reply, 'open_deal', async () => {
      const pair = traded(request.body.pair)!;
      requireStarted(deps);
      const price = request.body.price;
      const result = await deps.loop.operate((desk) => openDealNow(desk, { symbol: pair, ...(price !== undefined && { price: dec(price) }) }));
      if ('skipped' in result) throw new ApiError('conflict', `no deal opened on ${pair}: ${result.skipped}`);
      return { status: 201, body: { deal: dealView(result.opened, lastPriceOf(deps, pair)) }, outcome: `opened deal ${result.opened.id} on ${pair}` };
    }),
  );

  api.post('/api/v1/trading/close_all', { config: { rateLimit }, schema: { tags: ['trading'], summary: 'Close every working deal (of a pair) at market', body: pairBody, response: { 200: dealsAnswer, ...failures } } }, async (request, reply) =>
    journal.handle(request, reply, 'close_all', async () => {
      const pair = traded(request.body.pair);
      requireStarted(deps);
      const results = await deps.loop.operate((desk) => closeAllDeals(desk, pair === undefined ? {} : { symbols: [pair] }));
      return { status: 200, body: { deals: await dealsOf(results) }, outcome: `closing ${results.length} deals${pair === undefined ? '' : ` of ${pair}`}` };
    }),
  );

  api.post('/api/v1/trading/panic_sell', { config: { rateLimit }, schema: { tags: ['trading'], summary: 'Pause new deals and close every working deal at market', body: panicBody, response: { 200: dealsAnswer.extend({ pausedUntil: z.number().int().nullable() }), ...failures } } }, async (request, reply) =>
    journal.handle(request, reply, 'panic_sell', async () => {
      const pair = traded(request.body.pair);
      requireStarted(deps);
      const minutes = request.body.cooldownMinutes;
      const until = minutes === undefined ? null : deps.ctx.clock.now() + minutes * 60_000;
      const result = await deps.loop.operate((desk) => panicSell(desk, { ...(pair !== undefined && { symbols: [pair] }), until }));
      return { status: 200, body: { deals: await dealsOf(result.deals), pausedUntil: until }, outcome: `panic sell${pair === undefined ? '' : ` of ${pair}`}: closing ${result.deals.length} deals, new deals paused${until === null ? ' until resumed' : ` for ${minutes} minutes`}` };
    }),
  );

  api.post('/api/v1/trading/pause', { config: { rateLimit }, schema: { tags: ['trading'], summary: 'No new deals (on a pair), for a while or until resumed', body: pauseBody, response: { 200: z.object({ pause: pauseSchema }), ...failures } } }, async (request, reply) =>
    journal.handle(request, reply, 'pause', async () => {
      const pair = traded(request.body.pair);
      requireStarted(deps);
      const span = request.body.for;
      const until = span === undefined ? undefined : deps.ctx.clock.now() + Number(span.slice(0, -1)) * DURATION_MS[span.at(-1) as keyof typeof DURATION_MS];
      const reason = request.body.reason;
      const pause = await deps.loop.operate((desk) => pauseNewDeals(desk, { ...(pair !== undefined && { symbol: pair }), ...(until !== undefined && { until }), ...(reason !== undefined && { reason }) }));
      return { status: 200, body: { pause: pauseView(pause)! }, outcome: `new deals paused on ${pair ?? 'every pair'}${span === undefined ? ' until resumed' : ` for ${span}`}` };
    }),
  );

  api.post('/api/v1/trading/resume', { config: { rateLimit }, schema: { tags: ['trading'], summary: 'New deals again (on a pair)', body: pairBody, response: { 200: z.object({ resumed: z.boolean() }), ...failures } } }, async (request, reply) =>
    journal.handle(request, reply, 'resume', async () => {
      const pair = traded(request.body.pair);
      requireStarted(deps);
      const resumed = await deps.loop.operate((desk) => resumeNewDeals(desk, pair === undefined ? {} : { symbol: pair }));
      return { status: 200, body: { resumed }, outcome: resumed ? `new deals resumed on ${pair ?? 'every pair'}` : 'nothing was paused' };
    }),
  );
}
