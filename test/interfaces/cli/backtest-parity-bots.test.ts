import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dealToSnapshot, type DealSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import { loadConfigFile } from '../../../src/infrastructure/config/config.loader.js';
import { CandleStore } from '../../../src/infrastructure/market-data/candle-store/candle-store.js';
import { SimulatedCandleGenerator } from '../../../src/infrastructure/market-data/simulated-candle.generator.js';
import { composePaperSession } from '../../../src/main.js';
import { dealbotOutput } from '../../support/cli.js';

const STEP = 5 * 60_000;
const START = Date.UTC(2024, 0, 1);
const PAIRS = { 'BTC/USDT': 100, 'ETH/USDT': 50, 'SOL/USDT': 20, 'XRP/USDT': 10 } as const;

function candles(symbol: string, startPrice: number): number[][] {
  const generator = new SimulatedCandleGenerator({ symbol, startPrice, priceStep: 0.01 }, 11, 'forward');
  return Array.from({ length: 1500 }, (_, i) => {
    const c = generator.next(START + i * STEP);
    return [c.openTime, c.open, c.high, c.low, c.close, c.volume];
  });
}

const market = `paperMarket: { priceStep: "0.01", amountStep: "0.0001", minAmount: "0.0001", minCost: "1" }`;
/** A DCA bot on one pair, an RSI/MACD bot on two, a rule bot on one; each budget holds fewer deals than its pairs' dealCount allow. */
const config = (scale: number) => `timeframe: 5m
windowSize: 50
database: "sqlite::memory:"
strategy: { rsiBuyBelow: 60, rsiSellAbove: 40 }
paper:
  balances: { USDT: "100000" }
  makerFee: "0.001"
  takerFee: "0.001"
market:
  source: stored
bots:
  - name: dca
    strategy: { rule: "close < sma(20)" }
    dca: { baseOrder: "10", safetyOrder: "20", maxSafetyOrders: 3, deviation: "0.005", stepScale: "1.5", volumeScale: "2", takeProfit: "0.004" }
    budget: { USDT: "${200 * scale}" }
    pairs:
      - { symbol: BTC/USDT, dealQuota: "150", profitMarkup: "0.01", dealCount: 3, orderLifeTime: 3600, ${market} }
  - name: rsi-macd
    budget: { USDT: "${150 * scale}" }
    pairs:
      - { symbol: ETH/USDT, dealQuota: "100", profitMarkup: "0.004", dealCount: 2, orderLifeTime: 3600, ${market} }
      - { symbol: SOL/USDT, dealQuota: "100", profitMarkup: "0.004", dealCount: 2, orderLifeTime: 3600, ${market} }
  - name: rule
    strategy: { rule: "rsi(14) < 45" }
    budget: { USDT: "${250 * scale}" }
    pairs:
      - { symbol: XRP/USDT, dealQuota: "100", profitMarkup: "0.004", dealCount: 3, orderLifeTime: 3600, ${market} }
`;

interface Report {
  deals: (DealSnapshot & { bot?: string })[];
  metrics: { bots?: { bot: string; budget: Record<string, string>; deals: number; pnl: string }[]; deals: number };
}

/** The most deals of `bot` working at once: from each deal's open to its end. */
function mostAtOnce(deals: readonly Report['deals'][number][], bot: string): number {
  const mine = deals.filter((d) => d.bot === bot);
  return Math.max(0, ...mine.map((d) => mine.filter((o) => o.createdAt <= d.createdAt && (o.closedAt === null || o.closedAt > d.createdAt)).length));
}

describe('three bots: `dealbot backtest` and the replay paper loop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-bots-parity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  for (const [symbol, price] of Object.entries(PAIRS)) {
    const file = join(dir, `${symbol.replace('/', '_')}-5m.json`);
    writeFileSync(file, JSON.stringify(candles(symbol, price)));
    dealbotOutput(['data', 'import', file, '--data-dir', dataDir]);
  }
  writeFileSync(join(dir, 'bots.yaml'), config(1));
  writeFileSync(join(dir, 'roomy.yaml'), config(100));
  const backtest = (file: string) => JSON.parse(dealbotOutput(['backtest', '-c', join(dir, file), '--data-dir', dataDir, '--json', '--no-progress'])) as Report;
  const report = backtest('bots.yaml');

  it('each bot trades its own pairs within its budget, and the summary has a line per bot', () => {
    const bots = report.metrics.bots ?? [];
    expect(bots.map((b) => [b.bot, b.budget])).toEqual([
      ['dca', { USDT: '200' }],
      ['rsi-macd', { USDT: '150' }],
      ['rule', { USDT: '250' }],
    ]);
    for (const line of bots) expect(line.deals, line.bot).toBeGreaterThan(0);
    expect(bots.reduce((n, b) => n + b.deals, 0)).toBe(report.metrics.deals);
    const owner: Record<string, string> = { 'BTC/USDT': 'dca', 'ETH/USDT': 'rsi-macd', 'SOL/USDT': 'rsi-macd', 'XRP/USDT': 'rule' };
    for (const deal of report.deals) expect(deal.bot, deal.id).toBe(owner[deal.symbol]);
    const ids = report.deals.flatMap((d) => d.orders.map((o) => o.clientOrderId));
    expect(new Set(ids).size).toBe(ids.length);
    // one DCA deal (150.15 with the fee) in 200, one 100 deal in 150, two in 250
    expect(mostAtOnce(report.deals, 'dca')).toBe(1);
    expect(mostAtOnce(report.deals, 'rsi-macd')).toBe(1);
    expect(mostAtOnce(report.deals, 'rule')).toBeLessThanOrEqual(2);
  });

  it('the budgets bind: with room, the same signals hold more deals at once', () => {
    const roomy = backtest('roomy.yaml');
    expect(['dca', 'rsi-macd', 'rule'].some((bot) => mostAtOnce(roomy.deals, bot) > mostAtOnce(report.deals, bot))).toBe(true);
    expect(roomy.deals.length).toBeGreaterThan(report.deals.length);
  });

  it('gives the same deals, orders, fills and bots as paper trading the same candles', async () => {
    const loaded = { ...loadConfigFile(join(dir, 'bots.yaml')), database: 'sqlite::memory:' };
    const series = await new CandleStore(dataDir).readMany(Object.keys(PAIRS), '5m');
    const session = await composePaperSession(loaded, { publish: async () => {} }, series, 'bt');
    await session.loop.run();
    const paper = (await session.readDeals()).map(dealToSnapshot);
    await session.close();
    expect(paper.length).toBe(report.deals.length);
    expect(JSON.parse(JSON.stringify(paper))).toEqual(report.deals);
  });
});
