import { CurrencyPair } from '../domain/currency-pair/currency-pair.entity.js';
import type { PairSource, UnitOfWork } from '../domain/ports/repositories.port.js';
import type { DealbotConfig, PairConfig } from '../infrastructure/config/config.schema.js';

export interface StoredPair {
  readonly pair: CurrencyPair;
  readonly source: PairSource;
}

/**
 * The pairs a run trades (docs/api.md, "Pairs and pauses across restarts"): the config seeds the
 * database, and the database wins after. A config pair the database has never seen is stored
 * (source config); one it holds from the config takes the config's settings again; one the
 * operator added or changed keeps the database's settings, and one the operator removed stays
 * removed. Pairs the operator added come after the config's, by symbol. A config-sourced pair no
 * longer in the config is not traded.
 */
export async function storedPairs(config: DealbotConfig, uow: UnitOfWork): Promise<StoredPair[]> {
  const records = new Map((await uow.read((r) => r.pairs.records())).map((record) => [record.pair.symbol, record]));
  const traded: StoredPair[] = [];
  const seeds: CurrencyPair[] = [];
  for (const settings of config.pairs) {
    const record = records.get(settings.symbol);
    if (record !== undefined && record.removedAt !== null) continue;
    if (record?.source === 'api') {
      traded.push(record);
      continue;
    }
    const pair = CurrencyPair.create(settings);
    if (record === undefined || !samePair(record.pair, pair)) seeds.push(pair);
    traded.push({ pair, source: 'config' });
  }
  const listed = new Set(config.pairs.map((p) => p.symbol));
  for (const record of records.values()) if (record.source === 'api' && record.removedAt === null && !listed.has(record.pair.symbol)) traded.push(record);
  if (seeds.length > 0) await uow.run(async (r) => {
    for (const pair of seeds) await r.pairs.save(pair, 'config');
  });
  return traded.map(({ pair, source }) => ({ pair, source }));
}

/** The paper market of a symbol: its config pair's, else the config's `paper.markets` entry; undefined when neither has one. */
export function paperMarketOf(config: DealbotConfig, symbol: string): PairConfig['paperMarket'] {
  return config.pairs.find((p) => p.symbol === symbol)?.paperMarket ?? config.paper.markets[symbol];
}

function samePair(a: CurrencyPair, b: CurrencyPair): boolean {
  return JSON.stringify(a.toProps()) === JSON.stringify(b.toProps());
}
