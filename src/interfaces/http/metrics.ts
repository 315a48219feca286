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
    // counted by the database: a scrape never loads the deals with their orders and fills
    const tally = await deps.ctx.uow.read((r) => r.deals.tally());
    const dealCounts = new Map<string, number>();
    const realised = new Map<string, Decimal>();
    for (const { symbol, status, count, pnl } of tally.deals) {
      dealCounts.set(status, (dealCounts.get(status) ?? 0) + count);
      if (pnl !== null) {
        const quote = symbol.split('/')[1] ?? '';
        realised.set(quote, realised.has(quote) ? realised.get(quote)!.plus(pnl) : pnl);
      }
    }
    const orderCounts = tally.orders.map(({ status, count }) => [status, count] as const);
    const delivery = deps.eventRelays?.status() ?? [];
    const perDestination = (value: (s: (typeof delivery)[number]) => number): [Record<string, string>, number][] => delivery.map((s) => [{ destination: s.name }, value(s)]);
    const lines = [
      ...gauge('dealbot_ticks_total', 'Ticks (candles closed together) the trading loop ran', 'counter', [[{}, deps.loop.stats.ticks]]),
      ...gauge('dealbot_orders', 'Orders by status', 'gauge', [...orderCounts].map(([status, n]) => [{ status }, n])),
      ...gauge('dealbot_deals', 'Deals by status', 'gauge', [...dealCounts].map(([status, n]) => [{ status }, n])),
      ...gauge('dealbot_realised_pnl', 'Realised PnL of closed deals, by quote currency', 'gauge', [...realised].map(([quote, pnl]) => [{ quote }, pnl.toString()])),
      ...gauge('dealbot_event_destination_up', '1 while the destination takes events, 0 while it is down or stopped', 'gauge', perDestination((s) => (s.state === 'down' || s.state === 'stopped' ? 0 : 1))),
      ...gauge('dealbot_events_pending', 'Committed events the destination has not confirmed', 'gauge', perDestination((s) => s.pending)),
      ...gauge('dealbot_events_delivered_total', 'Events the destination confirmed during this run', 'counter', perDestination((s) => s.delivered)),
      ...gauge('dealbot_event_delivery_failures_total', 'Failed delivery attempts (send, or reading or confirming the outbox) during this run', 'counter', perDestination((s) => s.failures)),
      ...deps.watch.tickToOrder.render(),
      ...(requestDuration.get(app)?.render() ?? []),
    ];
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
}
