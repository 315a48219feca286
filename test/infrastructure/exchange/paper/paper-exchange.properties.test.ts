import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderRefusedError, DuplicateOrderError } from '../../../../src/domain/ports/exchange.errors.js';
import type { ExchangeOrder } from '../../../../src/domain/ports/exchange.port.js';
import type { Candle } from '../../../../src/domain/shared/candle.js';
import { dec, ONE, ZERO, type Decimal } from '../../../../src/domain/shared/decimal.js';
import type { MarketRules } from '../../../../src/domain/shared/market-rules.js';
import type { PaperExchange } from '../../../../src/infrastructure/exchange/paper/paper.exchange.js';
import { BTC_USDT, ETH_BTC, MINUTE, setup, stateText } from './paper.fixtures.js';

const INITIAL = { USDT: '5000', BTC: '0.5', ETH: '3' } as const;
const MARKETS = [
  { rules: BTC_USDT, priceTick: 0.01, priceTicks: [1_900_000, 2_100_000], amountTick: '0.0001', amountUnits: 3000 },
  { rules: ETH_BTC, priceTick: 0.000001, priceTicks: [50_000, 56_000], amountTick: '0.001', amountUnits: 1500 },
] as const;

const marketIndex = fc.integer({ min: 0, max: 1 });
const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('candle' as const), m: marketIndex, a: fc.nat(1000), b: fc.nat(1000), up: fc.nat(300), down: fc.nat(300), age: fc.constantFrom(0, 0, 0, 1, 2) }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('create' as const), m: marketIndex, side: fc.constantFrom('buy' as const, 'sell' as const), market: fc.boolean(), price: fc.nat(1000), units: fc.integer({ min: 1, max: 3000 }), id: fc.nat(40) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), m: marketIndex, id: fc.nat(40) }) },
);

const ticksToNumber = (ticks: number, tick: number): number => Number((ticks * tick).toFixed(6));

function makeCandle(m: (typeof MARKETS)[number], openTime: number, a: number, b: number, up: number, down: number): Candle {
  const [lo, hi] = m.priceTicks;
  const span = hi - lo;
  const open = lo + Math.floor((a / 1000) * span);
  const close = lo + Math.floor((b / 1000) * span);
  const scale = Math.max(1, Math.floor(span / 1000));
  const t = (x: number) => ticksToNumber(x, m.priceTick);
  return { openTime, open: t(open), close: t(close), high: t(Math.max(open, close) + up * scale), low: t(Math.min(open, close) - down * scale), volume: 1 };
}

function add(map: Map<string, Decimal>, currency: string, value: Decimal): void {
  map.set(currency, (map.get(currency) ?? ZERO).plus(value));
}

function rulesOf(order: ExchangeOrder): MarketRules {
  return order.symbol === BTC_USDT.symbol ? BTC_USDT : ETH_BTC;
}

/** Balances recomputed from the orders alone; must equal the exchange's to the last digit. */
function checkLedger(exchange: PaperExchange): void {
  const totals = new Map<string, Decimal>(Object.entries(INITIAL).map(([c, v]) => [c, dec(v)]));
  const used = new Map<string, Decimal>();
  for (const order of exchange.orders()) {
    const rules = rulesOf(order);
    const trades = order.trades ?? [];
    expect(trades.length).toBeLessThanOrEqual(1);
    expect(order.filled.lte(order.amount)).toBe(true);
    expect(order.status === 'closed').toBe(trades.length === 1 && order.filled.eq(order.amount));
    for (const trade of trades) {
      expect(trade.timestamp).toBeGreaterThanOrEqual(order.timestamp);
      const value = trade.price.times(trade.amount);
      expect(trade.fee.eq(value.times(order.type === 'limit' ? rules.makerFee : rules.takerFee))).toBe(true);
      if (order.side === 'buy') {
        add(totals, rules.base, trade.amount);
        add(totals, rules.quote, value.plus(trade.fee).neg());
      } else {
        add(totals, rules.base, trade.amount.neg());
        add(totals, rules.quote, value.minus(trade.fee));
      }
    }
    if (order.status === 'open') {
      if (order.side === 'buy') add(used, rules.quote, order.price!.times(order.amount).times(ONE.plus(rules.makerFee)));
      else add(used, rules.base, order.amount);
    }
  }
  const balances = exchange.balances();
  for (const [currency, balance] of Object.entries(balances)) {
    expect(balance.free.gte(0), `${currency} free ${balance.free.toString()}`).toBe(true);
    expect(balance.total.toString(), `${currency} total`).toBe((totals.get(currency) ?? ZERO).toString());
    expect(balance.used.toString(), `${currency} used`).toBe((used.get(currency) ?? ZERO).toString());
    expect(balance.free.plus(balance.used).eq(balance.total)).toBe(true);
  }
}

const seen = { fills: 0, tooEarly: 0, refusals: 0 };

/** The fill rule, checked order by order against the candle just matched. */
function checkMatch(before: readonly ExchangeOrder[], after: readonly ExchangeOrder[], symbol: string, candle: Candle): void {
  after.forEach((now, i) => {
    const was = before[i];
    if (was === undefined || was.status !== 'open') {
      if (was !== undefined) expect(JSON.stringify(now)).toBe(JSON.stringify(was));
      return;
    }
    const eligible = now.symbol === symbol && candle.openTime >= was.timestamp;
    const price = was.price === null ? null : Number(was.price.toString());
    const crosses = was.type === 'market' || (was.side === 'buy' ? candle.low <= price! : candle.high >= price!);
    expect(now.status, `${now.clientOrderId} on ${JSON.stringify(candle)}`).toBe(eligible && crosses ? 'closed' : 'open');
    if (now.symbol === symbol && crosses && !eligible) seen.tooEarly += 1;
    if (now.status === 'closed') {
      const trade = now.trades![0]!;
      seen.fills += 1;
      expect(trade.timestamp).toBe(candle.openTime);
      expect(trade.price.eq(was.type === 'market' ? dec(candle.open) : was.price!)).toBe(true);
    }
  });
}

describe('PaperExchange properties', () => {
  it('keeps exact books over random orders and candles', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 60, size: 'medium' }), async (ops) => {
        const { clock, exchange } = setup({ ...INITIAL });
        for (const step of ops) {
          const m = MARKETS[step.m]!;
          if (step.kind === 'candle') {
            const now = clock.now();
            const candle = makeCandle(m, now - step.age * MINUTE, step.a, step.b, step.up, step.down);
            if (step.age === 0) clock.set(now + MINUTE);
            const before = exchange.orders();
            exchange.onCandle(m.rules.symbol, candle);
            checkMatch(before, exchange.orders(), m.rules.symbol, candle);
          } else {
            const snapshot = stateText(exchange);
            const clientOrderId = `o${step.id}`;
            try {
              if (step.kind === 'cancel') {
                await exchange.cancelOrder(m.rules.symbol, clientOrderId);
              } else {
                const amount = dec(m.amountTick).times(1 + (step.units % m.amountUnits));
                const ticks = m.priceTicks[0] + Math.floor((step.price / 1000) * (m.priceTicks[1] - m.priceTicks[0]));
                const price = step.market ? null : dec(m.priceTick).times(ticks);
                const type = step.market ? 'market' : 'limit';
                await exchange.createOrder({ clientOrderId, symbol: m.rules.symbol, side: step.side, type, amount, price });
              }
            } catch (error) {
              expect(error instanceof OrderRefusedError || error instanceof DuplicateOrderError).toBe(true);
              expect(stateText(exchange)).toBe(snapshot);
              seen.refusals += 1;
            }
          }
          checkLedger(exchange);
        }
      }),
      { numRuns: 150 },
    );
    expect(seen.fills).toBeGreaterThan(300);
    expect(seen.tooEarly).toBeGreaterThan(30);
    expect(seen.refusals).toBeGreaterThan(100);
  });
});
