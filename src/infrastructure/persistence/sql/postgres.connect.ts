import pg from 'pg';
import { DatabaseOpenError, messageOf } from './database.errors.js';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Per pool, not global: BIGINT (times, counts) comes back as a number, NUMERIC (money) as
 * its exact text. Anything else keeps pg's usual parser.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return parseInt8;
    if (oid === NUMERIC_OID) return (text: string) => text;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
  return value;
}

export interface PostgresPoolOptions {
  readonly connectionString: string;
  /** Tables live in this schema: it is the search path of every connection. */
  readonly schema: string | null;
  readonly max?: number;
}

export function createPostgresPool(options: PostgresPoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    types,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    ...(options.schema === null ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle connection dropped by the server: pg discards it; without a listener it would crash the process.
  pool.on('error', () => {});
  return pool;
}

/** A pg error as one line, the password cut out wherever it may have been echoed. */
export function postgresOpenError(error: unknown, location: string, connectionString: string): DatabaseOpenError {
  let text = messageOf(error);
  const password = passwordOf(connectionString);
  if (password) text = text.split(password).join('***');
  return new DatabaseOpenError('UNREACHABLE', `cannot use the PostgreSQL database ${location}: ${text}`);
}

function passwordOf(connectionString: string): string {
  try {
    return decodeURIComponent(new URL(connectionString).password);
  } catch {
    return '';
  }
}
