import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dealToSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import { dec, ZERO } from '../../../src/domain/shared/decimal.js';
import { loadConfigFile } from '../../../src/infrastructure/config/config.loader.js';
import { CandleStore } from '../../../src/infrastructure/market-data/candle-store/candle-store.js';
import { composePaperSession } from '../../../src/main.js';
import { dealbotOutput, EXAMPLE_BACKTEST_CONFIG } from '../../support/cli.js';
import { marketDataPath } from '../../support/market-data.js';

interface DealJson {
  id: string;
  symbol: string;
  status: string;
  pnl: string | null;
  orders: { side: string; fills: { price: string; amount: string; fee: string }[] }[];
}

describe('backtest on the real candles', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dealbot-bt-'));
  dealbotOutput(['data', 'import', marketDataPath('ETH_BTC-5m.json'), '--data-dir', dataDir]);
  dealbotOutput(['data', 'import', marketDataPath('ADA_BTC-5m.json'), '--data-dir', dataDir]);
  const exportDir = join(dataDir, 'export');
  const report = JSON.parse(dealbotOutput(['backtest', '-c', EXAMPLE_BACKTEST_CONFIG, '--data-dir', dataDir, '--json', '--export', exportDir]));
  const deals = report.deals as DealJson[];
  const metrics = report.metrics;

  it('trades, and its totals agree with an independent sum over the exported deals', () => {
    expect(deals.length).toBeGreaterThan(10);
    const closed = deals.filter((d) => d.status === 'closed');
    // PnL recomputed from the fills alone: sell value - buy value - fees
    const value = (d: DealJson, side: string) => d.orders.filter((o) => o.side === side).flatMap((o) => o.fills).reduce((s, f) => s.plus(dec(f.price).times(dec(f.amount))), ZERO);
    const fees = (d: DealJson) => d.orders.flatMap((o) => o.fills).reduce((s, f) => s.plus(dec(f.fee)), ZERO);
    for (const d of closed) expect(d.pnl).toBe(value(d, 'sell').minus(value(d, 'buy')).minus(fees(d)).toString());
    const total = closed.reduce((s, d) => s.plus(dec(d.pnl as string)), ZERO);
    expect(metrics.pnl).toBe(total.toString());
    expect(metrics.trades).toBe(closed.length);
    const wins = closed.filter((d) => dec(d.pnl as string).gt(0)).length;
    expect(metrics.wins).toBe(wins);
    expect(metrics.winRate).toBeCloseTo(wins / closed.length, 12);
    expect(metrics.fees).toBe(deals.reduce((s, d) => s.plus(fees(d)), ZERO).toString());
    for (const symbol of ['ETH/BTC', 'ADA/BTC']) {
      const pair = metrics.pairs.find((p: { symbol: string }) => p.symbol === symbol);
      expect(pair.pnl).toBe(closed.filter((d) => d.symbol === symbol).reduce((s, d) => s.plus(dec(d.pnl as string)), ZERO).toString());
    }
    // the quote balance moved by exactly the closed PnL, less what the working deals hold
    const working = deals.filter((d) => d.status !== 'closed' && d.status !== 'cancelled');
    const heldCost = working.reduce((s, d) => s.plus(value(d, 'buy')).minus(value(d, 'sell')).plus(fees(d)), ZERO);
    expect(dec(metrics.finalBalances.BTC.total).toString()).toBe(dec(1).plus(total).minus(heldCost).toString());
  });

  it('reports the max drawdown of its exported equity curve', () => {
    const rows = readFileSync(join(exportDir, 'equity.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    let peak = -Infinity;
    let peakTime = '';
    let worst = { amount: 0, peak: '', trough: '' };
    for (const [time, , equity] of rows as [string, string, string][]) {
      const value = Number(equity);
      if (value > peak) {
        peak = value;
        peakTime = time;
      }
      if (peak - value > worst.amount) worst = { amount: peak - value, peak: peakTime, trough: time };
    }
    expect(metrics.maxDrawdown.amount).toBeCloseTo(worst.amount, 9);
    expect(metrics.maxDrawdown.peak).toBe(worst.peak);
    expect(metrics.maxDrawdown.trough).toBe(worst.trough);
    expect(readFileSync(join(exportDir, 'deals.csv'), 'utf8').trim().split('\n')).toHaveLength(deals.length + 1);
  });

  it('gives the same deals, orders, fills and PnL as paper trading the same candles (parity)', async () => {
    const config = { ...loadConfigFile(EXAMPLE_BACKTEST_CONFIG), database: 'sqlite::memory:' };
    const series = await new CandleStore(dataDir).readMany(['ETH/BTC', 'ADA/BTC'], '5m');
    const session = await composePaperSession(config, { publish: async () => {} }, series, 'bt');
    await session.loop.run();
    const paper = (await session.readDeals()).map(dealToSnapshot);
    await session.close();
    expect(JSON.parse(JSON.stringify(paper))).toEqual(deals);
  });
});
