import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pauseNewDeals } from '../../src/application/pause-deals/pause-deals.use-case.js';
import { configSchema } from '../../src/infrastructure/config/config.schema.js';
import { composePaperSession } from '../../src/main.js';

const folder = mkdtempSync(join(tmpdir(), 'dealbot-restart-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const START = Date.parse('2024-01-01T00:00:00Z');
const minute = (k: number): number => START + k * 60_000;
const market = (startPrice: number) => ({ startPrice, priceStep: '0.01', amountStep: '0.0001', minCost: '5' });
const pair = (symbol: string, startPrice: number, dealCount = 1) => ({ symbol, dealQuota: '100', profitMarkup: '0.01', dealCount, orderLifeTime: 600, paperMarket: market(startPrice) });

/** A paper bot on the simulated market, stored in one SQLite file (with its paper account beside it). */
function config(pairs: ReturnType<typeof pair>[], candles: number) {
  return configSchema.parse({
    database: `sqlite:${join(folder, 'bot.db')}`,
    windowSize: 50,
    market: { source: 'simulated', candles, paceMs: 0, startTime: '2024-01-01T00:00:00Z' },
    paper: { balances: { USDT: '10000' }, markets: { 'SOL/USDT': market(150) } },
    pairs,
  });
}

const noEvents = { publish: async () => {} };

describe('pauses and runtime pair changes across a restart (paper, simulated market, one SQLite file)', () => {
  it('keeps pauses and pair changes; a removed pair stays removed, a new config pair is seeded, an ended pause is gone', async () => {
    const first = await composePaperSession(config([pair('BTC/USDT', 40_000), pair('ETH/USDT', 2_000), pair('XRP/USDT', 0.6)], 6), noEvents);
    await first.loop.run(undefined, async (tick) => {
      const k = (tick[0]!.candle.openTime - START) / 60_000;
      if (k === 0) await first.loop.operate((desk) => pauseNewDeals(desk, { reason: 'hold' }));
      if (k === 1) {
        await first.loop.addPair({ symbol: 'SOL/USDT', dealQuota: '50', profitMarkup: '0.02', dealCount: 2, orderLifeTime: 300 });
        await first.loop.updatePair('BTC/USDT', { dealCount: 3 });
        await first.loop.removePair('ETH/USDT');
      }
      if (k === 2) await first.loop.operate((desk) => pauseNewDeals(desk, { symbol: 'SOL/USDT', until: minute(4), reason: 'short' }));
      if (k === 3) await first.loop.operate((desk) => pauseNewDeals(desk, { symbol: 'BTC/USDT', reason: 'maintenance' }));
    });
    expect(first.loop.pairs().map((p) => [p.pair.symbol, p.source])).toEqual([['BTC/USDT', 'api'], ['XRP/USDT', 'config'], ['SOL/USDT', 'api']]);
    await first.close();

    // the config lists BTC/USDT with dealCount 1 (the operator's 3 wins), ETH/USDT (removed: stays removed),
    // XRP/USDT with dealCount 2 (its settings came from the config: the config's win) and a new ADA/USDT
    const second = await composePaperSession(config([pair('BTC/USDT', 40_000), pair('ETH/USDT', 2_000), pair('XRP/USDT', 0.6, 2), pair('ADA/USDT', 0.5)], 9), noEvents);
    try {
      await second.loop.start();
      expect(second.loop.pairs().map((p) => [p.pair.symbol, p.source, p.pair.dealCount])).toEqual([
        ['BTC/USDT', 'api', 3],
        ['XRP/USDT', 'config', 2],
        ['ADA/USDT', 'config', 1],
        ['SOL/USDT', 'api', 2],
      ]);
      expect([...second.ctx.pairs.keys()]).toEqual(['BTC/USDT', 'XRP/USDT', 'ADA/USDT', 'SOL/USDT']);
      const now = second.ctx.clock.now();
      expect(now).toBe(minute(6));
      expect(second.loop.pauses.list(now)).toEqual([
        { symbol: null, until: null, reason: 'hold' },
        { symbol: 'BTC/USDT', until: null, reason: 'maintenance' },
      ]);
      const stored = await second.ctx.uow.read(async (r) => ({ pauses: await r.pauses.getAll(), pairs: await r.pairs.records() }));
      expect(stored.pauses.map((p) => [p.symbol, p.reason])).toEqual([
        [null, 'hold'],
        ['BTC/USDT', 'maintenance'],
      ]);
      expect(stored.pairs.map((r) => [r.pair.symbol, r.source, r.removedAt])).toEqual([
        ['ADA/USDT', 'config', null],
        ['BTC/USDT', 'api', null],
        ['ETH/USDT', 'config', minute(2)],
        ['SOL/USDT', 'api', null],
        ['XRP/USDT', 'config', null],
      ]);
      expect((await second.ctx.uow.read((r) => r.pairs.getBySymbol('XRP/USDT')))?.dealCount).toBe(2);
    } finally {
      await second.close();
    }
  });
});
