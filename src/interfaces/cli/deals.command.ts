import type { Command } from 'commander';
import type { Deal } from '../../domain/deal/deal.entity.js';
import { DEAL_STATUSES } from '../../domain/deal/deal-status.js';
import { formatUtc } from '../../infrastructure/shared/utc-time.js';
import { readSource, withActingOptions, withApiOptions } from './api-command.js';
import { dealsTable, type DealView } from './api-views.js';
import { choice, pairOption } from './cli-options.js';
import type { CliDeps } from './session.js';
import type { ApiCommandOptions, DealsListOptions } from './steer-options.js';
import { renderTable } from './text-table.js';

/** The most deals one `GET /deals` page holds. */
const PAGE = 500;

/**
 * `dealbot deals list|show|close|cancel`. list and show read the running bot's API, or the
 * database when no bot answers (or --database names one); close and cancel need a running bot.
 */
export function registerDealsCommands(program: Command, deps: CliDeps): void {
  const deals = program.command('deals').description('deals: of the running bot, or in the database');
  withApiOptions(deals.command('list').description('list deals, newest last')
    .option('--database <url>', 'read this database, not the bot: sqlite:./file.db or postgres://... (without a running bot: DATABASE_URL, then the config)')
    .option('--status <status>', `only deals in this status: ${DEAL_STATUSES.join(', ')}`, choice('--status', DEAL_STATUSES))
    .option('--pair <pair>', 'only deals of this pair', pairOption))
    .addHelpText('after', '\nExamples:\n  dealbot deals list --status open\n  dealbot deals list --pair ETH/USDT --json\n  dealbot deals list --database sqlite:./data/dealbot.db')
    .action(async (options: DealsListOptions) => {
      process.stdout.write(`${await dealsListCommand(deps, options)}\n`);
    });
  withApiOptions(deals.command('show').argument('<id>', 'the deal\'s id').description('one deal with its orders and fills')
    .option('--database <url>', 'read this database, not the bot'))
    .addHelpText('after', '\nExample:\n  dealbot deals show 3f2a9c1e --json')
    .action(async (id: string, options: DealsListOptions) => {
      const { dealShowCommand } = await import('./deal-actions.js');
      await dealShowCommand(deps, id, options);
    });
  withActingOptions(deals.command('close').argument('<id>', 'the deal\'s id').description('sell what the deal holds at market (needs a running bot)'))
    .addHelpText('after', '\nExample:\n  dealbot deals close 3f2a9c1e')
    .action(async (id: string, options: ApiCommandOptions) => {
      const { dealActionCommand } = await import('./deal-actions.js');
      await dealActionCommand(deps, id, 'close', options);
    });
  withActingOptions(deals.command('cancel').argument('<id>', 'the deal\'s id').description('cancel a pending deal\'s buy order (needs a running bot)'))
    .addHelpText('after', '\nExample:\n  dealbot deals cancel 3f2a9c1e')
    .action(async (id: string, options: ApiCommandOptions) => {
      const { dealActionCommand } = await import('./deal-actions.js');
      await dealActionCommand(deps, id, 'cancel', options);
    });
}

export async function dealsListCommand(deps: CliDeps, options: DealsListOptions): Promise<string> {
  const source = await readSource(deps, options);
  if (source.kind === 'api') {
    const deals: DealView[] = [];
    let cursor: string | null = null;
    do {
      const page: { deals: DealView[]; nextCursor: string | null } = await source.client.get('/deals', { status: options.status, pair: options.pair, limit: PAGE, cursor: cursor ?? undefined });
      deals.push(...page.deals);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return options.json ? JSON.stringify({ deals, nextCursor: null }, null, 2) : dealsTable(deals);
  }
  const { readDeals } = await import('./database-access.js');
  const deals = await readDeals(deps, source.url, (r) => r.getAll(options.pair));
  const listed = options.status === undefined ? deals : deals.filter((d) => d.status === options.status);
  if (options.json) {
    const { dealToSnapshot } = await import('../../domain/deal/deal.snapshot.js');
    return JSON.stringify(listed.map(dealToSnapshot), null, 2);
  }
  return dealsTableFromDatabase(listed);
}

export function dealsTableFromDatabase(deals: readonly Deal[]): string {
  const time = (ms: number | null) => (ms === null ? '-' : formatUtc(ms));
  return renderTable(
    ['deal', 'pair', 'status', 'opened', 'closed', 'bought', 'avg buy', 'sold', 'dust', 'PnL', 'reason'],
    deals.map((d) => [d.id, d.symbol, d.status, time(d.createdAt), time(d.closedAt), d.boughtAmount.toString(), d.buyOrder.average?.toString() ?? '-', d.soldAmount.toString(), d.dust?.toString() ?? '-', d.pnl?.toString() ?? '-', d.reason ?? '']),
  );
}
