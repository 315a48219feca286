import { BOT_NAME } from '../../domain/bot/bot-name.js';
import type { Deal } from '../../domain/deal/deal.entity.js';
import { formatUtc } from '../../infrastructure/shared/utc-time.js';
import { UsageError } from './cli-errors.js';
import { readSource } from './api-command.js';
import { dealsTable, type DealView } from './api-views.js';
import type { CliDeps } from './session.js';
import type { DealsListOptions } from './steer-options.js';
import { renderTable } from './text-table.js';

/** The most deals one `GET /deals` page holds. */
const PAGE = 500;

export async function dealsListCommand(deps: CliDeps, options: DealsListOptions): Promise<string> {
  if (options.bot !== undefined && !BOT_NAME.test(options.bot)) throw new UsageError(`--bot "${options.bot}" must be a bot name: 1-32 lower-case letters, digits or dashes`);
  const source = await readSource(deps, options);
  if (source.kind === 'api') {
    const deals: DealView[] = [];
    let cursor: string | null = null;
    do {
      const page: { deals: DealView[]; nextCursor: string | null } = await source.client.get('/deals', { status: options.status, pair: options.pair, bot: options.bot, limit: PAGE, cursor: cursor ?? undefined });
      deals.push(...page.deals);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return options.json ? JSON.stringify({ deals, nextCursor: null }, null, 2) : dealsTable(deals);
  }
  const { readDeals } = await import('./database-access.js');
  const deals = await readDeals(deps, source.url, (r) => r.getAll(options.pair));
  const listed = deals.filter((d) => (options.status === undefined || d.status === options.status) && (options.bot === undefined || d.bot === options.bot));
  if (options.json) {
    const { dealToSnapshot } = await import('../../domain/deal/deal.snapshot.js');
    return JSON.stringify(listed.map(dealToSnapshot), null, 2);
  }
  return dealsTableFromDatabase(listed);
}

export function dealsTableFromDatabase(deals: readonly Deal[]): string {
  const time = (ms: number | null) => (ms === null ? '-' : formatUtc(ms));
  return renderTable(
    ['deal', 'bot', 'pair', 'status', 'opened', 'closed', 'bought', 'avg buy', 'sold', 'dust', 'PnL', 'reason'],
    deals.map((d) => [d.id, d.bot, d.symbol, d.status, time(d.createdAt), time(d.closedAt), d.boughtAmount.toString(), d.averagePrice?.toString() ?? '-', d.soldAmount.toString(), d.dust?.toString() ?? '-', d.pnl?.toString() ?? '-', d.reason ?? '']),
  );
}
