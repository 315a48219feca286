import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type DialectAdapter, type Driver, type SqliteDialectConfig } from 'kysely';

/**
 * Takes the write lock when a transaction begins. A deferred `begin` that reads and then
 * writes can fail at once with SQLITE_BUSY when another connection wrote in between (the
 * busy timeout does not help there); `begin immediate` waits for the lock instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  /** better-sqlite3 says whether a transaction is open; Kysely's interface does not include it. */
  readonly #handle: { readonly inTransaction?: boolean } | null;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#handle = typeof config.database === 'function' ? null : (config.database as { readonly inTransaction?: boolean });
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR, ...);
   * a second rollback would fail with "no transaction is active" and hide the real error.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#handle?.inTransaction === false) return;
    await super.rollbackTransaction(connection);
  }
}

/** SQLite runs DDL inside transactions, so each migration run is all or nothing. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Kysely's SQLite dialect with immediate transactions and transactional migrations. */
export class DealbotSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
