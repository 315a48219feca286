import { Deal } from '../../domain/deal/deal.entity.js';
import { Order } from '../../domain/order/order.entity.js';
import { orderLeg, parseClientOrderId } from '../../domain/shared/client-order-id.js';
import type { ExchangeOrder } from '../../domain/ports/exchange.port.js';
import type { DealAction } from '../../domain/services/trading.service.js';
import { runActions, submitOrder } from '../shared/order-submitter.js';
import { dealContext, persistDeal, tradedPair, type TradingContext } from '../shared/trading-context.js';
import { updateDeal } from '../update-deals/update-deals.use-case.js';

export interface ReconcileReport {
  /** Deals still working after reconciliation, oldest first. */
  readonly workingDeals: Deal[];
  readonly ordersChecked: number;
  /** Orders the exchange should have but does not know; trading must not start. */
  readonly unresolved: string[];
  /** Open exchange orders with this bot's prefix that the database does not know. */
  readonly strangers: ExchangeOrder[];
  /** Deals rebuilt (marked `recovered`) around stranger buys of configured pairs. */
  readonly adopted: Deal[];
}

/**
 * Runs before any strategy: every non-final local order is checked against the exchange by
 * clientOrderId. An order stored but never sent is sent now (a sell, a DCA safety buy) or dropped
 * (a deal's first buy, whose moment has passed); an unknown outcome is resolved by what the exchange says.
 */
export async function reconcileOrders(ctx: TradingContext): Promise<ReconcileReport> {
  const deals = await ctx.uow.run((repos) => repos.deals.getOpenDeals());
  const unresolved: string[] = [];
  let ordersChecked = 0;
  for (const deal of deals) {
    if (!ctx.pairs.has(deal.symbol)) {
      unresolved.push(`deal ${deal.id} trades ${deal.symbol}, which is not configured`);
      continue;
    }
    ordersChecked += deal.orders.filter((o) => !o.isFinal).length;
    await settleUnsent(ctx, deal);
    await updateDeal(ctx, deal, (order) => unresolved.push(`order ${order.clientOrderId} is ${order.status} here but unknown to the exchange (dealbot reconcile lists it and takes a resolution)`));
  }
  const known = new Set(deals.flatMap((d) => d.orders.map((o) => o.clientOrderId)));
  const open = await ctx.exchange.fetchOpenOrders();
  const strangers = open.filter((o) => o.clientOrderId.startsWith(ctx.prefix) && !known.has(o.clientOrderId));
  const adopted: Deal[] = [];
  for (const stranger of strangers) {
    const deal = await adoptStranger(ctx, stranger);
    if (deal) adopted.push(deal);
    else unresolved.push(`exchange order ${stranger.clientOrderId} (${stranger.symbol} ${stranger.side}) carries this bot's prefix but no deal here can own it; cancel it on the exchange (dealbot reconcile --resolve ${stranger.clientOrderId}=canceled) or restore the database`);
  }
  return { workingDeals: [...deals, ...adopted].filter((d) => !d.isFinal), ordersChecked, unresolved, strangers, adopted };
}

/** A stranger buy of a configured pair becomes a `recovered` deal; anything else cannot be adopted. */
async function adoptStranger(ctx: TradingContext, stranger: ExchangeOrder): Promise<Deal | null> {
  const parsed = parseClientOrderId(ctx.prefix, stranger.clientOrderId);
  if (!parsed || parsed.leg !== 'b' || stranger.side !== 'buy' || !ctx.pairs.has(stranger.symbol)) return null;
  if (await ctx.uow.read((r) => r.deals.getById(parsed.dealId))) return null;
  const at = ctx.clock.now();
  const buy = Order.create({ clientOrderId: stranger.clientOrderId, dealId: parsed.dealId, symbol: stranger.symbol, side: 'buy', type: stranger.type, price: stranger.price, amount: stranger.amount, createdAt: stranger.timestamp });
  const deal = Deal.recover(parsed.dealId, buy, at, tradedPair(ctx, stranger.symbol).pair.bot);
  const actions = ctx.trading.updateDealStatus(deal, stranger, dealContext(ctx, deal.symbol, at));
  await persistDeal(ctx, deal);
  await runActions(ctx, deal, actions);
  return deal;
}

async function settleUnsent(ctx: TradingContext, deal: Deal): Promise<void> {
  for (const order of deal.orders) {
    if (order.status !== 'new') continue;
    const at = ctx.clock.now();
    const found = await ctx.exchange.fetchOrder(order.symbol, order.clientOrderId);
    let actions: DealAction[] = [];
    if (found) {
      actions = ctx.trading.updateDealStatus(deal, found, dealContext(ctx, deal.symbol, at));
    } else if (order.side === 'sell' || orderLeg(order.clientOrderId) === 'd') {
      await submitOrder(ctx, deal, order);
      continue;
    } else {
      order.cancel(at, 'stored but never sent before a restart');
      actions = ctx.trading.advance(deal, dealContext(ctx, deal.symbol, at));
    }
    await persistDeal(ctx, deal);
    await runActions(ctx, deal, actions);
  }
}
