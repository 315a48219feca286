import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe } from 'vitest';
import { InMemoryStudyRepository } from '../../../src/infrastructure/persistence/in-memory/in-memory.studies.repository.js';
import { migrateToLatest, openDatabase, SqlStudyRepository } from '../../../src/infrastructure/persistence/sql/index.js';
import { describeStudyContract } from '../../contract/studies.contract.js';
import { migratedPostgresSchema } from '../../support/migrated-postgres.js';
import { postgresService, serviceAvailable } from '../../support/services.js';

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
  let pg: Awaited<ReturnType<typeof migratedPostgresSchema>> | undefined;
  beforeAll(async () => {
    pg = await migratedPostgresSchema();
  });
  afterAll(() => pg?.close());

  describeStudyContract('postgresql', async () => {
    const { db } = pg!.database;
    await sql`truncate studies, study_trials`.execute(db);
    return { studies: new SqlStudyRepository(db), close: async () => {} };
  });
});
