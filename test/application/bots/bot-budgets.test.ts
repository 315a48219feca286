import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/application/backtest/backtest-runner.js';
import type { Deal } from '../../../src/domain/deal/deal.entity.js';
import type { DomainEvent } from '../../../src/domain/events.js';
import { dec, ONE, ZERO, type Decimal } from '../../../src/domain/shared/decimal.js';
import { parseEventEnvelope } from '../../../src/infrastructure/events/contract/index.js';
import { toEnvelope } from '../../../src/infrastructure/events/event-envelope.js';
import { configSchema } from '../../../src/infrastructure/config/config.schema.js';
import { columnsFromCandles } from '../../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { SimulatedCandleGenerator } from '../../../src/infrastructure/market-data/simulated-candle.generator.js';
import { composeBacktest } from '../../../src/main/backtest.js';

const STEP = 60_000;
const START = Date.UTC(2024, 0, 1);
const QUIET: [number, number, number, number] = [101, 101.2, 100.8, 101];
const MARKET = { priceStep: '0.01', amountStep: '0.00001', minCost: '1' };
const FEE = '0.001';

/** 60 quiet candles, then three closes under 100.5 in a row (a signal each), no high reaching a sell. */
function falling(): ReturnType<typeof columnsFromCandles> {
  const rows: [number, number, number, number][] = [];
  for (let i = 0; i < 60; i += 1) rows.push(QUIET);
  rows.push([101, 101, 100, 100]);
  rows.push([100, 100.2, 99.5, 99.8]);
  rows.push([99.8, 99.9, 99.6, 99.7]);
  for (let i = 0; i < 5; i += 1) rows.push([99.7, 99.8, 99.6, 99.7]);
  return columnsFromCandles(rows.map(([open, high, low, close], i) => ({ openTime: START + i * STEP, open, high, low, close, volume: 10 })));
}

const pair = (symbol: string) => ({ symbol, dealQuota: '100', profitMarkup: '0.02', dealCount: 3, orderLifeTime: 3600, paperMarket: MARKET });

async function twoBots(budgetOfA: string) {
  const config = configSchema.parse({
    market: { source: 'stored' },
    windowSize: 50,
    strategy: { rule: 'close < 100.5' },
    paper: { balances: { USDT: '10000' }, makerFee: FEE, takerFee: FEE },
    bots: [
      { name: 'a', budget: { USDT: budgetOfA }, pairs: [pair('AAA/USDT')] },
      { name: 'b', budget: { USDT: '1000' }, pairs: [pair('BBB/USDT')] },
    ],
  });
  const result = await runBacktest(composeBacktest(config, { 'AAA/USDT': falling(), 'BBB/USDT': falling() }));
  return { deals: result.deals, free: result.finalBalances['USDT']?.free ?? ZERO };
}

describe('bot budgets', () => {
  it("a bot whose budget is held by its working deal opens no more while the account has money; the other bot opens on the same signals", async () => {
    const { deals, free } = await twoBots('150');
    const of = (bot: string) => deals.filter((d) => d.bot === bot);
    expect(of('a').map((d) => [d.symbol, d.buyOrder.price?.toString()])).toEqual([['AAA/USDT', '100']]);
    expect(of('b').map((d) => [d.symbol, d.buyOrder.price?.toString()])).toEqual([
      ['BBB/USDT', '100'],
      ['BBB/USDT', '99.8'],
      ['BBB/USDT', '99.7'],
    ]);
    expect(free.gt(9000)).toBe(true);
  });

  it('with room in its budget the same bot opens on each signal (the budget alone stopped it)', async () => {
    const { deals } = await twoBots('1000');
    expect(deals.filter((d) => d.bot === 'a').length).toBe(3);
  });

  it('deal events of a named bot carry its name; the bot of each deal is its pair\'s', async () => {
    const config = configSchema.parse({
      market: { source: 'stored' },
      windowSize: 50,
      strategy: { rule: 'close < 100.5' },
      paper: { balances: { USDT: '10000' }, makerFee: FEE, takerFee: FEE },
      bots: [{ name: 'solo', budget: { USDT: '500' }, pairs: [pair('AAA/USDT')] }],
    });
    const setup = composeBacktest(config, { 'AAA/USDT': falling() });
    const events: DomainEvent[] = [];
    setup.events.subscribe((batch) => {
      events.push(...batch);
    });
    await runBacktest(setup);
    const dealEvents = events.filter((e) => e.type.startsWith('Deal'));
    expect(dealEvents.length).toBeGreaterThan(0);
    for (const event of dealEvents) expect((event as { bot?: string }).bot).toBe('solo');
    // the published contract takes the field: each envelope parses, its payload carrying the bot
    events.forEach((event, i) => {
      const envelope = parseEventEnvelope(toEnvelope({ sequence: i + 1, eventId: null, event }, 'dlb-'));
      if (event.type.startsWith('Deal')) expect(envelope.payload['bot']).toBe('solo');
    });
  });
});

interface BotDraw {
  readonly budget: number;
  readonly dealQuota: number;
  readonly dealCount: number;
  readonly dca: boolean;
  readonly pairs: number;
}

const botDraw = fc.record({ budget: fc.integer({ min: 60, max: 600 }), dealQuota: fc.integer({ min: 40, max: 150 }), dealCount: fc.integer({ min: 1, max: 3 }), dca: fc.boolean(), pairs: fc.integer({ min: 1, max: 2 }) });
const DCA = { baseOrder: '10', safetyOrder: '10', maxSafetyOrders: 2, deviation: '0.005', stepScale: '1', volumeScale: '1.5', takeProfit: '0.003' };
const RULES = ['close < sma(20)', 'rsi(14) < 45', 'crossover(macd, signal)'];

function market(seed: number, symbols: readonly string[], candles: number) {
  return Object.fromEntries(
    symbols.map((symbol, i) => {
      const generator = new SimulatedCandleGenerator({ symbol, startPrice: 50 + 17 * i, priceStep: 0.01 }, seed, 'forward');
      return [symbol, columnsFromCandles(Array.from({ length: candles }, (_, k) => generator.next(START + k * STEP)))];
    }),
  );
}

function botsConfig(draws: readonly BotDraw[], balance: string) {
  let n = 0;
  const bots = draws.map((draw, b) => ({
    name: `bot-${b}`,
    strategy: { rule: RULES[b % RULES.length] },
    dca: draw.dca ? DCA : null,
    budget: { USDT: String(draw.budget) },
    pairs: Array.from({ length: draw.pairs }, () => ({ symbol: `P${(n += 1)}/USDT`, dealQuota: String(draw.dealQuota), profitMarkup: '0.004', dealCount: draw.dealCount, orderLifeTime: 900, paperMarket: MARKET })),
  }));
  return { market: { source: 'stored' }, windowSize: 50, paper: { balances: { USDT: balance }, makerFee: FEE, takerFee: FEE }, bots };
}

/** What a deal reserves when it opens: its buy with the fee, or the DCA max budget with the fee. */
function reserveOf(event: Extract<DomainEvent, { type: 'DealOpened' }>, dca: boolean): Decimal {
  return (dca ? dec('30') : dec(event.price).times(event.amount)).times(ONE.plus(FEE));
}

const key = (d: Deal) => [d.symbol, d.createdAt, d.buyOrder.price?.toString(), d.buyOrder.amount.toString(), d.status, d.pnl?.toString() ?? null].join(' ');

describe('bot budgets over random markets (property)', () => {
  it('no bot ever holds more than its budget, and each bot trades as it would alone: never with another bot\'s money', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.array(botDraw, { minLength: 2, maxLength: 3 }), async (seed, draws) => {
        const raw = botsConfig(draws, '1000000');
        const symbols = raw.bots.flatMap((b) => b.pairs.map((p) => p.symbol));
        const series = market(seed, symbols, 400);
        const config = configSchema.parse(raw);
        const setup = composeBacktest(config, series);
        const held = new Map<string, Map<string, Decimal>>();
        setup.events.subscribe((batch) => {
          for (const event of batch) {
            if (!('dealId' in event) || !event.type.startsWith('Deal')) continue;
            const bot = (event as { bot?: string }).bot ?? 'default';
            const working = held.get(bot) ?? new Map<string, Decimal>();
            held.set(bot, working);
            if (event.type === 'DealOpened') {
              const draw = draws[Number(bot.slice(4))]!;
              working.set(event.dealId, reserveOf(event, draw.dca));
              const sum = [...working.values()].reduce((s, v) => s.plus(v), ZERO);
              expect(sum.lte(draw.budget), `${bot} holds ${sum.toString()} of ${draw.budget}`).toBe(true);
            } else if (event.type === 'DealClosed' || event.type === 'DealCancelled') working.delete(event.dealId);
          }
        });
        const together = (await runBacktest(setup)).deals;
        for (const [b, bot] of raw.bots.entries()) {
          const mine = together.filter((d) => d.bot === bot.name);
          expect(mine.every((d) => bot.pairs.some((p) => p.symbol === d.symbol))).toBe(true);
          const aloneConfig = configSchema.parse({ ...raw, bots: [raw.bots[b]] });
          const alone = (await runBacktest(composeBacktest(aloneConfig, Object.fromEntries(bot.pairs.map((p) => [p.symbol, series[p.symbol]!]))))).deals;
          expect(mine.map(key)).toEqual(alone.map(key));
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
