import { describe, expect, it } from 'vitest';
import { dealToSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import { reportJsonChunks } from '../../../src/interfaces/reports/backtest-json.js';
import { makeDeal } from '../../application/backtest/backtest-fixtures.js';

/** Deals of every kind the fixtures make (closed, cancelled, working), `count` of them. */
function deals(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const id = `d${i}`;
    const buy = { price: String(100 + i), amount: '0.5', fee: '0.05', at: 2 };
    if (i % 3 === 0) return makeDeal(id, 'BTC/USDT', 1, buy, { sell: { price: String(101 + i), amount: '0.5', fee: '0.05', at: 3 } });
    if (i % 3 === 1) return makeDeal(id, 'ETH/USDT', 1, buy, { cancelled: 2 });
    return makeDeal(id, 'BTC/USDT', 1, buy, { sellResting: String(102 + i) });
  });
}

describe('reportJsonChunks', () => {
  const report = { pairs: ['BTC/USDT', 'ETH/USDT'], candles: 144, metrics: { pnl: '1.5', winRate: null, nested: { a: [1, 2], s: 'line\nbreak' } } };

  it.each([0, 1, 63, 64, 65, 130])('writes the report with %i deals as JSON.stringify(…, null, 2) does, 64 deals a chunk', (count) => {
    const list = deals(count);
    const chunks = [...reportJsonChunks(report, list)];
    expect(chunks.join('')).toBe(JSON.stringify({ ...report, deals: list.map(dealToSnapshot) }, null, 2));
    expect(chunks).toHaveLength(count === 0 ? 1 : 2 + Math.ceil(count / 64));
  });

  it('an empty report still gets its deals', () => {
    expect([...reportJsonChunks({}, [])].join('')).toBe(JSON.stringify({ deals: [] }, null, 2));
    const one = deals(1);
    expect([...reportJsonChunks({}, one)].join('')).toBe(JSON.stringify({ deals: one.map(dealToSnapshot) }, null, 2));
  });
});
