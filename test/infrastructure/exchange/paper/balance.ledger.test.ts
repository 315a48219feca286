import { describe, expect, it } from 'vitest';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { BalanceLedger } from '../../../../src/infrastructure/exchange/paper/balance.ledger.js';

const text = (ledger: BalanceLedger): Record<string, [string, string, string]> =>
  Object.fromEntries(Object.entries(ledger.snapshot()).map(([c, b]) => [c, [b.free.toString(), b.used.toString(), b.total.toString()]]));

describe('BalanceLedger snapshots', () => {
  it('builds only the currencies changed since the last snapshot', () => {
    const ledger = new BalanceLedger({ USDT: '1000', BTC: '0.5', ETH: '2' });
    const first = ledger.snapshot();
    expect(ledger.snapshot()).toBe(first);
    ledger.reserve('USDT', dec('100.1'));
    const second = ledger.snapshot();
    expect(second).not.toBe(first);
    expect(second.BTC).toBe(first.BTC);
    expect(second.ETH).toBe(first.ETH);
    expect(second.USDT).not.toBe(first.USDT);
    expect(text(ledger)).toEqual({ USDT: ['899.9', '100.1', '1000'], BTC: ['0.5', '0', '0.5'], ETH: ['2', '0', '2'] });
    expect(first.USDT?.free.toString()).toBe('1000');
  });

  it('follows reserve, release, settle and credit, and lists a new currency last', () => {
    const ledger = new BalanceLedger({ USDT: '1000' });
    ledger.snapshot();
    ledger.reserve('USDT', dec('200.2'));
    ledger.settle('USDT', dec('200.2'), dec('150.15'));
    ledger.credit('SOL', dec('1.5'));
    expect(Object.keys(ledger.snapshot())).toEqual(['USDT', 'SOL']);
    ledger.reserve('SOL', dec('1'));
    ledger.release('SOL', dec('0.25'));
    expect(text(ledger)).toEqual({ USDT: ['849.85', '0', '849.85'], SOL: ['0.75', '0.75', '1.5'] });
    ledger.importAccounts({ BTC: { total: '3', used: '1' } });
    expect(text(ledger)).toEqual({ BTC: ['2', '1', '3'] });
  });

  it('tryReserve reserves what free covers, and otherwise changes nothing (not even an account for a new currency)', () => {
    const ledger = new BalanceLedger({ USDT: '100' });
    const before = ledger.snapshot();
    expect(ledger.tryReserve('USDT', dec('100.01'))?.toString()).toBe('100');
    expect(ledger.tryReserve('BTC', dec('1'))?.toString()).toBe('0');
    expect(ledger.snapshot()).toBe(before);
    expect(ledger.tryReserve('USDT', dec('60'))).toBeNull();
    expect(ledger.tryReserve('USDT', dec('40.5'))?.toString()).toBe('40');
    expect(text(ledger)).toEqual({ USDT: ['40', '60', '100'] });
  });

  it('hands out frozen balances: changing one is refused and changes nothing', () => {
    const ledger = new BalanceLedger({ USDT: '1000' });
    const snapshot = ledger.snapshot();
    expect(Object.isFrozen(snapshot) && Object.isFrozen(snapshot.USDT)).toBe(true);
    expect(() => Object.assign(snapshot.USDT as object, { total: dec(5) })).toThrow(TypeError);
    expect(snapshot.USDT!.total.plus(5).toString()).toBe('1005'); // arithmetic makes new values
    expect(ledger.snapshot()).toBe(snapshot);
    expect(text(ledger)).toEqual({ USDT: ['1000', '0', '1000'] });
    expect(ledger.free('USDT').toString()).toBe('1000');
    expect(JSON.stringify(snapshot)).toBe('{"USDT":{"free":"1000","used":"0","total":"1000"}}');
  });
});
