import { describe, expect, it } from 'vitest';
import { findBlockingItems } from '../../../src/application/reconcile-orders/blocking-orders.js';
import { reconcileOrders } from '../../../src/application/reconcile-orders/reconcile-orders.use-case.js';
import { ResolutionRefusedError, resolveBlockingOrder } from '../../../src/application/reconcile-orders/resolve-order.use-case.js';
import type { TradingContext } from '../../../src/application/shared/trading-context.js';
import { InvalidTransitionError } from '../../../src/domain/shared/domain-error.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { PaperExchange } from '../../../src/infrastructure/exchange/paper/paper.exchange.js';
import { candle, paperHarness, ScriptedStrategy } from '../../support/paper-harness.js';

const BTC = { symbol: 'BTC/USDT', dealQuota: '100', profitMarkup: '0.01', dealCount: 2, orderLifeTime: 600 };

/** A deal whose buy rests on the paper exchange; then the exchange's account is lost (a fresh one): the buy is open here, unknown there. */
async function lostBuy(options: { partFill?: string } = {}) {
  const h = paperHarness({ pairs: [{ props: BTC }], balances: { USDT: '1000' }, strategy: new ScriptedStrategy({ 'BTC/USDT': [0] }), series: { 'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 100, l: 99.5 })] } });
  await h.loop.start();
  const ticks = h.feed.ticks(['BTC/USDT'], '1m')[Symbol.asyncIterator]();
  await h.loop.tick((await ticks.next()).value);
  const [deal] = await h.deals();
  const buy = deal!.buyOrder.clientOrderId;
  if (options.partFill !== undefined) {
    h.exchange.limitNextFill(buy, options.partFill);
    await h.loop.tick((await ticks.next()).value);
  }
  const fresh = new PaperExchange({ markets: [...h.ctx.pairs.values()].map((p) => p.market), balances: { USDT: '1000' }, clock: h.clock });
  const ctx: TradingContext = { ...h.ctx, exchange: fresh };
  return { h, ctx, fresh, dealId: deal!.id, buy };
}

describe('resolving what blocks trading (dealbot reconcile)', () => {
  it('lists an order open here that the exchange has no trace of, with the evidence; a resolution cancels it, the deal follows, the event carries the note, and the start is no longer blocked', async () => {
    const { h, ctx, dealId, buy } = await lostBuy();
    expect((await reconcileOrders(ctx)).unresolved).toEqual([`order ${buy} is open here but unknown to the exchange (dealbot reconcile lists it and takes a resolution)`]);
    const items = await findBlockingItems(ctx);
    expect(items).toEqual([
      { kind: 'missing', clientOrderId: buy, dealId, dealStatus: 'pending', symbol: 'BTC/USDT', side: 'buy', type: 'limit', localStatus: 'open', price: '100', amount: '1', filled: '0', createdAt: 60_000, updatedAt: 60_000, exchangeSaid: 'no such order' },
    ]);
    const before = h.events.length;
    const outcome = await resolveBlockingOrder(ctx, { clientOrderId: buy, resolution: 'canceled', note: 'account file lost' });
    expect(outcome).toMatchObject({ dealStatus: 'cancelled', queued: [] });
    const written = h.events.slice(before);
    expect(written.map((e) => e.type)).toEqual(['OrderResolvedByOperator', 'OrderCancelled', 'DealCancelled']);
    expect(written[0]).toEqual({ type: 'OrderResolvedByOperator', occurredAt: 60_000, orderId: buy, dealId, symbol: 'BTC/USDT', side: 'buy', resolution: 'canceled', note: 'account file lost', localStatus: 'open', exchangeSaid: 'no such order' });
    const [deal] = await h.deals();
    expect([deal!.status, deal!.buyOrder.status, deal!.buyOrder.reason]).toEqual(['cancelled', 'canceled', 'resolved by the operator (the exchange has no trace of it): account file lost']);
    expect(await findBlockingItems(ctx)).toEqual([]);
    expect((await reconcileOrders(ctx)).unresolved).toEqual([]);
  });

  it('a part-filled buy resolved as canceled keeps what it bought: the deal opens and its sell is stored new, for the next start to send', async () => {
    const { h, ctx, buy, dealId } = await lostBuy({ partFill: '0.4' });
    const outcome = await resolveBlockingOrder(ctx, { clientOrderId: buy, resolution: 'expired', note: null });
    expect(outcome).toMatchObject({ dealStatus: 'open', queued: [`dlb-${dealId}-s1`] });
    const [deal] = await h.deals();
    expect(deal!.sellOrders.map((o) => [o.clientOrderId, o.status, o.amount.toString()])).toEqual([[`dlb-${dealId}-s1`, 'new', '0.4']]);
    expect(deal!.buyOrder.status).toBe('expired');
  });

  it('goes through the transition table: a part-filled order cannot be rejected, and nothing is written', async () => {
    const { h, ctx, buy } = await lostBuy({ partFill: '0.4' });
    const before = h.events.length;
    await expect(resolveBlockingOrder(ctx, { clientOrderId: buy, resolution: 'rejected', note: null })).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(h.events.length).toBe(before);
    expect((await h.deals())[0]!.buyOrder.status).toBe('partially_filled');
  });

  it('refuses an unknown id, a final order and an order the exchange knows, writing nothing', async () => {
    const { h, ctx, buy } = await lostBuy();
    await resolveBlockingOrder(ctx, { clientOrderId: buy, resolution: 'canceled', note: null });
    const before = h.events.length;
    await expect(resolveBlockingOrder(ctx, { clientOrderId: buy, resolution: 'canceled', note: null })).rejects.toThrow(new ResolutionRefusedError(`order ${buy} is already canceled: nothing to resolve`));
    await expect(resolveBlockingOrder(ctx, { clientOrderId: 'dlb-nothing-b1', resolution: 'canceled', note: null })).rejects.toThrow("no order dlb-nothing-b1 here, nor open on the exchange with this bot's prefix dlb-");
    const known = await lostBuy();
    await expect(resolveBlockingOrder(known.h.ctx, { clientOrderId: known.buy, resolution: 'canceled', note: null })).rejects.toThrow(`the exchange knows order ${known.buy} (open, filled 0)`);
    expect(h.events.length).toBe(before);
  });

  it('an exchange order with the bot\'s prefix that no deal can own is listed, and can only be resolved as canceled, on the exchange', async () => {
    const h = paperHarness({ pairs: [{ props: BTC }], balances: { USDT: '1000', BTC: '1' }, strategy: new ScriptedStrategy({}), series: {} });
    await h.exchange.createOrder({ clientOrderId: 'dlb-lost02-s1', symbol: 'BTC/USDT', side: 'sell', type: 'limit', amount: dec('1'), price: dec('110') });
    expect(await findBlockingItems(h.ctx)).toEqual([
      { kind: 'stranger', clientOrderId: 'dlb-lost02-s1', symbol: 'BTC/USDT', side: 'sell', type: 'limit', exchangeStatus: 'open', price: '110', amount: '1', filled: '0', placedAt: 0, why: 'only a buy can start a recovered deal' },
    ]);
    await expect(resolveBlockingOrder(h.ctx, { clientOrderId: 'dlb-lost02-s1', resolution: 'rejected', note: null })).rejects.toThrow('it can only be resolved as canceled (cancelled on the exchange), not rejected');
    expect((await h.exchange.fetchOrder('BTC/USDT', 'dlb-lost02-s1'))?.status).toBe('open');
    const outcome = await resolveBlockingOrder(h.ctx, { clientOrderId: 'dlb-lost02-s1', resolution: 'canceled', note: 'placed by hand' });
    expect(outcome.event).toMatchObject({ type: 'OrderResolvedByOperator', dealId: 'lost02', localStatus: null, note: 'placed by hand', exchangeSaid: 'open, filled 0 of 1; after the cancel canceled, filled 0' });
    expect(h.events.at(-1)).toEqual(outcome.event);
    expect((await h.exchange.fetchOrder('BTC/USDT', 'dlb-lost02-s1'))?.status).toBe('canceled');
    expect(await findBlockingItems(h.ctx)).toEqual([]);
  });
});
