import type { Kysely } from 'kysely';
import type { SqlDialect } from './migrations/index.js';
import type { DealbotSchema } from './schema.js';

/** One open database: the Kysely instance every repository shares, and where it is. */
export interface SqlDatabase {
  readonly db: Kysely<DealbotSchema>;
  readonly dialect: SqlDialect;
  /** The PostgreSQL schema holding the tables (the search path); null on SQLite. */
  readonly schema: string | null;
  /** Where the database is, safe to print: no password. */
  readonly location: string;
  close(): Promise<void>;
}
