import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../../src/domain/shared/candle.js';
import { TickAssembler } from '../../../../src/infrastructure/market-data/ccxt/tick-assembler.js';

const M = 60_000;
const c = (k: number, close = 1): Candle => ({ openTime: k * M, open: 1, high: 2, low: 0.5, close, volume: 1 });
const make = (symbols = ['A', 'B'], start = 0) => new TickAssembler(symbols, '1m', new Map(symbols.map((s) => [s, start])), 2_000);
const view = (ticks: ReturnType<TickAssembler['drain']>) => ticks.map((t) => t.map((x) => `${x.symbol}${x.candle.openTime / M}:${x.candle.close}`));

describe('TickAssembler', () => {
  it('closes a candle when the stream opens the next one, and waits for every symbol of the tick', () => {
    const a = make();
    a.observeStream('A', [c(0, 1)], 10);
    a.observeStream('A', [c(0, 2), c(1)], 20);
    expect(a.drain(30)).toEqual([]);
    a.observeStream('B', [c(0, 3), c(1)], 40);
    expect(view(a.drain(50))).toEqual([['A0:2', 'B0:3']]);
    expect(a.drain(60)).toEqual([]);
  });

  it('a tick is forming from the first of its candles to close until it is drained', () => {
    const a = make();
    a.observeStream('A', [c(0, 1)], 10);
    expect(a.forming()).toBe(false); // minute 0 still open everywhere
    a.observeStream('A', [c(0, 2), c(1)], 20);
    expect(a.forming()).toBe(true); // A's minute 0 closed, B's not yet
    a.observeStream('B', [c(0, 3), c(1)], 40);
    expect(a.forming()).toBe(true);
    expect(view(a.drain(50))).toEqual([['A0:2', 'B0:3']]);
    expect(a.forming()).toBe(false); // minute 1 open on both
  });

  it('never emits a candle twice or out of order, whatever arrives late', () => {
    const a = make(['A']);
    a.observeStream('A', [c(0), c(1)], 1);
    expect(view(a.drain(2))).toEqual([['A0:1']]);
    a.observeStream('A', [c(0, 9)], 3);
    a.observeRest('A', [c(0, 9), c(1, 5), c(2)], 0, 4);
    expect(view(a.drain(5))).toEqual([['A1:5']]);
  });

  it('distrusts stream updates from before a reconnect: the candle is asked of REST', () => {
    const a = make(['A']);
    a.observeStream('A', [c(0, 1)], 1);
    a.newSession();
    a.observeStream('A', [c(1)], 2 * M);
    expect(a.drain(2 * M)).toEqual([]);
    expect(a.wanted(2 * M)).toEqual([{ symbol: 'A', since: 0 }]);
    a.observeRest('A', [c(0, 7), c(1)], 0, 2 * M);
    expect(view(a.drain(2 * M))).toEqual([['A0:7']]);
  });

  it('closes on the clock only after the grace and only if the stream spoke after the close', () => {
    const a = make(['A']);
    a.observeStream('A', [c(0, 4)], 59_000);
    expect(a.drain(M + 5_000)).toEqual([]);
    expect(a.wanted(M + 5_000)).toEqual([{ symbol: 'A', since: 0 }]);
    a.observeStream('A', [c(0, 4)], M + 100);
    expect(a.drain(M + 1_000)).toEqual([]);
    expect(view(a.drain(M + 2_000))).toEqual([['A0:4']]);
  });

  it('a REST answer read after the close is final; one read before is not', () => {
    const a = make(['A']);
    a.observeRest('A', [c(0, 3)], 0, 30_000);
    expect(a.drain(M + 10_000)).toEqual([]);
    a.observeRest('A', [c(0, 4)], 0, M + 2_000);
    expect(view(a.drain(M + 2_000))).toEqual([['A0:4']]);
  });

  it('skips an open time that REST proves empty, keeping the other symbols in the tick', () => {
    const a = make();
    a.observeRest('A', [c(1)], 0, 3 * M);
    a.observeRest('A', [c(0, 2), c(1, 2), c(2)], 0, 3 * M);
    a.observeRest('B', [c(1, 5), c(2)], 0, 3 * M);
    expect(view(a.drain(3 * M))).toEqual([['A0:2'], ['A1:2', 'B1:5']]);
  });

  it('asks REST for overdue candles and for candles the stream jumped over', () => {
    const a = make();
    a.observeStream('A', [c(0)], 10);
    expect(a.wanted(30_000)).toEqual([]);
    a.observeStream('B', [c(1)], 20);
    expect(a.wanted(30_000)).toEqual([{ symbol: 'B', since: 0 }]);
    expect(a.wanted(M + 2_000)).toEqual([
      { symbol: 'A', since: 0 },
      { symbol: 'B', since: 0 },
    ]);
  });
});
