import type { Deal } from '../../domain/deal/deal.entity.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { connect, output, readSource } from './api-command.js';
import { dealDetail, dealsTable, type DealView } from './api-views.js';
import { readDeals } from './database-access.js';
import { dealView, orderView } from '../http/views.js';
import type { CliDeps } from './session.js';
import type { ApiCommandOptions, DealsListOptions } from './steer-options.js';

/** `dealbot deals show <id>`: from the running bot, or from the database when none answers. */
export async function dealShowCommand(deps: CliDeps, id: string, options: DealsListOptions): Promise<void> {
  const source = await readSource(deps, options);
  if (source.kind === 'api') {
    const deal = await source.client.get<DealView>(`/deals/${encodeURIComponent(id)}`);
    output(options, deal, () => dealDetail(deal));
    return;
  }
  const [deal] = await readDeals(deps, source.url, async (deals) => {
    const found = await deals.getById(id);
    return found === null ? [] : [found];
  });
  if (deal === undefined) throw new DomainError(`no deal ${id} in the database ${source.url}`, 'NOT_FOUND');
  const view = dealViewOf(deal);
  output(options, view, () => dealDetail(view));
}

/** `dealbot deals close|cancel <id>`: through the running bot's API. */
export async function dealActionCommand(deps: CliDeps, id: string, action: 'close' | 'cancel', options: ApiCommandOptions): Promise<void> {
  const client = await connect(deps, options);
  const answer = await client.post<{ deal: DealView }>(`/deals/${encodeURIComponent(id)}/${action}`);
  output(options, answer, () => `${action === 'close' ? 'closing' : 'cancelled'} deal ${id}:\n${dealsTable([answer.deal])}`);
}

/** A deal of the database in the API's DealView shape (docs/api.md), made by the API's own views, so `show` reads alike from both. */
export function dealViewOf(deal: Deal): DealView {
  const quote = deal.symbol.split('/')[1] ?? '';
  return { ...dealView(deal, null), orders: deal.orders.map((o) => orderView(o, quote)) };
}
