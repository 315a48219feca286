import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe } from 'vitest';
import { migrateToLatest, openDatabase, SqlUnitOfWork, type SqlDatabase } from '../../../src/infrastructure/persistence/sql/index.js';
import { describeRepositoryContract } from '../../contract/repositories.contract.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, postgresService, serviceAvailable } from '../../support/services.js';

describe('SQLite (file, WAL)', () => {
  let folder = '';
  let count = 0;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'dealbot-sqlite-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  describeRepositoryContract('sqlite', async () => {
    const database = await openDatabase(`sqlite:${join(folder, `contract-${++count}.db`)}`);
    await migrateToLatest(database);
    return { uow: new SqlUnitOfWork(database), close: () => database.close() };
  });
});

const postgresUp = await serviceAvailable(postgresService());

describe.skipIf(!postgresUp)('PostgreSQL (one schema per run)', () => {
  let database: SqlDatabase;
  let drop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const created = await createPostgresTestSchema();
    drop = created.drop;
    database = await openDatabase(POSTGRES_TEST_URL, { schema: created.schema });
    await migrateToLatest(database);
  });
  afterAll(async () => {
    await database?.close();
    await drop();
  });

  describeRepositoryContract('postgresql', async () => {
    await sql`truncate currency_pairs, deals, orders, fills, candles, outbox restart identity`.execute(database.db);
    return { uow: new SqlUnitOfWork(database), close: async () => {} };
  });
});
