import { AsyncLocalStorage } from 'node:async_hooks';
import type { Deal } from '../../../domain/deal/deal.entity.js';
import type { Repositories, UnitOfWork } from '../../../domain/ports/repositories.port.js';
import { saveDealsThrough, saveDealThrough } from '../save-deal-through.js';
import type { SqlDatabase } from './sql-database.js';
import { sqlRepositories } from './sql.repositories.js';

/**
 * Runs each unit of work in one database transaction: the state changes and their outbox
 * rows commit together, or a throw rolls all of them back. Publishing is the outbox
 * relay's job, after commit.
 */
export class SqlUnitOfWork implements UnitOfWork {
  readonly #inside = new AsyncLocalStorage<true>();

  constructor(
    readonly database: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    // SQLite has one connection: a nested transaction would wait for itself forever.
    if (this.#inside.getStore()) throw new Error('SqlUnitOfWork.run was called inside another run: pass the repositories down instead');
    return this.#inside.run(true, () => this.database.db.transaction().execute((trx) => work(sqlRepositories(trx, this.now, this.database.dialect))));
  }

  saveDeal(deal: Deal): Promise<void> {
    return saveDealThrough(this, deal);
  }

  saveDeals(deals: readonly Deal[]): Promise<void> {
    return saveDealsThrough(this, deals);
  }

  /**
   * Reads of committed state outside any transaction (no write lock on SQLite): for the API,
   * the CLI and reports. Writes belong in run().
   */
  get repositories(): Repositories {
    return sqlRepositories(this.database.db, this.now, this.database.dialect);
  }

  async read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return work(this.repositories);
  }
}
