import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { postgresOpenError } from '../sql/postgres.connect.js';
import { describeHolder, InstanceLockedError, isoSeconds, type InstanceHolder, type InstanceLock } from './instance-lock.js';

export interface PostgresLockOptions {
  /** Without `schema`: that is given resolved (the search path the tables live in). */
  readonly connectionString: string;
  readonly schema: string;
  /** Where the database is, safe to print. */
  readonly location: string;
  readonly holder: InstanceHolder;
  /**
   * The lock's session ended while the run goes on (server restart, terminated backend,
   * network): another run can now start on the same database, so this one should stop.
   */
  readonly onLost: (error: Error) => void;
}

/**
 * A session advisory lock on a connection of its own, held for the life of the process: the
 * server drops it when the session ends, so a killed holder never blocks the next start. The
 * connection's application_name names the holder, and a refused process finds the session that
 * holds the key through pg_locks and pg_stat_activity: no table, nothing written.
 */
export async function acquirePostgresLock(options: PostgresLockOptions): Promise<InstanceLock> {
  const client = new pg.Client({
    connectionString: withoutApplicationName(options.connectionString),
    application_name: applicationName(options.holder),
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
  });
  let held = false;
  let released = false;
  const lost = (error: Error): void => {
    if (!held || released) return;
    released = true;
    options.onLost(error);
  };
  client.on('error', lost);
  client.on('end', () => lost(new Error(`the instance lock's session on ${options.location} ended`)));
  try {
    await client.connect();
  } catch (error) {
    throw postgresOpenError(error, options.location, options.connectionString);
  }
  try {
    const name = (await client.query<{ name: string }>('select current_database() as name')).rows[0]?.name ?? '';
    const key = instanceLockKey(name, options.schema);
    held = await takeOrName(client, key, `${options.location} (schema ${options.schema})`);
  } catch (error) {
    await client.end().catch(() => {});
    throw error instanceof InstanceLockedError ? error : postgresOpenError(error, options.location, options.connectionString);
  }
  return {
    release: async () => {
      if (released) return;
      released = true;
      // Ending the session releases every advisory lock it holds.
      await client.end().catch(() => {});
    },
  };
}

/**
 * The advisory-lock key of a database's schema: the first 64 bits of a SHA-256, the same in
 * every process and version. The bot prefix is not part of it: deals are not kept per prefix,
 * so two runs on one schema would each work the other's deals whatever their prefixes.
 */
export function instanceLockKey(database: string, schema: string): bigint {
  return createHash('sha256').update(`dealbot instance lock\0${database}\0${schema}`).digest().readBigInt64BE(0);
}

const ATTEMPTS = 3;

/** True once the key is held; throws InstanceLockedError naming the session that holds it. */
async function takeOrName(client: pg.Client, key: bigint, where: string): Promise<boolean> {
  let holder: string | null = null;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [key.toString()]);
    if (rows[0]?.locked === true) return true;
    holder = await holderOf(client, key);
    if (holder !== null) break;
    // Held a moment ago but by nobody now: its holder has just ended; try again.
    await delay(50);
  }
  throw new InstanceLockedError(where, holder ?? 'a session that ended while this run looked for it');
}

interface HolderRow {
  pid: number;
  application_name: string | null;
  backend_start: Date | null;
}

/** A bigint advisory key shows in pg_locks as classid (high 32 bits), objid (low) and objsubid 1. */
async function holderOf(client: pg.Client, key: bigint): Promise<string | null> {
  const unsigned = BigInt.asUintN(64, key);
  const { rows } = await client.query<HolderRow>(
    `select a.pid, a.application_name, a.backend_start
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.objsubid = 1
        and l.database = (select oid from pg_database where datname = current_database())
        and l.classid = $1::oid and l.objid = $2::oid`,
    [(unsigned >> 32n).toString(), BigInt.asUintN(32, unsigned).toString()],
  );
  const row = rows[0];
  if (!row) return null;
  const holder = parseApplicationName(row.application_name ?? '', row.backend_start);
  return holder ? describeHolder(holder) : `PostgreSQL session ${row.pid}, application "${row.application_name ?? ''}"`;
}

/**
 * `dealbot <pid> <prefix> <host>`: PostgreSQL keeps 63 bytes of it, so the host comes last and
 * may be cut short. The start is the session's backend_start, which the server keeps itself.
 */
export function applicationName(holder: InstanceHolder): string {
  return `dealbot ${holder.pid} ${holder.botPrefix} ${holder.host}`;
}

function parseApplicationName(name: string, started: Date | null): InstanceHolder | null {
  const match = /^dealbot (\d+) (\S+) (.*)$/.exec(name);
  if (!match) return null;
  return { pid: Number(match[1]), botPrefix: match[2] ?? '', host: match[3] ?? '', startedAt: started ? isoSeconds(started) : 'at an unknown time' };
}

/** An application_name in the URL would replace the one naming the holder. */
function withoutApplicationName(connectionString: string): string {
  const url = new URL(connectionString);
  url.searchParams.delete('application_name');
  return url.toString();
}
