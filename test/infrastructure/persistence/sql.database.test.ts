import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseOpenError, knownMigrations, migrateToLatest, openDatabase, parseDatabaseUrl, redactUrl } from '../../../src/infrastructure/persistence/sql/index.js';
import { createPostgresTestSchema, POSTGRES_TEST_URL, postgresService, serviceAvailable } from '../../support/services.js';

async function refusal(promise: Promise<unknown>): Promise<DatabaseOpenError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseOpenError);
  const refused = error as DatabaseOpenError;
  expect(refused.message).not.toMatch(/\n/);
  return refused;
}

describe('redactUrl', () => {
  it('hides the password of a URL and keeps the rest', () => {
    expect(redactUrl('postgres://bot:s3cret@db.example:5432/dealbot')).toBe('postgres://bot:***@db.example:5432/dealbot');
    expect(redactUrl('postgresql://bot:p%40ss%2Fword@db/dealbot?sslmode=require')).toBe('postgresql://bot:***@db/dealbot?sslmode=require');
  });

  it('hides secret query parameters', () => {
    const redacted = redactUrl('postgres://bot@db/dealbot?password=s3cret&sslmode=require&sslpassword=k3y');
    expect(redacted).not.toMatch(/s3cret|k3y/);
    expect(redacted).toContain('sslmode=require');
  });

  it('hides a password even when the URL does not parse', () => {
    expect(redactUrl('postgres://bot:pa/ss#word@db/dealbot')).toBe('postgres://bot:***@db/dealbot');
    expect(redactUrl('host=db password=s3cret')).not.toContain('s3cret');
  });

  it('leaves URLs without secrets alone', () => {
    expect(redactUrl('postgres://bot@db:5432/dealbot')).toBe('postgres://bot@db:5432/dealbot');
    expect(redactUrl('sqlite:./data/dealbot.db')).toBe('sqlite:./data/dealbot.db');
  });
});

describe('parseDatabaseUrl', () => {
  it('reads SQLite paths, memory and PostgreSQL URLs', () => {
    expect(parseDatabaseUrl('sqlite:./data/dealbot.db')).toEqual({ dialect: 'sqlite', path: './data/dealbot.db' });
    expect(parseDatabaseUrl('sqlite:///var/lib/dealbot.db')).toEqual({ dialect: 'sqlite', path: '/var/lib/dealbot.db' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(parseDatabaseUrl('postgresql://bot@db/dealbot?schema=trading')).toEqual({ dialect: 'postgres', connectionString: 'postgresql://bot@db/dealbot', schema: 'trading' });
    expect(parseDatabaseUrl('postgres://bot@db/dealbot')).toMatchObject({ dialect: 'postgres', schema: null });
  });

  it('refuses other schemes with one line that names the URL without its password', async () => {
    for (const url of ['mysql://root:hunter2@db/dealbot', 'dealbot.db', 'sqlite:', 'postgres://bot:hunter2@db/x?schema=bad-name']) {
      const error = await refusal(openDatabase(url));
      expect(error.code).toBe('BAD_URL');
      expect(error.message).not.toContain('hunter2');
    }
    expect((await refusal(openDatabase('mysql://root:hunter2@db/dealbot'))).message).toMatch(/^database URL "mysql:\/\/root:\*\*\*@db\/dealbot" has the unsupported scheme "mysql:"/);
  });
});

describe('openDatabase on SQLite', () => {
  let folder = '';
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'dealbot-open-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('creates the folder and the file on first use, with WAL, a busy timeout and foreign keys', async () => {
    const file = join(folder, 'new', 'nested', 'dealbot.db');
    const database = await openDatabase(`sqlite:${file}`);
    try {
      expect(existsSync(file)).toBe(true);
      const pragma = async (name: string) => Object.values((await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(database.db)).rows[0] ?? {})[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('busy_timeout')).toBe(5000);
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('synchronous')).toBe(2); // FULL: a commit is on disk before it returns
      expect(database.location).toBe(`sqlite:${file}`);
    } finally {
      await database.close();
    }
  });

  it('opens an in-memory database', async () => {
    const database = await openDatabase('sqlite::memory:');
    expect(await migrateToLatest(database)).toEqual(knownMigrations());
    await database.close();
  });

  it('refuses a folder it cannot create, naming it, and writes nothing', async () => {
    const blocker = join(folder, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const error = await refusal(openDatabase(`sqlite:${join(blocker, 'sub', 'dealbot.db')}`));
    expect(error.code).toBe('DIRECTORY');
    expect(error.message).toContain(blocker);
    expect(readFileSync(blocker, 'utf8')).toBe('not a folder');
  });

  it('refuses a file that is not SQLite and leaves it as it was', async () => {
    const file = join(folder, 'notes.db');
    writeFileSync(file, 'these are my trading notes, not a database\n'.repeat(200));
    const before = readFileSync(file);
    const error = await refusal(openDatabase(`sqlite:${file}`));
    expect(error.code).toBe('NOT_SQLITE');
    expect(error.message).toBe(`sqlite:${file} is not a SQLite database or is corrupted (its header is wrong)`);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(folder).filter((name) => name.startsWith('notes.db'))).toEqual(['notes.db']);
  });

  it('refuses a SQLite file whose pages are corrupted and leaves it as it was', async () => {
    const file = join(folder, 'corrupted.db');
    const database = await openDatabase(`sqlite:${file}`);
    await migrateToLatest(database);
    await database.close();
    const bytes = readFileSync(file);
    bytes.fill(0xa5, 100, 4096); // page 1 after the header: the schema table
    writeFileSync(file, bytes);
    const error = await refusal(openDatabase(`sqlite:${file}`));
    expect(error.code).toBe('NOT_SQLITE');
    expect(error.message).toMatch(new RegExp(`^sqlite:${file} is not a SQLite database or is corrupted \\(`));
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a database migrated by a newer dealbot and leaves it as it was', async () => {
    const file = join(folder, 'newer.db');
    const database = await openDatabase(`sqlite:${file}`);
    await migrateToLatest(database);
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2099-01-01T00:00:00.000Z')`.execute(database.db);
    await database.close();
    const before = readFileSync(file);
    const error = await refusal(openDatabase(`sqlite:${file}`));
    expect(error.code).toBe('NEWER_VERSION');
    expect(error.message).toBe(`sqlite:${file} was migrated by a newer dealbot (unknown migrations: 9999_from_the_future); upgrade dealbot or use another database`);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(folder).filter((name) => name.startsWith('newer.db'))).toEqual(['newer.db']);
  });
});

const postgresUp = await serviceAvailable(postgresService());

describe.skipIf(!postgresUp)('openDatabase on PostgreSQL', () => {
  it('creates the schema named in the URL when migrating, and keeps the tables there', async () => {
    const { schema, drop } = await createPostgresTestSchema();
    await drop();
    const database = await openDatabase(`${POSTGRES_TEST_URL}?schema=${schema}`);
    try {
      expect(database.schema).toBe(schema);
      expect(await migrateToLatest(database)).toEqual(knownMigrations());
      const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
      expect(tables.filter((t) => t.schema === schema).map((t) => t.name).sort()).toEqual(['api_requests', 'candles', 'currency_pairs', 'deals', 'fills', 'kysely_migration', 'kysely_migration_lock', 'orders', 'outbox', 'outbox_cursors', 'pauses', 'studies', 'study_trials', 'take_profit_targets']);
    } finally {
      await database.close();
      await drop();
    }
  });

  it('never shows the password when the server cannot be reached', async () => {
    const error = await refusal(openDatabase('postgres://postgres:hunter2secret@127.0.0.1:1/test'));
    expect(error.code).toBe('UNREACHABLE');
    expect(error.message).not.toContain('hunter2secret');
    expect(error.message).toMatch(/^cannot use the PostgreSQL database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test: /);
  });

  it('says which database does not exist', async () => {
    const url = new URL(POSTGRES_TEST_URL);
    url.password = 'hunter2secret';
    url.pathname = '/dealbot_no_such_database';
    const error = await refusal(openDatabase(url.toString()));
    expect(error.message).toContain('dealbot_no_such_database');
    expect(error.message).not.toContain('hunter2secret');
  });

  it('refuses a schema migrated by a newer dealbot', async () => {
    const { schema, drop } = await createPostgresTestSchema();
    try {
      const database = await openDatabase(POSTGRES_TEST_URL, { schema });
      await migrateToLatest(database);
      await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2099-01-01T00:00:00.000Z')`.execute(database.db);
      await database.close();
      const error = await refusal(openDatabase(`${POSTGRES_TEST_URL}?schema=${schema}`));
      expect(error.code).toBe('NEWER_VERSION');
      expect(error.message).toContain('9999_from_the_future');
    } finally {
      await drop();
    }
  });
});
