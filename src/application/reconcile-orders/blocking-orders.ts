import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Order } from '../../domain/order/order.entity.js';
import type { OrderStatus } from '../../domain/order/order-status.js';
import type { ExchangeOrder } from '../../domain/ports/exchange.port.js';
import { parseClientOrderId } from '../../domain/shared/client-order-id.js';
import type { TradingContext } from '../shared/trading-context.js';

/** An order open here that the exchange has no trace of: only an operator can say how it ended. */
export interface MissingOrder {
  readonly kind: 'missing';
  readonly clientOrderId: string;
  readonly dealId: string;
  readonly dealStatus: string;
  readonly symbol: string;
  readonly side: string;
  readonly type: string;
  readonly localStatus: OrderStatus;
  readonly price: string | null;
  readonly amount: string;
  readonly filled: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly exchangeSaid: string;
}

/** An exchange order with this bot's prefix that no deal here can own (not an adoptable buy). */
export interface StrangerOrder {
  readonly kind: 'stranger';
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: string;
  readonly type: string;
  readonly exchangeStatus: string;
  readonly price: string | null;
  readonly amount: string;
  readonly filled: string;
  readonly placedAt: number;
  readonly why: string;
}

/** A working deal of a pair this configuration does not trade: add the pair back to settle it. */
export interface UnconfiguredDeal {
  readonly kind: 'unconfigured';
  readonly dealId: string;
  readonly symbol: string;
  readonly dealStatus: string;
}

export type BlockingItem = MissingOrder | StrangerOrder | UnconfiguredDeal;

/**
 * What would block the start-up reconciliation (reconcile-orders.use-case), found without
 * changing anything: the same questions to the exchange, none of the answers applied. What the
 * start settles by itself (an order never sent, an unknown outcome proven absent, a stranger buy
 * it adopts) is left out.
 */
export async function findBlockingItems(ctx: TradingContext): Promise<BlockingItem[]> {
  const deals = await ctx.uow.read((r) => r.deals.getOpenDeals());
  const items: BlockingItem[] = [];
  for (const deal of deals) {
    if (!ctx.pairs.has(deal.symbol)) {
      items.push({ kind: 'unconfigured', dealId: deal.id, symbol: deal.symbol, dealStatus: deal.status });
      continue;
    }
    for (const order of deal.orders) {
      if (order.isFinal || order.status === 'new' || order.status === 'unknown') continue;
      if ((await ctx.exchange.fetchOrder(order.symbol, order.clientOrderId)) === null) items.push(missingOrder(deal, order));
    }
  }
  const known = new Set(deals.flatMap((d) => d.orders.map((o) => o.clientOrderId)));
  for (const stranger of await ctx.exchange.fetchOpenOrders()) {
    if (!stranger.clientOrderId.startsWith(ctx.prefix) || known.has(stranger.clientOrderId)) continue;
    const why = await whyNotAdoptable(ctx, stranger);
    if (why !== null) items.push(strangerOrder(stranger, why));
  }
  return items;
}

export function missingOrder(deal: Deal, order: Order): MissingOrder {
  return {
    kind: 'missing',
    clientOrderId: order.clientOrderId,
    dealId: deal.id,
    dealStatus: deal.status,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    localStatus: order.status,
    price: order.price?.toString() ?? null,
    amount: order.amount.toString(),
    filled: order.filled.toString(),
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    exchangeSaid: 'no such order',
  };
}

function strangerOrder(o: ExchangeOrder, why: string): StrangerOrder {
  return { kind: 'stranger', clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, type: o.type, exchangeStatus: o.status, price: o.price?.toString() ?? null, amount: o.amount.toString(), filled: o.filled.toString(), placedAt: o.timestamp, why };
}

/** null: the start adopts it (a buy of a configured pair whose deal id is free), as reconcileOrders does. */
export async function whyNotAdoptable(ctx: TradingContext, stranger: ExchangeOrder): Promise<string | null> {
  const parsed = parseClientOrderId(ctx.prefix, stranger.clientOrderId);
  if (!parsed) return 'its id is not one this bot makes';
  if (parsed.leg !== 'b' || stranger.side !== 'buy') return 'only a buy can start a recovered deal';
  if (!ctx.pairs.has(stranger.symbol)) return `${stranger.symbol} is not configured`;
  if (await ctx.uow.read((r) => r.deals.getById(parsed.dealId))) return `deal ${parsed.dealId} exists here without this order`;
  return null;
}
