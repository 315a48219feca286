import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe } from 'vitest';
import { InMemoryStudyRepository } from '../../../src/infrastructure/persistence/in-memory/in-memory.studies.repository.js';
import { migrateToLatest, openDatabase, SqlStudyRepository, type SqlDatabase } from '../../../src/infrastructure/persistence/sql/index.js';
import { describeStudyContract } from '../../contract/studies.contract.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, postgresService, serviceAvailable } from '../../support/services.js';

describeStudyContract('in-memory', async () => ({ studies: new InMemoryStudyRepository(), close: async () => {} }));

describe('SQLite (file)', () => {
  let folder = '';
  let count = 0;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'dealbot-studies-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  describeStudyContract('sqlite', async () => {
    const database = await openDatabase(`sqlite:${join(folder, `studies-${++count}.db`)}`);
    await migrateToLatest(database);
    return { studies: new SqlStudyRepository(database.db), close: () => database.close() };
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

  describeStudyContract('postgresql', async () => {
    await sql`truncate studies, study_trials`.execute(database.db);
    return { studies: new SqlStudyRepository(database.db), close: async () => {} };
  });
});
