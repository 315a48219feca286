import type { CurrencyPairProps } from '../../domain/currency-pair/currency-pair.entity.js';
import type { Deal } from '../../domain/deal/deal.entity.js';
import { startPairs } from '../../application/manage-pairs/start-pairs.js';
import type { PairRecord, PauseRecord } from '../../domain/ports/repositories.port.js';
import type { ApiBody } from './api-client.js';
import { connect, output, pairPath, readSource } from './api-command.js';
import { configPath } from './api-target.js';
import { pairsTable, type PairView } from './api-views.js';
import { UsageError } from './cli-errors.js';
import type { PairsCommand, PairsOptions } from './steer-options.js';
import type { CliDeps } from './session.js';

/** `dealbot pairs list`: the running bot's pairs, or the database's when none answers. */
export async function pairsListCommand(deps: CliDeps, options: PairsOptions): Promise<void> {
  const source = await readSource(deps, options);
  if (source.kind === 'api') {
    const answer = await source.client.get<{ pairs: PairView[] }>('/pairs');
    output(options, answer, () => pairsTable(answer.pairs));
    return;
  }
  const [{ openMigratedForReading }, { SqlUnitOfWork }] = await Promise.all([import('./database-access.js'), import('../../infrastructure/persistence/sql/index.js')]);
  const database = await openMigratedForReading(deps, source.url);
  let stored: { records: PairRecord[]; pauses: PauseRecord[]; open: Deal[] };
  try {
    stored = await new SqlUnitOfWork(database).read(async (r) => ({ records: await r.pairs.records(), pauses: await r.pauses.getAll(), open: await r.deals.getOpenDeals() }));
  } finally {
    await database.close();
  }
  const configPairs = source.botUrl === undefined ? undefined : (await import('./config-check.command.js')).loadCheckedConfig(configPath(options.config, deps.defaultConfigPath)).pairs;
  const all = stored.pauses.find((p) => p.symbol === null);
  const view = ({ pair, source: from }: { pair: PairSettings; source: string }): PairView => {
    const pause = stored.pauses.find((p) => p.symbol === pair.symbol) ?? all;
    // the API's PairView but lastPrice, which only the running bot knows
    return {
      symbol: pair.symbol,
      dealQuota: String(pair.dealQuota),
      profitMarkup: String(pair.profitMarkup),
      dealCount: pair.dealCount,
      orderLifeTime: pair.orderLifeTime,
      lastPrice: null,
      paused: pause === undefined ? null : { pair: pause.symbol, until: pause.until, reason: pause.reason },
      workingDeals: stored.open.filter((d) => d.symbol === pair.symbol).length,
      source: from,
    };
  };
  const answer = { pairs: pairsAtStart(stored.records, configPairs).map(view) };
  output(options, answer, () => pairsTable(answer.pairs));
}

type PairSettings = Pick<CurrencyPairProps, 'symbol' | 'dealQuota' | 'profitMarkup' | 'dealCount' | 'orderLifeTime'>;

/**
 * The pairs a bot started on this database and config would trade, read-only (startPairs, the
 * rule a bot starts by). Without a config (--database), the database's pairs but the removed ones.
 */
export function pairsAtStart(records: readonly PairRecord[], config: readonly PairSettings[] | undefined): { pair: PairSettings; source: string }[] {
  if (config === undefined) return records.filter((r) => r.removedAt === null);
  return startPairs(records, config).map((start) => (start.from === 'database' ? start.record : { pair: start.settings, source: 'config' }));
}

/** `dealbot pairs add|update|remove <pair>` through the running bot's API. */
export async function pairsAction(deps: CliDeps, command: PairsCommand, pair: string, options: PairsOptions): Promise<void> {
  const settings: ApiBody = Object.fromEntries(
    Object.entries({ dealQuota: options.dealQuota, profitMarkup: options.profitMarkup, dealCount: options.dealCount, orderLifeTime: options.orderLifetime, cooldownMinutes: options.dealCooldown }).filter(([, v]) => v !== undefined),
  );
  if (command === 'update' && Object.keys(settings).length === 0) throw new UsageError('pairs update: name at least one setting to change: --deal-quota, --profit-markup, --deal-count, --order-lifetime or --deal-cooldown');
  const client = await connect(deps, options);
  if (command === 'remove') {
    const answer = await client.delete<{ removed: string }>(`/pairs/${pairPath(pair)}`);
    output(options, answer, () => `removed ${answer.removed}: the bot no longer trades it`);
    return;
  }
  const answer = command === 'add' ? await client.post<{ pair: PairView }>('/pairs', { symbol: pair, ...settings }) : await client.patch<{ pair: PairView }>(`/pairs/${pairPath(pair)}`, settings);
  output(options, answer, () => `${command === 'add' ? 'added' : 'updated'} ${pair}:\n${pairsTable([answer.pair])}`);
}
