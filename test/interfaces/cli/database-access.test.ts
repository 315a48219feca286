import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseOpenError, migrateTo, migrateToLatest, openDatabase } from '../../../src/infrastructure/persistence/sql/index.js';
import { openMigratedForReading, removeIfCreated } from '../../../src/interfaces/cli/database-access.js';
import { dbCommand } from '../../../src/interfaces/cli/db.command.js';
import type { CliDeps } from '../../../src/interfaces/cli/session.js';

/** The real openDatabase is all these helpers use of the composition. */
const deps = { openDatabase } as unknown as CliDeps;

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseOpenError);
  return (error as Error).message;
}

describe('reading the database of a read-only command', () => {
  it('refuses a database without dealbot tables or with pending migrations, naming the command to run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealbot-read-'));
    writeFileSync(join(dir, 'empty.db'), '');
    const empty = `sqlite:${join(dir, 'empty.db')}`;
    expect(await refusal(openMigratedForReading(deps, empty))).toBe(`${empty} holds no dealbot tables (no migrations applied); run \`dealbot db migrate --database ${empty}\` first`);
    const old = `sqlite:${join(dir, 'old.db')}`;
    const database = await openDatabase(old);
    await migrateTo(database, '0001_initial');
    await database.close();
    expect(await refusal(openMigratedForReading(deps, old))).toMatch(new RegExp(`^${old} has pending migrations \\(0002_outbox, .*\\); run \``));
    expect(readdirSync(dir).sort()).toEqual(['empty.db', 'old.db']);
    const status = await dbCommand(deps, { config: 'unused.yaml', database: old }, 'status');
    expect(status.split('\n').slice(0, 3)).toEqual([old, 'applied  0001_initial', 'pending  0002_outbox']);
    expect(status.split('\n').at(-1)).toBe(`run \`dealbot db migrate --database ${old}\` to apply the pending migrations`);
    expect(readdirSync(dir).sort()).toEqual(['empty.db', 'old.db']);
  });

  it('opens a migrated database', async () => {
    const url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'dealbot-read-')), 'ok.db')}`;
    const writer = await openDatabase(url);
    await migrateToLatest(writer);
    await writer.close();
    const reader = await openMigratedForReading(deps, url);
    expect(reader.location).toBe(url);
    await reader.close();
  });
});

describe('removeIfCreated', () => {
  it('after a refusal of the disk, removes the file, its sidecars and the folders made for it, and nothing that was there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dealbot-undo-'));
    const undo = removeIfCreated(`sqlite:${join(dir, 'a/b/x.db')}`);
    const database = await openDatabase(`sqlite:${join(dir, 'a/b/x.db')}`);
    await migrateToLatest(database);
    await database.close();
    expect(existsSync(join(dir, 'a/b/x.db'))).toBe(true);
    undo(new Error('not a refusal of the disk'));
    expect(existsSync(join(dir, 'a/b/x.db'))).toBe(true);
    undo(new DatabaseOpenError('WRITE', 'cannot write x.db: no space left on device (SQLITE_FULL)'));
    expect(readdirSync(dir)).toEqual([]);

    writeFileSync(join(dir, 'kept.db'), '');
    removeIfCreated(`sqlite:${join(dir, 'kept.db')}`)(new DatabaseOpenError('WRITE', 'x'));
    expect(readdirSync(dir)).toEqual(['kept.db']);
    expect(() => removeIfCreated('postgres://bot@127.0.0.1/x')(new DatabaseOpenError('WRITE', 'x'))).not.toThrow();
  });
});
