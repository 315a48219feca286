import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../../src/domain/shared/candle.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { addResting, keepResting, mayFill, newBook, removeResting, type Book } from '../../../../src/infrastructure/exchange/paper/paper-book.js';
import { emptyColumns } from '../../../../src/infrastructure/market-data/candle-store/candle-columns.js';
import { ColumnCandle } from '../../../../src/infrastructure/market-data/column-candle.js';
import type { PaperOrder } from '../../../../src/infrastructure/exchange/paper/paper-order.state.js';
import { BTC_USDT } from './paper.fixtures.js';

const orderArb = fc.record({
  side: fc.constantFrom('buy' as const, 'sell' as const),
  type: fc.constantFrom('limit' as const, 'market' as const),
  limit: fc.integer({ min: 1, max: 100 }),
  stop: fc.option(fc.integer({ min: 1, max: 100 }), { nil: null }),
});

type OrderShape = { side: 'buy' | 'sell'; type: 'limit' | 'market'; limit: number; stop: number | null };

function paperOrder(o: OrderShape, n: number): PaperOrder {
  return {
    sequence: n,
    exchangeOrderId: `x${n}`,
    clientOrderId: `c${n}`,
    market: BTC_USDT,
    side: o.side,
    type: o.type,
    price: o.type === 'limit' ? dec(o.limit) : null,
    limit: o.type === 'limit' ? o.limit : Number.NaN,
    stopPrice: o.stop === null ? null : dec(o.stop),
    stop: o.stop === null ? Number.NaN : o.stop,
    amount: dec(1),
    timestamp: 0,
    reserved: dec(1),
    status: 'open',
    trades: [],
    filled: dec(0),
  };
}

/** The paper matcher's rules (DESIGN.md section 3), written out independently. */
function fills(order: PaperOrder, candle: Candle): boolean {
  if (order.stopPrice !== null && candle.low <= order.stop) return true;
  if (order.type === 'market') return order.stopPrice === null;
  return order.side === 'buy' ? candle.low <= order.limit : candle.high >= order.limit;
}

/** The changes of a book's resting orders between candles. */
const change = [
  fc.record({ kind: fc.constant('add' as const), order: orderArb }),
  fc.record({ kind: fc.constant('remove' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('keep' as const), count: fc.nat(4) }),
] as const;

type Change = { kind: 'add'; order: OrderShape } | { kind: 'remove'; index: number } | { kind: 'keep'; count: number };

/** Applies one change; `n` numbers the orders added. */
function apply(book: Book, s: Change, n: number): void {
  if (s.kind === 'add') addResting(book, paperOrder(s.order, n));
  else if (s.kind === 'remove' && book.resting.length > 0) removeResting(book, book.resting[s.index % book.resting.length]!);
  else if (s.kind === 'keep') keepResting(book, Math.min(s.count, book.resting.length));
}

describe('paper book: how far a candle must reach', () => {
  it('never skips a candle on which some resting order fills, through adds, removals and compactions', () => {
    const step = fc.oneof(...change, fc.record({ kind: fc.constant('candle' as const), low: fc.integer({ min: 0, max: 101 }), span: fc.integer({ min: 0, max: 30 }) }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const book = newBook(BTC_USDT);
        let n = 0;
        for (const s of steps) {
          if (s.kind !== 'candle') apply(book, s, (n += 1));
          else {
            const candle: Candle = { openTime: 0, open: s.low, high: s.low + s.span, low: s.low, close: s.low, volume: 1 };
            const anyFills = book.resting.some((o) => fills(o, candle));
            if (anyFills) expect(mayFill(book, candle)).toBe(true);
            if (book.resting.length === 0) continue;
            // and it is tight: a candle no order can fill on is skipped
            if (!anyFills) expect(mayFill(book, candle)).toBe(false);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a replayed candle that looks ahead: the same answer on every candle, though most are never read', () => {
    const step = fc.oneof(...change, fc.record({ kind: fc.constant('candles' as const), count: fc.integer({ min: 1, max: 40 }) }));
    const bar = fc.record({ low: fc.integer({ min: 0, max: 101 }), span: fc.integer({ min: 0, max: 30 }) });
    fc.assert(
      fc.property(fc.array(bar, { minLength: 1, maxLength: 700 }), fc.array(step, { maxLength: 40 }), (bars, steps) => {
        const columns = emptyColumns(bars.length);
        bars.forEach((b, i) => {
          columns.openTime[i] = 60_000 * i;
          columns.low[i] = b.low;
          columns.high[i] = b.low + b.span;
          columns.open[i] = columns.close[i] = b.low;
        });
        const candle = new ColumnCandle(columns);
        const book = newBook(BTC_USDT);
        let n = 0;
        let row = 0;
        for (const s of steps) {
          if (s.kind !== 'candles') apply(book, s, (n += 1));
          else {
            for (let k = 0; k < s.count && row < bars.length; k += 1, row += 1) {
              candle.show(row, columns.openTime[row]!);
              const plain: Candle = { openTime: row * 60_000, open: bars[row]!.low, high: bars[row]!.low + bars[row]!.span, low: bars[row]!.low, close: bars[row]!.low, volume: 0 };
              if (book.resting.length === 0) continue;
              expect(mayFill(book, candle)).toBe(book.resting.some((o) => fills(o, plain)));
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
