import { connect, output, readSource } from './api-command.js';
import { BotNotRunningError } from './api-errors.js';
import { balancesTable, statusText, type Balance, type StatusView } from './api-views.js';
import { readDeals } from './database-access.js';
import type { CliDeps } from './session.js';
import type { AccountOptions } from './steer-options.js';
import { renderTable } from './text-table.js';

/** `dealbot status`: the running bot's status; without one, what the database knows of the deals. */
export async function statusCommand(deps: CliDeps, options: AccountOptions): Promise<void> {
  const source = await readSource(deps, options);
  if (source.kind === 'api') {
    const status = await source.client.get<StatusView>('/status');
    output(options, status, () => statusText(status));
    return;
  }
  const deals = await readDeals(deps, source.url, (r) => r.getAll());
  const counts = new Map<string, Record<string, number>>();
  for (const deal of deals) {
    const row = counts.get(deal.symbol) ?? {};
    row[deal.status] = (row[deal.status] ?? 0) + 1;
    counts.set(deal.symbol, row);
  }
  const statuses = [...new Set(deals.map((d) => d.status))].sort();
  const answer = { running: false, database: source.url, deals: Object.fromEntries(counts) };
  const heading = `${source.botUrl === undefined ? '' : `no dealbot is running at ${source.botUrl}; `}the database ${source.url} holds ${deals.length} deals`;
  output(options, answer, () => (deals.length === 0 ? heading : `${heading}:\n${renderTable(['pair', ...statuses], [...counts].map(([pair, row]) => [pair, ...statuses.map((s) => String(row[s] ?? 0))]))}`));
}

/** `dealbot balance`: the balances only a running bot knows (the exchange's, or the paper account's). */
export async function balanceCommand(deps: CliDeps, options: AccountOptions): Promise<void> {
  const client = await connect(deps, options);
  let answer: { balances: Balance[] };
  try {
    answer = await client.get<{ balances: Balance[] }>('/balances');
  } catch (error) {
    if (error instanceof BotNotRunningError) throw new BotNotRunningError(error.baseUrl, 'balance needs a running bot: the exchange or the paper account holds the balances, not the database');
    throw error;
  }
  output(options, answer, () => balancesTable(answer.balances));
}
