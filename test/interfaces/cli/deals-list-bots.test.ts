import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { migrateToLatest, openDatabase, SqlUnitOfWork } from '../../../src/infrastructure/persistence/sql/index.js';
import { dealbotOutput, ROOT } from '../../support/cli.js';

function deal(id: string, symbol: string, bot?: string): Deal {
  const buy = Order.create({ clientOrderId: `dlb-${id}-b1`, dealId: id, symbol, side: 'buy', type: 'limit', price: dec('100'), amount: dec('0.5'), createdAt: 1_000 });
  return Deal.open(id, buy, 1_000, bot);
}

describe('deals list with bots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-deals-bots-'));
  const url = `sqlite:${join(dir, 'bots.db')}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    const database = await openDatabase(url);
    await migrateToLatest(database);
    const uow = new SqlUnitOfWork(database);
    await uow.run(async (r) => {
      for (const d of [deal('d1', 'BTC/USDT'), deal('d2', 'ETH/USDT', 'alts'), deal('d3', 'SOL/USDT', 'alts')]) await r.deals.save(d);
    });
    await database.close();
  });

  it('shows each deal\'s bot in a BOT column', () => {
    const lines = dealbotOutput(['deals', 'list', '--database', url]).trim().split('\n');
    expect(lines[0]).toMatch(/^deal\s+bot\s+pair\s+status/);
    expect(lines.slice(2).map((line) => line.split(/\s+/).slice(0, 3))).toEqual([
      ['d1', 'default', 'BTC/USDT'],
      ['d2', 'alts', 'ETH/USDT'],
      ['d3', 'alts', 'SOL/USDT'],
    ]);
  });

  it('--bot lists one bot\'s deals, in the table and as JSON', () => {
    const lines = dealbotOutput(['deals', 'list', '--database', url, '--bot', 'alts']).trim().split('\n');
    expect(lines.slice(2).map((line) => line.split(/\s+/)[0])).toEqual(['d2', 'd3']);
    const json = JSON.parse(dealbotOutput(['deals', 'list', '--database', url, '--bot', 'default', '--json'])) as { id: string; bot?: string }[];
    expect(json.map((d) => [d.id, d.bot])).toEqual([['d1', undefined]]);
  });

  it('refuses a --bot that is no bot name with one line, exit 2', () => {
    let failure: { status: number; stderr: string } | null = null;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), 'deals', 'list', '--database', url, '--bot', 'Not_A_Bot'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      failure = error as { status: number; stderr: string };
    }
    expect(failure?.status).toBe(2);
    expect(failure?.stderr.trim().split('\n')).toHaveLength(1);
    expect(failure?.stderr).toContain('--bot "Not_A_Bot" must be a bot name');
  });
});
