import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DatabaseOpenError, migrateToLatest, openDatabase } from '../../../src/infrastructure/persistence/sql/index.js';

async function refusal(promise: Promise<unknown>): Promise<DatabaseOpenError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseOpenError);
  expect((error as Error).message).not.toContain('\n');
  return error as DatabaseOpenError;
}

const folder = (): string => mkdtempSync(join(tmpdir(), 'dealbot-write-'));

describe('opening SQLite read-only', () => {
  it('refuses a missing file naming it, and creates no folder or file', async () => {
    const dir = folder();
    const error = await refusal(openDatabase(`sqlite:${join(dir, 'no/such/x.db')}`, { readOnly: true }));
    expect(error.code).toBe('MISSING');
    expect(error.message).toBe(`sqlite:${join(dir, 'no/such/x.db')} does not exist: no such file or folder (ENOENT); check the path, or create it with \`dealbot db migrate --database sqlite:${join(dir, 'no/such/x.db')}\``);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reads a WAL database without creating its -wal and -shm files', async () => {
    const dir = folder();
    const url = `sqlite:${join(dir, 'state.db')}`;
    const writer = await openDatabase(url);
    await migrateToLatest(writer);
    await writer.close();
    expect(readdirSync(dir)).toEqual(['state.db']);
    const reader = await openDatabase(url, { readOnly: true });
    const { rows } = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(reader.db);
    expect(rows[0]?.n).toBeGreaterThan(0);
    await reader.close();
    expect(readdirSync(dir)).toEqual(['state.db']);
  });

  it('reads a database a writer has open, through its WAL', async () => {
    const dir = folder();
    const url = `sqlite:${join(dir, 'state.db')}`;
    const writer = await openDatabase(url);
    await migrateToLatest(writer);
    const reader = await openDatabase(url, { readOnly: true });
    const { rows } = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(reader.db);
    expect(rows[0]?.n).toBeGreaterThan(0);
    await reader.close();
    await writer.close();
  });
});

describe('a write SQLite refuses', () => {
  it('a full database (a real SQLITE_FULL from max_page_count) is one line naming the file, not "cannot rollback"', async () => {
    const dir = folder();
    const url = `sqlite:${join(dir, 'small.db')}`;
    const database = await openDatabase(url);
    try {
      await sql`pragma max_page_count = 4`.execute(database.db);
      const error = await refusal(migrateToLatest(database));
      expect(error.code).toBe('WRITE');
      expect(error.message).toBe(`cannot write ${url}: the database or disk is full (SQLITE_FULL)`);
    } finally {
      await database.close();
    }
  });

  it('a transaction that fills the database fails with SQLITE_FULL, not "no transaction is active"', async () => {
    const database = await openDatabase(`sqlite:${join(folder(), 'tx.db')}`);
    try {
      await sql`create table blobs (b blob)`.execute(database.db);
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(database.db);
      await sql.raw(`pragma max_page_count = ${(rows[0]?.page_count ?? 2) + 1}`).execute(database.db);
      const failure = await database.db
        .transaction()
        .execute(async (trx) => {
          await sql`insert into blobs values (zeroblob(100000))`.execute(trx);
        })
        .then(
          () => null,
          (e: unknown) => e as { code?: string; message: string },
        );
      expect(failure?.code).toBe('SQLITE_FULL');
      expect(failure?.message).not.toContain('no transaction is active');
    } finally {
      await database.close();
    }
  });

  it('a file that is not SQLite stays as it was', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'notes.db'), 'notes '.repeat(100));
    expect((await refusal(openDatabase(`sqlite:${join(dir, 'notes.db')}`, { readOnly: true }))).code).toBe('NOT_SQLITE');
    expect(readdirSync(dir)).toEqual(['notes.db']);
  });
});
