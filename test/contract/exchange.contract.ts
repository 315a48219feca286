import { describe, expect, it } from 'vitest';
import { DuplicateOrderError, OrderRefusedError } from '../../src/domain/ports/exchange.errors.js';
import type { Exchange, OrderRequest } from '../../src/domain/ports/exchange.port.js';
import type { Candle } from '../../src/domain/shared/candle.js';
import { maxDecimal, roundUpToStep, ZERO, type Decimal } from '../../src/domain/shared/decimal.js';
import type { MarketRules } from '../../src/domain/shared/market-rules.js';

export interface ExchangeContractSubject {
  readonly exchange: Exchange;
  /** Makes the exchange see one closed candle of `symbol` (a paper exchange matches it; a test double replays it). */
  fill(symbol: string, candle: Candle): Promise<void>;
}

interface Plan {
  readonly market: MarketRules;
  readonly price: Decimal;
  readonly amount: Decimal;
  readonly freeQuote: Decimal;
}

/**
 * The smallest limit buy the market's rules allow, on the first market whose quote the
 * account holds. The subject must fund it, and it must rest until `fill` crosses it.
 */
async function planBuy(exchange: Exchange): Promise<Plan> {
  const markets = await exchange.loadMarkets();
  const balances = await exchange.fetchBalance();
  for (const market of markets) {
    const freeQuote = balances[market.quote]?.free;
    if (freeQuote === undefined || freeQuote.lte(0)) continue;
    const amount = roundUpToStep(maxDecimal(market.minAmount, market.amountStep), market.amountStep);
    const price = roundUpToStep(maxDecimal(market.priceStep, market.minCost.div(amount)), market.priceStep);
    return { market, price, amount, freeQuote };
  }
  throw new Error('exchange contract: no market whose quote currency has a free balance');
}

const newRun = (): string => `ct${Date.now().toString(36)}`;

function buy(plan: Plan, clientOrderId: string, amount: Decimal = plan.amount): OrderRequest {
  return { clientOrderId, symbol: plan.market.symbol, side: 'buy', type: 'limit', amount, price: plan.price };
}

export interface ExchangeContractOptions {
  /** The adapter says `supportsStopPrice`: its stop-price sells are checked too. */
  readonly stopPrices?: boolean;
}

/** Behaviour every Exchange adapter must show. Each test builds a fresh subject. */
export function describeExchangeContract(name: string, make: () => Promise<ExchangeContractSubject>, options: ExchangeContractOptions = {}): void {
  describe(`Exchange contract: ${name}`, () => {
    if (options.stopPrices === true) it('rests a sell with a limit and a stop as one order, and sells at or below the stop once a candle trades through it', async () => {
      const { exchange, fill } = await make();
      expect(exchange.supportsStopPrice).toBe(true);
      const plan = await planBuy(exchange);
      const run = newRun();
      const bought = await exchange.createOrder(buy(plan, `${run}-b1`));
      const p = Number(plan.price.toString());
      await fill(plan.market.symbol, { openTime: bought.timestamp, open: p, high: p, low: p * 0.99, close: p, volume: 10 });
      const limit = roundUpToStep(plan.price.times(2), plan.market.priceStep);
      const stop = roundUpToStep(plan.price.times('0.5'), plan.market.priceStep);
      const id = `${run}-s1`;
      const created = await exchange.createOrder({ clientOrderId: id, symbol: plan.market.symbol, side: 'sell', type: 'limit', amount: plan.amount, price: limit, stopPrice: stop });
      expect(created.stopPrice?.eq(stop)).toBe(true);
      expect((await exchange.fetchOpenOrders(plan.market.symbol)).filter((o) => o.clientOrderId === id)).toHaveLength(1);
      const s = Number(stop.toString());
      await fill(plan.market.symbol, { openTime: created.timestamp, open: s * 1.2, high: Number(limit.toString()) * 1.1, low: s * 0.9, close: s, volume: 10 });
      const sold = await exchange.fetchOrder(plan.market.symbol, id);
      expect(sold?.status).toBe('closed');
      expect(sold?.filled.eq(plan.amount)).toBe(true);
      for (const trade of sold?.trades ?? []) expect(trade.price.lte(stop)).toBe(true);
    });

    it('creates a limit buy that rests open under its clientOrderId', async () => {
      const { exchange } = await make();
      const plan = await planBuy(exchange);
      const id = `${newRun()}-b1`;
      const order = await exchange.createOrder(buy(plan, id));
      expect(order.clientOrderId).toBe(id);
      expect(order.exchangeOrderId).toEqual(expect.any(String));
      expect(order.symbol).toBe(plan.market.symbol);
      expect([order.side, order.type, order.status]).toEqual(['buy', 'limit', 'open']);
      expect(order.amount.eq(plan.amount)).toBe(true);
      expect(order.price?.eq(plan.price)).toBe(true);
      expect(order.filled.eq(0)).toBe(true);
      const open = await exchange.fetchOpenOrders(plan.market.symbol);
      expect(open.map((o) => o.clientOrderId)).toContain(id);
    });

    it('fetches an order by clientOrderId', async () => {
      const { exchange } = await make();
      const plan = await planBuy(exchange);
      const id = `${newRun()}-b1`;
      const created = await exchange.createOrder(buy(plan, id));
      const fetched = await exchange.fetchOrder(plan.market.symbol, id);
      expect(fetched?.clientOrderId).toBe(id);
      expect(fetched?.exchangeOrderId).toBe(created.exchangeOrderId);
      expect(fetched?.status).toBe('open');
    });

    it('answers null for an unknown clientOrderId', async () => {
      const { exchange } = await make();
      const plan = await planBuy(exchange);
      expect(await exchange.fetchOrder(plan.market.symbol, `${newRun()}-none`)).toBeNull();
    });

    it('refuses a second order with the same clientOrderId as a duplicate', async () => {
      const { exchange } = await make();
      const plan = await planBuy(exchange);
      const id = `${newRun()}-b1`;
      await exchange.createOrder(buy(plan, id));
      const error = await exchange.createOrder(buy(plan, id)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DuplicateOrderError);
      expect((error as DuplicateOrderError).clientOrderId).toBe(id);
      const same = (await exchange.fetchOpenOrders(plan.market.symbol)).filter((o) => o.clientOrderId === id);
      expect(same).toHaveLength(1);
    });

    it('cancels a resting order: canceled, and no longer open', async () => {
      const { exchange } = await make();
      const plan = await planBuy(exchange);
      const id = `${newRun()}-b1`;
      await exchange.createOrder(buy(plan, id));
      const canceled = await exchange.cancelOrder(plan.market.symbol, id);
      expect(canceled.clientOrderId).toBe(id);
      expect(canceled.status).toBe('canceled');
      expect((await exchange.fetchOpenOrders(plan.market.symbol)).map((o) => o.clientOrderId)).not.toContain(id);
      expect((await exchange.fetchOrder(plan.market.symbol, id))?.status).toBe('canceled');
    });

    it('fills a buy on a later candle that crosses its price, and reports the trades', async () => {
      const { exchange, fill } = await make();
      const plan = await planBuy(exchange);
      const id = `${newRun()}-b1`;
      const created = await exchange.createOrder(buy(plan, id));
      const p = Number(plan.price.toString());
      await fill(plan.market.symbol, { openTime: created.timestamp, open: p * 1.01, high: p * 1.02, low: p * 0.98, close: p, volume: 10 });
      const order = await exchange.fetchOrder(plan.market.symbol, id);
      expect(order?.status).toBe('closed');
      expect(order?.filled.eq(plan.amount)).toBe(true);
      expect(order?.cost.gt(0)).toBe(true);
      const trades = order?.trades ?? [];
      expect(trades.length).toBeGreaterThan(0);
      for (const trade of trades) expect(trade.id).toMatch(/\S/);
      expect(new Set(trades.map((t) => t.id)).size).toBe(trades.length);
      expect(trades.reduce((sum, t) => sum.plus(t.amount), ZERO).eq(plan.amount)).toBe(true);
      expect((await exchange.fetchOpenOrders(plan.market.symbol)).map((o) => o.clientOrderId)).not.toContain(id);
    });

    it('refuses a buy larger than the free quote balance as insufficient funds', async () => {
      const { exchange } = await make();
      const plan = await planBuy(exchange);
      const tooMuch = roundUpToStep(plan.freeQuote.div(plan.price).times(2).plus(plan.amount), plan.market.amountStep);
      const id = `${newRun()}-b1`;
      const error = await exchange.createOrder(buy(plan, id, tooMuch)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OrderRefusedError);
      expect((error as OrderRefusedError).reason).toBe('insufficient_funds');
      expect(await exchange.fetchOrder(plan.market.symbol, id)).toBeNull();
    });
  });
}
