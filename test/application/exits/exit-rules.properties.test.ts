import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeAllDeals } from '../../../src/application/close-all-deals/close-all-deals.use-case.js';
import { pauseNewDeals } from '../../../src/application/pause-deals/pause-deals.use-case.js';
import type { Deal } from '../../../src/domain/deal/deal.entity.js';
import type { ExchangeOrder } from '../../../src/domain/ports/exchange.port.js';
import { EXIT_REASONS } from '../../../src/domain/services/exits/exit-reason.js';
import type { ExitRulesProps } from '../../../src/domain/currency-pair/exit-rules.js';
import { stopLossPrice } from '../../../src/domain/services/exits/stop-loss.rule.js';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { dec, ZERO, type Decimal } from '../../../src/domain/shared/decimal.js';
import { SimulatedCandleGenerator } from '../../../src/infrastructure/market-data/simulated-candle.generator.js';
import { ScriptedStrategy } from '../../support/paper-harness.js';
import { BTC, tradingHarness } from './exit-harness.js';

const SYMBOLS = ['BTC/USDT', 'SOL/USDT'] as const;
const CANDLES = 300;
const permille = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n / 1000));

const settings = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  gaps: fc.array(fc.record({ at: fc.integer({ min: 2, max: CANDLES - 1 }), drop: fc.integer({ min: 1, max: 80 }) }), { maxLength: 12 }),
  every: fc.integer({ min: 2, max: 25 }),
  markup: permille(2, 40),
  stopLoss: permille(5, 100),
  trailing: fc.option(fc.integer({ min: 5, max: 60 }).chain((a) => fc.record({ activation: fc.constant(String(a / 1000)), distance: permille(1, a) }))),
  ladder: fc.boolean(),
  timeExit: fc.option(fc.integer({ min: 3, max: 120 }).map((m) => ({ hours: m / 60 }))),
  panic: fc.option(fc.record({ drop: permille(20, 150), windowMinutes: fc.integer({ min: 3, max: 30 }), cooldownMinutes: fc.integer({ min: 0, max: 30 }) })),
  stopOrders: fc.boolean(),
  closeAllAt: fc.integer({ min: 40, max: CANDLES - 2 }),
});

/** A seeded 1m walk per pair, with some candles opening far below the last close (gaps). */
function market(seed: number, gaps: readonly { at: number; drop: number }[]): Record<string, Candle[]> {
  const series: Record<string, Candle[]> = {};
  for (const [i, symbol] of SYMBOLS.entries()) {
    const walk = new SimulatedCandleGenerator({ symbol, startPrice: i === 0 ? 100 : 20, priceStep: 0.01 }, seed, 'forward');
    const candles = Array.from({ length: CANDLES }, (_, m) => walk.next(m * 60_000));
    for (const { at, drop } of gaps) {
      const c = candles[at] as Candle;
      const open = Math.max(0.01, Math.round(c.open * (1 - drop / 1000) * 100) / 100);
      candles[at] = { ...c, open, low: Math.min(c.low, open), high: Math.max(c.high, open) };
    }
    series[symbol] = candles;
  }
  return series;
}

const sum = (values: readonly Decimal[]): Decimal => values.reduce((s, v) => s.plus(v), ZERO);

describe('exit rules over random markets and settings (property)', () => {
  it('bounds every loss by the stop loss plus gaps plus fees, never sells a deal twice, and leaves nothing open after close-all', async () => {
    const seen = { closed: 0, byRule: new Set<string>() };
    await fc.assert(
      fc.asyncProperty(settings, async (s) => {
        const exits: ExitRulesProps = {
          stopLoss: s.stopLoss,
          trailingStop: s.trailing,
          timeExit: s.timeExit,
          panicSell: s.panic,
          ...(s.ladder ? { takeProfit: { targets: [{ profit: s.markup, share: '0.5' }, { profit: String(Number(s.markup) * 2), share: '0.5' }] } } : {}),
        };
        const series = market(s.seed, s.gaps);
        const bullish = Array.from({ length: Math.floor(CANDLES / s.every) }, (_, k) => k * s.every * 60_000);
        const h = tradingHarness(
          Object.fromEntries(SYMBOLS.map((symbol) => [symbol, { ...BTC, dealQuota: '50', profitMarkup: s.markup, dealCount: 2, orderLifeTime: 300, exits }])),
          series,
          new ScriptedStrategy(Object.fromEntries(SYMBOLS.map((symbol) => [symbol, bullish]))),
          s.stopOrders,
        );
        let tick = 0;
        for await (const _ of h.ticks()) {
          tick += 1;
          if (tick === s.closeAllAt) {
            await h.loop.operate((desk) => pauseNewDeals(desk));
            await h.loop.operate((desk) => closeAllDeals(desk));
            await h.loop.operate((desk) => closeAllDeals(desk));
          }
          if (tick === s.closeAllAt + 1) {
            expect(await h.uow.run((r) => r.deals.getOpenDeals())).toEqual([]);
            expect(await h.exchange.fetchOpenOrders()).toEqual([]);
            break;
          }
          expect(h.exchange.balances().USDT?.free.gte(0)).toBe(true);
        }
        const trades = new Map<string, ExchangeOrder>(h.exchange.orders().map((o) => [o.clientOrderId, o]));
        const fills = (id: string) => trades.get(id)?.trades ?? [];
        for (const deal of await h.deals()) {
          const bought = sum(fills(deal.buyOrder.clientOrderId).map((t) => t.amount));
          const sold = sum(deal.sellOrders.flatMap((o) => fills(o.clientOrderId).map((t) => t.amount)));
          expect(sold.lte(bought)).toBe(true);
          if (deal.status !== 'closed') continue;
          expect(sold.eq(bought)).toBe(true);
          seen.closed += 1;
          seen.byRule.add(deal.reason ?? '');
          expect(Object.values(EXIT_REASONS)).toContain(deal.reason);
          checkLoss(deal, s.stopLoss, series[deal.symbol] as Candle[], fills);
        }
      }),
      { numRuns: 40 },
    );
    expect(seen.closed).toBeGreaterThan(100);
    for (const rule of ['stop_loss', 'close_all', 'profit_markup', 'take_profit']) expect(seen.byRule).toContain(rule);
  });
});

/**
 * loss <= stopLoss x cost + gap + fees, where a sell below the stop-loss price S counts its
 * distance to S as gap, and is allowed only at a candle's open (the market was already beyond
 * the stop when it could first sell). A sell its stop triggered fills at min(stop, open).
 */
function checkLoss(deal: Deal, stopLoss: string, candles: readonly Candle[], fills: (id: string) => readonly { price: Decimal; amount: Decimal; fee: Decimal; timestamp: number }[]): void {
  const openAt = (time: number) => dec((candles[time / 60_000] as Candle).open);
  const buys = fills(deal.buyOrder.clientOrderId);
  const cost = sum(buys.map((t) => t.price.times(t.amount)));
  const average = cost.div(sum(buys.map((t) => t.amount)));
  const stop = stopLossPrice(average, dec(stopLoss), dec('0.01'));
  let gap = ZERO;
  let fees = sum(buys.map((t) => t.fee));
  let proceeds = ZERO;
  for (const sell of deal.sellOrders) {
    for (const t of fills(sell.clientOrderId)) {
      proceeds = proceeds.plus(t.price.times(t.amount));
      fees = fees.plus(t.fee);
      if (sell.stopped) expect(t.price.toString()).toBe((openAt(t.timestamp).lt(sell.stopPrice as Decimal) ? openAt(t.timestamp) : (sell.stopPrice as Decimal)).toString());
      if (t.price.gte(stop)) continue;
      expect(t.price.toString()).toBe(openAt(t.timestamp).toString());
      gap = gap.plus(stop.minus(t.price).times(t.amount));
    }
  }
  const loss = cost.minus(proceeds).plus(fees);
  expect(deal.pnl?.toString()).toBe(proceeds.minus(cost).minus(fees).toString());
  expect(loss.lte(dec(stopLoss).times(cost).plus(gap).plus(fees))).toBe(true);
}
