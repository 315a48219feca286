import type { Deal } from '../../src/domain/deal/deal.entity.js';
import type { Repositories, UnitOfWork } from '../../src/domain/ports/repositories.port.js';
import type { InMemoryUnitOfWork } from '../../src/infrastructure/persistence/in-memory/in-memory.unit-of-work.js';
import { saveDealsThrough, saveDealThrough } from '../../src/infrastructure/persistence/save-deal-through.js';

/**
 * A database whose next commit after `failNextCommit` is set fails with `message`: SQLITE_BUSY,
 * a lost connection, or the process dying with the write.
 */
export class FailingUnitOfWork implements UnitOfWork {
  failNextCommit = false;
  constructor(
    private readonly inner: InMemoryUnitOfWork,
    private readonly message: string,
  ) {}
  async run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    if (this.failNextCommit) {
      this.failNextCommit = false;
      throw new Error(this.message);
    }
    return this.inner.run(work);
  }
  saveDeal(deal: Deal): Promise<void> {
    return saveDealThrough(this, deal);
  }
  saveDeals(deals: readonly Deal[]): Promise<void> {
    return saveDealsThrough(this, deals);
  }
  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.inner.read(work);
  }
}
