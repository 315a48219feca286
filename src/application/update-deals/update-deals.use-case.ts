import type { Deal } from '../../domain/deal/deal.entity.js';
import type { Order } from '../../domain/order/order.entity.js';
import { TemporaryExchangeError } from '../../domain/ports/exchange.errors.js';
import type { ExchangeOrder } from '../../domain/ports/exchange.port.js';
import type { DealAction } from '../../domain/services/trading.service.js';
import { cancelDealOrder } from '../shared/order-canceller.js';
import { runActions } from '../shared/order-submitter.js';
import { dealContext, persistDeal, tradedPair, type TradingContext } from '../shared/trading-context.js';

/**
 * Brings one working deal up to date with the exchange: applies fills and ends, places the
 * sell, closes the deal, cancels a buy that outlived orderLifeTime, and makes the cancels the
 * deal waits for (an exit's resting orders, a DCA deal's stale take profit or leftover safety buys).
 * Returns true when the deal changed.
 */
export async function updateDeal(ctx: TradingContext, deal: Deal, onMissing?: (order: Order) => void): Promise<boolean> {
  const at = ctx.clock.now();
  const dctx = dealContext(ctx, deal.symbol, at);
  let changed = false;
  const actions: DealAction[] = [];
  const orders = deal.orders;
  for (let i = 0; i < orders.length; i += 1) {
    const order = orders[i]!;
    if (order.isFinal || order.status === 'new') continue;
    const update = await readOrder(ctx, order);
    if (update === undefined) continue;
    if (update === null) {
      if (order.status !== 'unknown') {
        onMissing?.(order);
        continue;
      }
      order.reject('proven absent: the exchange has no such order', at);
      actions.push(...ctx.trading.advance(deal, dctx));
      changed = true;
    } else if (differs(order, update)) {
      actions.push(...ctx.trading.updateDealStatus(deal, update, dctx));
      changed = true;
    }
  }
  if (ctx.trading.isBuyStale(deal, tradedPair(ctx, deal.symbol).pair, at)) {
    actions.push(...(await cancelStaleBuy(ctx, deal, at)));
    changed = true;
  }
  for (const { order, reason } of ctx.trading.dueCancels(deal, dctx.pair)) {
    if (!(await cancelDealOrder(ctx, deal, order, reason))) continue;
    actions.push(...ctx.trading.advance(deal, dctx));
    changed = true;
  }
  if (!changed) return false;
  await persistDeal(ctx, deal);
  await runActions(ctx, deal, actions);
  return true;
}

/** A buy past its lifetime is cancelled (a fill the cancel reveals counts); an unreachable exchange is asked again next tick. */
async function cancelStaleBuy(ctx: TradingContext, deal: Deal, at: number): Promise<DealAction[]> {
  const reason = `buy unfilled after orderLifeTime ${tradedPair(ctx, deal.symbol).pair.orderLifeTime}s`;
  if (!(await cancelDealOrder(ctx, deal, deal.buyOrder, reason))) return [];
  return ctx.trading.advance(deal, dealContext(ctx, deal.symbol, at));
}

/** undefined: could not read now (temporary trouble), try on the next tick. */
async function readOrder(ctx: TradingContext, order: Order): Promise<ExchangeOrder | null | undefined> {
  try {
    return await ctx.exchange.fetchOrder(order.symbol, order.clientOrderId);
  } catch (error) {
    if (error instanceof TemporaryExchangeError) return undefined;
    throw error;
  }
}

function differs(order: Order, update: ExchangeOrder): boolean {
  if (!update.filled.eq(order.filled)) return true;
  if (order.status === 'unknown') return true;
  const open = order.status === 'open' || order.status === 'partially_filled';
  return !(open && update.status === 'open');
}

/**
 * Applies an order update the exchange pushed and moves the deal on, in memory only: the
 * caller stores the deal, then sends the orders returned (stored `new` with it), in order.
 */
export function applyOrderUpdate(ctx: TradingContext, deal: Deal, update: ExchangeOrder): DealAction[] {
  return ctx.trading.updateDealStatus(deal, update, dealContext(ctx, deal.symbol, ctx.clock.now()));
}

/** True when the deal needs the exchange asked: an unknown outcome, a buy past its lifetime, or a cancel still to make (an exit's, a DCA deal's). */
export function needsCheck(ctx: TradingContext, deal: Deal, at: number): boolean {
  for (const order of deal.orders) if (order.status === 'unknown') return true;
  const { pair } = tradedPair(ctx, deal.symbol);
  if (ctx.trading.dueCancels(deal, pair).length > 0) return true;
  return ctx.trading.isBuyStale(deal, pair, at);
}
