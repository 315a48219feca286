import type { Command } from 'commander';
import type { Deal } from '../../domain/deal/deal.entity.js';
import { DEAL_STATUSES } from '../../domain/deal/deal-status.js';
import { formatUtc } from '../../infrastructure/shared/utc-time.js';
import { choice, databaseUrl, pairOption } from './cli-options.js';
import type { CliDeps } from './session.js';
import { renderTable } from './text-table.js';

export interface DealsListOptions {
  readonly config: string;
  readonly database?: string;
  readonly status?: string;
  readonly pair?: string;
  readonly json?: boolean;
}

/** `dealbot deals list`: what the database holds, without taking the write lock. */
export function registerDealsCommands(program: Command, deps: CliDeps): void {
  const deals = program.command('deals').description('deals in the database');
  deals
    .command('list')
    .description('list deals, newest last')
    .option('-c, --config <file>', 'config file (YAML) naming the database', deps.defaultConfigPath)
    .option('--database <url>', 'sqlite:./file.db or postgres://... (default: DATABASE_URL, then the config)')
    .option('--status <status>', `only deals in this status: ${DEAL_STATUSES.join(', ')}`, choice('--status', DEAL_STATUSES))
    .option('--pair <pair>', 'only deals of this pair', pairOption)
    .option('--json', 'print JSON with every order and fill')
    .action(async (options: DealsListOptions) => {
      process.stdout.write(`${await dealsListCommand(deps, options)}\n`);
    });
}

export async function dealsListCommand(deps: CliDeps, options: DealsListOptions): Promise<string> {
  // loaded when the command runs, not when it is registered: `dealbot --help` needs neither zod nor kysely
  const [{ loadCheckedConfig }, { openMigratedForReading }, { SqlUnitOfWork }] = await Promise.all([
    import('./config-check.command.js'),
    import('./database-access.js'),
    import('../../infrastructure/persistence/sql/index.js'),
  ]);
  const url = databaseUrl(options.database, () => loadCheckedConfig(options.config).database);
  const database = await openMigratedForReading(deps, url);
  let deals: Deal[];
  try {
    deals = await new SqlUnitOfWork(database).read((r) => r.deals.getAll(options.pair));
  } finally {
    await database.close();
  }
  if (options.status !== undefined) deals = deals.filter((d) => d.status === options.status);
  if (options.json) {
    const { dealToSnapshot } = await import('../../domain/deal/deal.snapshot.js');
    return JSON.stringify(deals.map(dealToSnapshot), null, 2);
  }
  const time = (ms: number | null) => (ms === null ? '-' : formatUtc(ms));
  return renderTable(
    ['deal', 'pair', 'status', 'opened', 'closed', 'bought', 'avg buy', 'sold', 'dust', 'PnL', 'reason'],
    deals.map((d) => [d.id, d.symbol, d.status, time(d.createdAt), time(d.closedAt), d.boughtAmount.toString(), d.buyOrder.average?.toString() ?? '-', d.soldAmount.toString(), d.dust?.toString() ?? '-', d.pnl?.toString() ?? '-', d.reason ?? '']),
  );
}
