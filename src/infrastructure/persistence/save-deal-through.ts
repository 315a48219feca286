import type { Deal } from '../../domain/deal/deal.entity.js';
import type { UnitOfWork } from '../../domain/ports/repositories.port.js';

/** `UnitOfWork.saveDeal` as a unit of work over the repositories: for stores with nothing faster. */
export function saveDealThrough(uow: Pick<UnitOfWork, 'run'>, deal: Deal): Promise<void> {
  return uow.run(async (repos) => {
    await repos.deals.save(deal);
    await repos.outbox.add(deal.pullEvents());
  });
}

/** `UnitOfWork.saveDeals` as one unit of work over the repositories: every deal and its events, one commit. */
export function saveDealsThrough(uow: Pick<UnitOfWork, 'run'>, deals: readonly Deal[]): Promise<void> {
  return uow.run(async (repos) => {
    for (const deal of deals) {
      await repos.deals.save(deal);
      await repos.outbox.add(deal.pullEvents());
    }
  });
}
