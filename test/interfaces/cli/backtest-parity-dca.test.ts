import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dealToSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import { loadConfigFile } from '../../../src/infrastructure/config/config.loader.js';
import { CandleStore } from '../../../src/infrastructure/market-data/candle-store/candle-store.js';
import { composePaperSession } from '../../../src/main.js';
import { dealbotOutput } from '../../support/cli.js';

interface DealJson {
  status: string;
  reason: string | null;
  orders: { clientOrderId: string; side: string; status: string; fills: unknown[] }[];
}

const STEP = 5 * 60_000;
const START = Date.UTC(2024, 0, 1);
const QUIET: [number, number, number, number] = [101, 101.2, 100.8, 101];

/**
 * Two DCA deals on one pair (dealCount 1). The first fills its base buy and three safety buys
 * and closes at the average's take profit; after a quiet spell the second fills its base buy
 * and one safety buy, and is still working when the candles end.
 */
function candles(): number[][] {
  const rows: [number, number, number, number][] = [];
  for (let i = 0; i < 60; i += 1) rows.push(QUIET);
  rows.push([101, 101, 100, 100]); // signal: the base buy rests at 100
  rows.push([100, 100.2, 99.5, 99.8]); // base buy fills
  rows.push([99.8, 99.9, 98.9, 99.2]); // safety 1 at 99
  rows.push([99.2, 99.3, 97.4, 97.6]); // safety 2 at 97.5
  rows.push([97.6, 97.7, 95.2, 95.5]); // safety 3 at 95.25
  rows.push([95.5, 101, 95.4, 101]); // the take profit from the average fills
  for (let i = 0; i < 20; i += 1) rows.push(QUIET);
  rows.push([101, 101, 100, 100]); // signal again: a second base buy at 100
  rows.push([100, 100.2, 99.5, 99.8]); // base buy fills
  rows.push([99.8, 99.9, 98.9, 99.2]); // safety 1 at 99
  for (let i = 0; i < 5; i += 1) rows.push([99.2, 99.4, 99.1, 99.2]); // neither safety 2 nor the take profit
  return rows.map(([o, h, l, c], i) => [START + i * STEP, o, h, l, c, 10]);
}

const CONFIG = `timeframe: 5m
windowSize: 50
database: "sqlite::memory:"
strategy: { rule: "close < 100.5" }
paper:
  balances: { USDT: "1000" }
  makerFee: "0.001"
  takerFee: "0.001"
market:
  source: stored
dca: { baseOrder: "10", safetyOrder: "20", maxSafetyOrders: 3, maxActiveSafetyOrders: 2, deviation: "0.01", stepScale: "1.5", volumeScale: "2", takeProfit: "0.015" }
pairs:
  - symbol: BTC/USDT
    dealQuota: "150"
    profitMarkup: "0.01"
    dealCount: 1
    orderLifeTime: 3600
    paperMarket: { priceStep: "0.01", amountStep: "0.00001", minAmount: "0.00001", minCost: "1" }
`;

describe('DCA parity: the same config through `dealbot backtest` and the replay paper loop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-dca-parity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  writeFileSync(join(dir, 'BTC_USDT-5m.json'), JSON.stringify(candles()));
  writeFileSync(join(dir, 'dca.yaml'), CONFIG);
  dealbotOutput(['data', 'import', join(dir, 'BTC_USDT-5m.json'), '--data-dir', dataDir]);
  const report = JSON.parse(dealbotOutput(['backtest', '-c', join(dir, 'dca.yaml'), '--data-dir', dataDir, '--json'])) as { deals: DealJson[] };

  it('the backtest has a deal closed at the take profit after 3 safety fills and one still working with a safety fill', () => {
    const legs = (d: DealJson) => d.orders.map((o) => `${o.clientOrderId.replace(/^.*-/, '')}:${o.status}`);
    expect(report.deals.map((d) => [d.status, d.reason])).toEqual([
      ['closed', 'take_profit'],
      ['open', null],
    ]);
    const [first, second] = report.deals as [DealJson, DealJson];
    expect(legs(first).filter((l) => /^d\d+:closed$/.test(l))).toEqual(['d1:closed', 'd2:closed', 'd3:closed']);
    expect(legs(second)).toContain('d1:closed');
    expect(legs(second)).toContain('d2:open');
  });

  it('gives the same deals, orders, fills and PnL as paper trading the same candles', async () => {
    const config = { ...loadConfigFile(join(dir, 'dca.yaml')), database: 'sqlite::memory:' };
    const series = await new CandleStore(dataDir).readMany(['BTC/USDT'], '5m');
    const session = await composePaperSession(config, { publish: async () => {} }, series, 'bt');
    await session.loop.run();
    const paper = (await session.readDeals()).map(dealToSnapshot);
    await session.close();
    expect(paper.length).toBe(2);
    expect(JSON.parse(JSON.stringify(paper))).toEqual(report.deals);
  });
});
