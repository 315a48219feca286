import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dealToSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import { dec, ZERO } from '../../../src/domain/shared/decimal.js';
import { loadConfigFile } from '../../../src/infrastructure/config/config.loader.js';
import { CandleStore } from '../../../src/infrastructure/market-data/candle-store/candle-store.js';
import { composePaperSession } from '../../../src/main.js';
import { marketDataPath } from '../../support/market-data.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const CONFIG = join(ROOT, 'config/backtest.example.yaml');

function dealbot(args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
}

interface DealJson {
  id: string;
  symbol: string;
  status: string;
  pnl: string | null;
  orders: { side: string; fills: { price: string; amount: string; fee: string }[] }[];
}

describe('backtest on the real candles', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dealbot-bt-'));
  dealbot(['data', 'import', marketDataPath('ETH_BTC-5m.json'), '--data-dir', dataDir]);
  dealbot(['data', 'import', marketDataPath('ADA_BTC-5m.json'), '--data-dir', dataDir]);
  const report = JSON.parse(dealbot(['backtest', '-c', CONFIG, '--data-dir', dataDir, '--json']));
  const deals = report.deals as DealJson[];

  it('trades, and its totals agree with an independent sum over the exported deals', () => {
    expect(deals.length).toBeGreaterThan(10);
    const closed = deals.filter((d) => d.status === 'closed');
    // PnL recomputed from the fills alone: sell value - buy value - fees
    const value = (d: DealJson, side: string) => d.orders.filter((o) => o.side === side).flatMap((o) => o.fills).reduce((s, f) => s.plus(dec(f.price).times(dec(f.amount))), ZERO);
    const fees = (d: DealJson) => d.orders.flatMap((o) => o.fills).reduce((s, f) => s.plus(dec(f.fee)), ZERO);
    for (const d of closed) expect(d.pnl).toBe(value(d, 'sell').minus(value(d, 'buy')).minus(fees(d)).toString());
    const total = closed.reduce((s, d) => s.plus(dec(d.pnl as string)), ZERO);
    expect(report.total.pnl).toBe(total.toString());
    expect(report.total.closed).toBe(closed.length);
    expect(report.total.wins).toBe(closed.filter((d) => dec(d.pnl as string).gt(0)).length);
    expect(report.total.fees).toBe(deals.reduce((s, d) => s.plus(fees(d)), ZERO).toString());
    // the quote balance moved by exactly the closed PnL plus what the working deals hold
    const working = deals.filter((d) => d.status !== 'closed' && d.status !== 'cancelled');
    const heldCost = working.reduce((s, d) => s.plus(value(d, 'buy')).minus(value(d, 'sell')).plus(fees(d)), ZERO);
    expect(dec(report.balances.BTC.total).toString()).toBe(dec(1).plus(total).minus(heldCost).toString());
  });

  it('gives the same deals, orders, fills and PnL as paper trading the same candles (parity)', async () => {
    const config = { ...loadConfigFile(CONFIG), database: 'sqlite::memory:' };
    const series = await new CandleStore(dataDir).readMany(['ETH/BTC', 'ADA/BTC'], '5m');
    const session = await composePaperSession(config, { publish: async () => {} }, series, 'bt');
    await session.loop.run();
    const paper = (await session.readDeals()).map(dealToSnapshot);
    await session.close();
    expect(JSON.parse(JSON.stringify(paper))).toEqual(deals);
  });
});
