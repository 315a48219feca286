import { sql, type Expression } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

export interface ColumnTypes {
  /** Exact decimal money: TEXT in SQLite, NUMERIC (keeps the written scale) in PostgreSQL. */
  readonly money: 'text' | 'numeric';
  /** Text keys that sort byte-wise, as SQLite's default collation does. */
  readonly key: 'text' | Expression<unknown>;
  /** UTC milliseconds. */
  readonly time: 'bigint';
  readonly float: 'double precision';
}

export function columnTypes(dialect: SqlDialect): ColumnTypes {
  return {
    money: dialect === 'sqlite' ? 'text' : 'numeric',
    key: dialect === 'sqlite' ? 'text' : sql`text collate "C"`,
    time: 'bigint',
    float: 'double precision',
  };
}
