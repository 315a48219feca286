import type { FastifyInstance } from 'fastify';
import type { Decimal } from '../../domain/shared/decimal.js';
import type { ApiDeps } from './api-deps.js';
import { Histogram, labelText } from './histogram.js';

const REQUEST_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const requestDuration = new WeakMap<FastifyInstance, Histogram>();

/** Times every request: dealbot_http_request_duration_seconds{method,route,status}. */
export function requestTimer(app: FastifyInstance): void {
  const histogram = new Histogram('dealbot_http_request_duration_seconds', 'Seconds to answer an HTTP request', REQUEST_BUCKETS);
  requestDuration.set(app, histogram);
  app.addHook('onResponse', async (request, reply) => {
    histogram.observe(reply.elapsedTime / 1000, { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) });
  });
}

function gauge(name: string, help: string, type: 'counter' | 'gauge', samples: readonly [Readonly<Record<string, string>>, string | number][]): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map(([labels, value]) => `${name}${labelText(labels)} ${value}`)];
}

/** `GET /api/v1/metrics`: Prometheus text format 0.0.4, written by hand. */
export function registerMetricsRoute(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/v1/metrics', { schema: { tags: ['status'], summary: 'Prometheus metrics (text format 0.0.4)', produces: ['text/plain'] } }, async (_request, reply) => {
    const deals = await deps.ctx.uow.read((r) => r.deals.getAll());
    const dealCounts = new Map<string, number>();
    const orderCounts = new Map<string, number>();
    const realised = new Map<string, Decimal>();
    for (const deal of deals) {
      dealCounts.set(deal.status, (dealCounts.get(deal.status) ?? 0) + 1);
      for (const order of deal.orders) orderCounts.set(order.status, (orderCounts.get(order.status) ?? 0) + 1);
      if (deal.status === 'closed' && deal.pnl !== null) {
        const quote = deal.symbol.split('/')[1] ?? '';
        realised.set(quote, realised.has(quote) ? realised.get(quote)!.plus(deal.pnl) : deal.pnl);
      }
    }
    const lines = [
      ...gauge('dealbot_ticks_total', 'Ticks (candles closed together) the trading loop ran', 'counter', [[{}, deps.loop.stats.ticks]]),
      ...gauge('dealbot_orders', 'Orders by status', 'gauge', [...orderCounts].map(([status, n]) => [{ status }, n])),
      ...gauge('dealbot_deals', 'Deals by status', 'gauge', [...dealCounts].map(([status, n]) => [{ status }, n])),
      ...gauge('dealbot_realised_pnl', 'Realised PnL of closed deals, by quote currency', 'gauge', [...realised].map(([quote, pnl]) => [{ quote }, pnl.toString()])),
      ...deps.watch.tickToOrder.render(),
      ...(requestDuration.get(app)?.render() ?? []),
    ];
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
}
