import { resolveMissingOrder, type OperatorResolution, type OrderResolvedByOperator } from '../../domain/order/operator-resolution.js';
import { parseClientOrderId } from '../../domain/shared/client-order-id.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { dealContext, type TradingContext } from '../shared/trading-context.js';
import { whyNotAdoptable } from './blocking-orders.js';

export interface Resolution {
  readonly clientOrderId: string;
  readonly resolution: OperatorResolution;
  readonly note: string | null;
}

export interface ResolveOutcome {
  readonly event: OrderResolvedByOperator;
  /** The deal's status after it followed (null: an exchange order no deal here owns). */
  readonly dealStatus: string | null;
  /** Orders the deal now wants placed (e.g. the sell for what a resolved buy bought): stored, sent by the next start. */
  readonly queued: readonly string[];
}

/** A resolution that cannot be applied; nothing was written. */
export class ResolutionRefusedError extends DomainError {
  constructor(message: string) {
    super(message, 'RESOLUTION_REFUSED');
  }
}

/**
 * Applies an operator's resolution of one blocking order, checked against the exchange first:
 * - an order open here that the exchange has no trace of ends as the operator says (through the
 *   order's transition table); its deal follows (cancelled when the buy bought nothing, a sell
 *   queued for what it did buy, ...). The deal, its orders and the operator's event commit in
 *   one transaction, and the events leave through the outbox. Queued orders are stored `new`:
 *   the next start sends them, as after a crash; this command trades nothing itself.
 * - an exchange order with this bot's prefix that no deal here can own can only be `canceled`:
 *   it is cancelled on the exchange, and the event records it.
 * Anything else (unknown id, a final order, an order the exchange knows) is refused unchanged.
 */
export async function resolveBlockingOrder(ctx: TradingContext, { clientOrderId, resolution, note }: Resolution): Promise<ResolveOutcome> {
  const stored = await ctx.uow.read((r) => r.orders.getById(clientOrderId));
  if (stored === null) return cancelStranger(ctx, clientOrderId, resolution, note);
  if (stored.isFinal) throw new ResolutionRefusedError(`order ${clientOrderId} is already ${stored.status}: nothing to resolve`);
  if (stored.status === 'new' || stored.status === 'unknown') {
    throw new ResolutionRefusedError(`order ${clientOrderId} is ${stored.status}: the next start settles it with the exchange by itself`);
  }
  if (!ctx.pairs.has(stored.symbol)) throw new ResolutionRefusedError(`order ${clientOrderId} trades ${stored.symbol}, which is not configured: add the pair back to the config`);
  const found = await ctx.exchange.fetchOrder(stored.symbol, clientOrderId);
  if (found !== null) throw new ResolutionRefusedError(`the exchange knows order ${clientOrderId} (${found.status}, filled ${found.filled.toString()}): the next start applies what it says; nothing to resolve`);
  const deal = await ctx.uow.read((r) => r.deals.getById(stored.dealId));
  const order = deal?.order(clientOrderId);
  if (!deal || !order) throw new ResolutionRefusedError(`order ${clientOrderId} has no deal ${stored.dealId} here`);
  // on the deal's own timeline: a market clock that starts over (a lost paper account) is behind it
  const at = Math.max(ctx.clock.now(), order.updatedAt);
  const event = resolveMissingOrder(order, resolution, note, at);
  const before = new Set(deal.orders.map((o) => o.clientOrderId));
  ctx.trading.advance(deal, dealContext(ctx, deal.symbol, at));
  await ctx.uow.run(async (repos) => {
    await repos.deals.save(deal);
    await repos.outbox.add([event, ...deal.pullEvents()]);
  });
  return { event, dealStatus: deal.status, queued: deal.orders.filter((o) => !before.has(o.clientOrderId)).map((o) => o.clientOrderId) };
}

async function cancelStranger(ctx: TradingContext, clientOrderId: string, resolution: OperatorResolution, note: string | null): Promise<ResolveOutcome> {
  const stranger = (await ctx.exchange.fetchOpenOrders()).find((o) => o.clientOrderId === clientOrderId);
  if (!stranger || !clientOrderId.startsWith(ctx.prefix)) throw new ResolutionRefusedError(`no order ${clientOrderId} here, nor open on the exchange with this bot's prefix ${ctx.prefix}`);
  const why = await whyNotAdoptable(ctx, stranger);
  if (why === null) throw new ResolutionRefusedError(`exchange order ${clientOrderId} is a buy the next start adopts into a recovered deal: nothing to resolve`);
  if (resolution !== 'canceled') throw new ResolutionRefusedError(`exchange order ${clientOrderId} is not in the database: it can only be resolved as canceled (cancelled on the exchange), not ${resolution}`);
  const answer = await ctx.exchange.cancelOrder(stranger.symbol, clientOrderId);
  const event: OrderResolvedByOperator = {
    type: 'OrderResolvedByOperator',
    occurredAt: ctx.clock.now(),
    orderId: clientOrderId,
    dealId: parseClientOrderId(ctx.prefix, clientOrderId)?.dealId ?? '',
    symbol: stranger.symbol,
    side: stranger.side,
    resolution,
    note,
    localStatus: null,
    exchangeSaid: `${stranger.status}, filled ${stranger.filled.toString()} of ${stranger.amount.toString()}; after the cancel ${answer.status}, filled ${answer.filled.toString()}`,
  };
  await ctx.uow.run((repos) => repos.outbox.add([event]));
  return { event, dealStatus: null, queued: [] };
}
