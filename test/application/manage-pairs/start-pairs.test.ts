import { describe, expect, it } from 'vitest';
import { startPairs } from '../../../src/application/manage-pairs/start-pairs.js';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import type { PairRecord, PairSource } from '../../../src/domain/ports/repositories.port.js';

const settings = (symbol: string, dealQuota = '10') => ({ symbol, dealQuota, profitMarkup: '0.01', dealCount: 1, orderLifeTime: 60 });
const record = (symbol: string, source: PairSource, removedAt: number | null = null, dealQuota = '20'): PairRecord => ({ pair: CurrencyPair.create(settings(symbol, dealQuota)), source, removedAt });
const shown = (started: ReturnType<typeof startPairs>) => started.map((s) => (s.from === 'config' ? `config ${s.settings.symbol}${s.record ? ' (stored)' : ''}` : `database ${s.record.pair.symbol} ${s.record.pair.dealQuota.toString()}`));

describe('startPairs: the config seeds, the database wins after', () => {
  it('config pairs in the config`s order; the operator`s changes win; removed ones stay removed; added ones come last', () => {
    const records = [record('ADD/USDT', 'api'), record('BTC/USDT', 'config'), record('ETH/USDT', 'api'), record('SOL/USDT', 'config', 5), record('OLD/USDT', 'config'), record('GONE/USDT', 'api', 7)];
    const config = [settings('SOL/USDT'), settings('ETH/USDT'), settings('BTC/USDT'), settings('NEW/USDT')];
    expect(shown(startPairs(records, config))).toEqual(['database ETH/USDT 20', 'config BTC/USDT (stored)', 'config NEW/USDT', 'database ADD/USDT 20']);
  });

  it('an empty database: the config as it is', () => {
    expect(shown(startPairs([], [settings('BTC/USDT')]))).toEqual(['config BTC/USDT']);
  });
});
