import { describe, expect, it } from 'vitest';
import { BalanceBook, type AccountPosition } from '../../../../src/infrastructure/exchange/ccxt/balance-book.js';

/** The balance book's rule, step by step (balance-stream.test.ts runs it against the local server). */

const at = (updateTime: number, usdt: string, locked = '0'): AccountPosition => ({ updateTime, assets: new Map([['USDT', { free: usdt, locked }]]) });

const free = (book: BalanceBook): string | null => book.current(['USDT'])?.['USDT']?.free.toString() ?? null;

/** Subscribed and seeded by a read of USDT 100 at update time 10. */
function seeded(): BalanceBook {
  const book = new BalanceBook();
  book.connecting();
  book.subscribed();
  book.read(book.reading()!, at(10, '100'));
  return book;
}

describe('BalanceBook', () => {
  it('a read sent before the subscription was confirmed cannot seed the book', () => {
    const book = new BalanceBook();
    book.connecting();
    expect(book.reading()).toBeNull();
    book.subscribed();
    expect(free(book)).toBeNull();
  });

  it('a read answered after a drop (even once subscribed again) does not seed the new connection', () => {
    const book = new BalanceBook();
    book.connecting();
    book.subscribed();
    const ticket = book.reading()!;
    book.dropped();
    book.connecting();
    book.subscribed();
    book.read(ticket, at(10, '100'));
    expect(free(book)).toBeNull();
  });

  it('events are absolute amounts applied over the read; one older than the read is ignored', () => {
    const book = seeded();
    book.account(at(9, '1'));
    expect(free(book)).toBe('100');
    book.account(at(11, '60', '40'));
    expect(book.current(['USDT'])?.['USDT']?.total.toString()).toBe('100');
    expect(free(book)).toBe('60');
  });

  it('an event that arrives while the read is on its way lands on the read when newer than it', () => {
    const book = new BalanceBook();
    book.connecting();
    book.subscribed();
    const ticket = book.reading()!;
    book.account(at(12, '70'));
    book.read(ticket, at(10, '100'));
    expect(free(book)).toBe('70');
  });

  it('an executionReport without its account event yet: no answer until the event comes', () => {
    const book = seeded();
    book.announced('x1', true);
    expect(free(book)).toBeNull();
    book.account(at(12, '80'));
    expect(free(book)).toBe('80');
  });

  it('an order sent: no answer until its report (and the account event after it), or a read sent after the exchange answered', () => {
    const book = seeded();
    book.sending('b1', 'create');
    book.answered('b1');
    expect(free(book)).toBeNull();
    book.announced('b1', false);
    book.account(at(12, '50', '50'));
    expect(free(book)).toBe('50');
    book.sending('b1', 'cancel');
    book.announced('b1', false); // a partial fill's report is not the cancel's
    book.account(at(13, '40', '50'));
    expect(free(book)).toBeNull();
    const early = book.reading()!;
    book.answered('b1');
    book.read(early, at(13, '40', '50'));
    expect(free(book)).toBeNull(); // sent before the answer: the cancel may not be in it
    book.read(book.reading()!, at(14, '90'));
    expect(free(book)).toBe('90');
  });
});
