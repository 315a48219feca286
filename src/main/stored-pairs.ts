import { CurrencyPair } from '../domain/currency-pair/currency-pair.entity.js';
import { startPairs } from '../application/manage-pairs/start-pairs.js';
import type { PairSource, UnitOfWork } from '../domain/ports/repositories.port.js';
import type { DealbotConfig, PairConfig } from '../infrastructure/config/config.schema.js';

export interface StoredPair {
  readonly pair: CurrencyPair;
  readonly source: PairSource;
}

/**
 * The pairs a run trades, by startPairs (the config seeds the database, and the database wins
 * after): a config pair the database has never seen, or holds from the config with other
 * settings, is stored (source config) before trading starts.
 */
export async function storedPairs(config: DealbotConfig, uow: UnitOfWork): Promise<StoredPair[]> {
  const started = startPairs(await uow.read((r) => r.pairs.records()), config.pairs);
  const seeds: CurrencyPair[] = [];
  const traded = started.map((start): StoredPair => {
    if (start.from === 'database') return { pair: start.record.pair, source: start.record.source };
    const pair = CurrencyPair.create(start.settings);
    if (start.record === undefined || !samePair(start.record.pair, pair)) seeds.push(pair);
    return { pair, source: 'config' };
  });
  if (seeds.length > 0) await uow.run(async (r) => {
    for (const pair of seeds) await r.pairs.save(pair, 'config');
  });
  return traded;
}

/** The paper market of a symbol: its config pair's, else the config's `paper.markets` entry; undefined when neither has one. */
export function paperMarketOf(config: DealbotConfig, symbol: string): PairConfig['paperMarket'] {
  return config.pairs.find((p) => p.symbol === symbol)?.paperMarket ?? config.paper.markets[symbol];
}

function samePair(a: CurrencyPair, b: CurrencyPair): boolean {
  return JSON.stringify(a.toProps()) === JSON.stringify(b.toProps());
}
