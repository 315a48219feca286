import type { Deal } from '../../domain/deal/deal.entity.js';
import type { ExchangeOrder } from '../../domain/ports/exchange.port.js';
import type { DealAction } from '../../domain/services/trading.service.js';
import { eachBounded, orderConcurrency } from '../shared/bounded-work.js';
import { runActions } from '../shared/order-submitter.js';
import type { TradingContext } from '../shared/trading-context.js';
import { applyOrderUpdate, needsCheck, updateDeal } from '../update-deals/update-deals.use-case.js';
import type { PairState } from './pair-state.js';
import { NONE, type TickReading } from './tick-reading.js';

/** Step 0's outcome: the deals the exchange's pushed updates changed, in memory, and the orders each now owes the exchange. */
export interface PushedNews {
  /** Changed deals, in the order of their first update: stored with the tick's commit. */
  readonly deals: readonly Deal[];
  /** Per changed deal, its orders to send (stored `new` with the deal), in order: sent in step 2. */
  readonly owed: ReadonlyMap<Deal, readonly DealAction[]>;
  /** The pairs of the changed deals. */
  readonly pairs: ReadonlySet<PairState>;
}

/** The news of no updates, shared: most ticks bring none. */
const NO_NEWS: PushedNews = { deals: NONE, owed: new Map(), pairs: new Set() };

/** Step 0: the exchange's pushed order updates applied to their deals, in memory; nothing is stored or sent. */
export function applyPushedUpdates(ctx: TradingContext, states: ReadonlyMap<string, PairState>, updates: readonly ExchangeOrder[] | undefined): PushedNews {
  if (updates === undefined || updates.length === 0) return NO_NEWS;
  const news = { deals: [] as Deal[], owed: new Map<Deal, DealAction[]>(), pairs: new Set<PairState>() };
  for (const update of updates) {
    const state = states.get(update.symbol);
    const deal = state?.deals.find((d) => d.order(update.clientOrderId) !== undefined);
    if (state === undefined || deal === undefined) continue;
    const actions = applyOrderUpdate(ctx, deal, update);
    const owed = news.owed.get(deal);
    if (owed === undefined) {
      news.deals.push(deal);
      news.owed.set(deal, actions);
    } else owed.push(...actions);
    news.pairs.add(state);
  }
  return news;
}

/** Could step 2 act on this reading: deals to poll where nothing is pushed, pushed updates, or a check due by `nextCheck`? */
export function anyDealToUpdate(ctx: TradingContext, states: readonly PairState[], { updates, at }: TickReading, nextCheck: number): boolean {
  if (updates === undefined) return states.some((state) => state.deals.length > 0);
  if (updates.length > 0) return true;
  return at >= nextCheck && states.some((state) => state.deals.some((deal) => needsCheck(ctx, deal, at)));
}

/**
 * The working deals step 2 looks at, taken before step 1 adds new ones: every deal of every
 * pair when the exchange pushes nothing (`updates` undefined) or a check is due (`due`), else
 * those of the pairs that had news.
 */
export function dealsToLookAt(states: readonly PairState[], news: PushedNews, due: boolean): Deal[] {
  const deals: Deal[] = [];
  for (const state of states) if (due || news.pairs.has(state)) for (const deal of state.deals) if (!deal.isFinal || (news.owed.get(deal)?.length ?? 0) > 0) deals.push(deal);
  return deals;
}

/**
 * Step 2: each deal's owed orders sent, then the deal brought up to date with the exchange
 * where it needs asking (every deal where the exchange pushes nothing): concurrently across
 * deals, at most the exchange's order concurrency at once, strictly in order within a deal.
 * Returns the deals that changed, in the order given.
 */
export async function updateDeals(ctx: TradingContext, deals: readonly Deal[], news: PushedNews, polled: boolean, at: number): Promise<readonly Deal[]> {
  const changed = new Set<Deal>();
  await eachBounded(deals, orderConcurrency(ctx.exchange), async (deal) => {
    const owed = news.owed.get(deal);
    if (owed !== undefined && owed.length > 0) await runActions(ctx, deal, owed);
    if (deal.isFinal || !(polled || needsCheck(ctx, deal, at))) return;
    if (await updateDeal(ctx, deal)) changed.add(deal);
  });
  return deals.filter((deal) => changed.has(deal));
}
