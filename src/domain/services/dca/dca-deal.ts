import type { DcaSettings } from '../../currency-pair/dca-settings.js';
import type { Deal } from '../../deal/deal.entity.js';
import { Order } from '../../order/order.entity.js';
import { buildClientOrderId, orderLeg } from '../../shared/client-order-id.js';
import { ONE, sign, ZERO, type Decimal } from '../../shared/decimal.js';
import type { MarketRules } from '../../shared/market-rules.js';
import { safetyOrderLevels } from './safety-ladder.js';

/** Reason given to the resting take-profit sells cancelled because a safety buy moved the average (not a failed attempt). */
export const AVERAGE_MOVED = 'replaced: a safety buy moved the average';

/** Reason given to the resting safety buys cancelled once the take profit sold the deal. */
export const TAKE_PROFIT_FILLED = 'take profit filled';

/** Reason given to the orders the bot cancels on its way out (`run --cancel-open-orders-on-exit`). */
export const CANCELLED_ON_EXIT = 'cancelled on exit';

/** What the deal's ended buys (the base order and the safety buys in a final status) bought. */
export function endedBuysBought(deal: Deal): Decimal {
  let bought = ZERO;
  for (const buy of deal.orders) if (buy.side === 'buy' && buy.isFinal) bought = bought.plus(buy.filled);
  return bought;
}

/**
 * The resting take profit was placed for less than the ended buys have bought: a safety buy
 * filled (completely, or partly and then ended) since. It is cancelled and placed again.
 */
export function takeProfitStale(deal: Deal): boolean {
  const basis = deal.takeProfitBasis;
  return basis !== null && endedBuysBought(deal).gt(basis);
}

/** The latest take-profit sell (leg `s`) filled completely: the deal's profit is taken. */
export function takeProfitFilled(deal: Deal): boolean {
  let last: Order | null = null;
  for (const sell of deal.orders) if (sell.side === 'sell' && orderLeg(sell.clientOrderId) === 's') last = sell;
  return last !== null && last.status === 'closed' && sign(last.remaining) === 0;
}

/**
 * What a working DCA deal may still take from the account's free balance: its whole max budget
 * with the maker fee, less what its buys have spent and what its resting buys hold (fee
 * included); never below zero, zero once the deal ended. The safety orders not placed yet are
 * in it: a new deal must leave them their money.
 */
export function stillToSpend(deal: Deal, dca: DcaSettings, market: MarketRules): Decimal {
  if (deal.isFinal) return ZERO;
  let used = ZERO;
  for (const buy of deal.orders) {
    if (buy.side !== 'buy') continue;
    used = used.plus(buy.cost);
    const resting = buy.status === 'open' || buy.status === 'partially_filled' || buy.status === 'unknown';
    if (resting && buy.price !== null) used = used.plus(buy.price.times(buy.remaining));
  }
  // (budget - used) x (1 + fee), never below zero: exactly what budget x (1 + fee) - used x (1 + fee) was (1 + fee > 0: a rebate is under 100%), one product fewer
  const left = dca.maxBudget.minus(used);
  return sign(left) <= 0 ? ZERO : left.times(ONE.plus(market.makerFee));
}

/** The number of a safety buy: the attempt of its leg `d` (`...-d3` and `...-d3r1` are safety order 3). */
export function safetyNumber(buy: Order): number {
  const id = buy.clientOrderId;
  return Number(/-d(\d+)(?:r\d+)?$/.exec(id)?.[1]);
}

/** The bot's own shutdown cancelled the safety buy before anything filled: its level still stands. */
function cancelledOnExit(buy: Order): boolean {
  return buy.status === 'canceled' && sign(buy.filled) === 0 && buy.reason === CANCELLED_ON_EXIT;
}

/**
 * The safety buys an open DCA deal places now: the next levels of its ladder from the base
 * order's fill price, so that at most `maxActiveSafetyOrders` rest and at most `maxSafetyOrders`
 * are ever placed (each number once: a safety buy is never sent twice). A level the market
 * refuses (below its minimum amount or cost) is skipped and the next one taken. A level whose
 * buys were all cancelled by the bot's shutdown with nothing filled comes first, under a new id
 * (`d2r1`, `d2r2`, ...). None once the take profit filled.
 */
export function nextSafetyBuys(deal: Deal, dca: DcaSettings, market: MarketRules, at: number, prefix: string): Order[] {
  const basePrice = deal.buyOrder.average;
  if (deal.status !== 'open' || basePrice === null || takeProfitFilled(deal)) return [];
  let resting = 0;
  let next = 1;
  const exitCancels = new Map<number, number>();
  const stands = new Set<number>();
  for (const buy of deal.safetyOrders) {
    const number = safetyNumber(buy);
    if (!buy.isFinal) resting += 1;
    next = Math.max(next, number + 1);
    if (cancelledOnExit(buy)) exitCancels.set(number, (exitCancels.get(number) ?? 0) + 1);
    else stands.add(number);
  }
  const again = [...exitCancels.keys()].filter((number) => !stands.has(number)).sort((a, b) => a - b);
  if (resting >= dca.maxActiveSafetyOrders || (again.length === 0 && next > dca.maxSafetyOrders)) return [];
  const steps = [...again.map((number) => dca.steps[number - 1]!), ...dca.steps.slice(next - 1)];
  const levels = safetyOrderLevels(steps, basePrice, market);
  const orders: Order[] = [];
  for (const level of levels) {
    if (resting >= dca.maxActiveSafetyOrders) break;
    if (level.refused !== null) continue;
    const clientOrderId = buildClientOrderId(prefix, deal.id, 'd', level.number, exitCancels.get(level.number) ?? 0);
    orders.push(Order.create({ clientOrderId, dealId: deal.id, symbol: deal.symbol, side: 'buy', type: 'limit', price: level.price, amount: level.amount, createdAt: at }));
    resting += 1;
  }
  return orders;
}

/** An open DCA deal waits for a cancel: its safety buys once the take profit filled, or its stale take profit. */
export function dcaCancelDue(deal: Deal): boolean {
  if (takeProfitFilled(deal)) return deal.workingSafetyOrders.length > 0;
  return takeProfitStale(deal) && deal.workingSells.length > 0;
}
