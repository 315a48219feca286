import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid } from '../errors.js';
import { indicatorSeries } from '../market-indicators.js';
import type { RouteContext } from '../route-context.js';
import { errors, symbol } from '../schemas/common.js';

const candlesQuery = z.strictObject({ pair: symbol, limit: z.coerce.number().int('must be an integer').min(1, 'must be 1-1000').max(1000, 'must be 1-1000').default(300) });
const equityQuery = z.strictObject({ limit: z.coerce.number().int('must be an integer').min(1, 'must be 1-5000').max(5000, 'must be 1-5000').default(1000) });
const decimalText = z.string();

/** `GET /balances`, `GET /candles` (with RSI and MACD) and `GET /equity`, for the dashboard. */
export function registerMarketRoutes(app: FastifyInstance, { deps }: RouteContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/balances', { schema: { tags: ['market'], summary: 'The account\'s balances', response: { 200: z.object({ balances: z.array(z.object({ currency: z.string(), free: decimalText, used: decimalText, total: decimalText })) }), ...errors(401) } } }, async () => {
    const balances = await deps.ctx.exchange.fetchBalance();
    return {
      balances: Object.entries(balances)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([currency, b]) => ({ currency, free: b.free.toString(), used: b.used.toString(), total: b.total.toString() })),
    };
  });

  api.get(
    '/api/v1/candles',
    {
      schema: {
        tags: ['market'],
        summary: 'A pair\'s recent candles, with RSI and MACD computed on them',
        querystring: candlesQuery,
        response: {
          200: z.object({
            pair: z.string(),
            timeframe: z.string(),
            candles: z.array(z.object({ openTime: z.number(), open: z.number(), high: z.number(), low: z.number(), close: z.number(), volume: z.number() })),
            indicators: z.object({ rsi: z.array(z.tuple([z.number(), z.number()])), macd: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])) }),
          }),
          ...errors(400, 401),
        },
      },
    },
    async (request) => {
      const { pair, limit } = request.query;
      if (!deps.ctx.pairs.has(pair)) throw invalid('pair', `${pair} is not traded by this bot`);
      const candles = deps.watch.candles(pair, limit);
      return { pair, timeframe: deps.bot.timeframe, candles, indicators: indicatorSeries(candles, deps.indicators) };
    },
  );

  api.get('/api/v1/equity', { schema: { tags: ['market'], summary: 'Equity (quote balance + holdings at the last price), sampled each tick', querystring: equityQuery, response: { 200: z.object({ quote: z.string(), points: z.array(z.tuple([z.number(), decimalText])) }), ...errors(400, 401) } } }, async (request) => ({
    quote: [...deps.ctx.pairs.values()][0]?.pair.quote ?? '',
    points: deps.watch.equity.last(request.query.limit).map((s): [number, string] => [s.time, s.equity]),
  }));
}
