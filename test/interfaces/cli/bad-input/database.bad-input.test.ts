import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { migrateTo, migrateToLatest, openDatabase } from '../../../../src/infrastructure/persistence/sql/index.js';
import { badInputTable, isRoot, type BadCase } from './harness.js';

/** A database file made by the real migrator: `upTo` one migration, all, or one from a newer dealbot. */
async function database(dir: string, file: string, state: 'latest' | 'first' | 'newer'): Promise<void> {
  const db = await openDatabase(`sqlite:${join(dir, file)}`);
  try {
    if (state === 'first') await migrateTo(db, '0001_initial');
    else await migrateToLatest(db);
    if (state === 'newer') await sql`insert into kysely_migration (name, timestamp) values ('9999_future', '2099-01-01T00:00:00.000Z')`.execute(db.db);
  } finally {
    await db.close();
  }
}

/** A SQLite file with a table that is not dealbot's. */
function foreignDatabase(dir: string, file: string): void {
  const db = new BetterSqlite3(join(dir, file));
  db.exec('create table notes (text text)');
  db.close();
}

const list = (name: string, url: string, says: RegExp, extra: Partial<BadCase> = {}): BadCase => ({ name, args: ['deals', 'list', '--database', url], code: 1, says, ...extra });
const status = (name: string, url: string, says: RegExp, extra: Partial<BadCase> = {}): BadCase => ({ name, args: ['db', 'status', '--database', url], code: 1, says, ...extra });
const migrate = (name: string, url: string, says: RegExp, extra: Partial<BadCase> = {}): BadCase => ({ name, args: ['db', 'migrate', '--database', url], code: 1, says, ...extra });

const MISSING = /sqlite:\/.*\/no\/such\/dir\/x\.db does not exist: no such file or folder/;
const UNMIGRATED = /sqlite:\/.*\/(empty|foreign|memory|old)\.db.* run `dealbot db migrate/;
const FULL_DISK = 'full';

/** A 64 KiB tmpfs filled to the last byte, mounted in the working folder (root only). */
function mountFullDisk(dir: string): void {
  const mount = join(dir, FULL_DISK);
  mkdirSync(mount);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
  try {
    writeFileSync(join(mount, 'filler'), Buffer.alloc(1 << 20));
  } catch {
    // ENOSPC: the disk is full, as wanted
  }
}

const canMount = ((): string | undefined => {
  if (!isRoot) return 'mounting a tmpfs needs root';
  try {
    return readFileSync('/proc/filesystems', 'utf8').includes('tmpfs') ? undefined : 'no tmpfs in this kernel';
  } catch {
    return 'cannot read /proc/filesystems';
  }
})();

function unmountFullDisk(dir: string): void {
  try {
    execFileSync('umount', [join(dir, FULL_DISK)], { stdio: 'ignore' });
  } catch {
    // not mounted: the setup failed before mounting
  }
}

/** Runs the case with a full disk mounted at ./full (root only; skipped with the reason otherwise). */
const onFullDisk: Partial<BadCase> = { ...(canMount === undefined ? { setup: mountFullDisk } : { skip: canMount }), teardown: unmountFullDisk };

const cases: BadCase[] = [
  list('deals list: mistyped path in a missing folder', 'sqlite:./no/such/dir/x.db', MISSING),
  status('db status: mistyped path in a missing folder', 'sqlite:./no/such/dir/x.db', MISSING),
  list('deals list: missing file', 'sqlite:./typo.db', /sqlite:\/.*\/typo\.db does not exist/),
  status('db status: missing file', 'sqlite:./typo.db', /sqlite:\/.*\/typo\.db does not exist/),
  list('deals list: empty (0 byte) file', 'sqlite:./empty.db', UNMIGRATED, { files: { 'empty.db': '' } }),
  list('deals list: a SQLite file that is not dealbot\'s', 'sqlite:./foreign.db', UNMIGRATED, { setup: (d) => foreignDatabase(d, 'foreign.db') }),
  list('deals list: pending migrations', 'sqlite:./old.db', /sqlite:\/.*\/old\.db has pending migrations \(0002_outbox.*\); run `dealbot db migrate/, { setup: (d) => database(d, 'old.db', 'first') }),
  list('deals list: in-memory database', 'sqlite::memory:', /sqlite::memory: .*run `dealbot db migrate/),
  list('deals list: migrated by a newer dealbot', 'sqlite:./newer.db', /newer\.db was migrated by a newer dealbot/, { setup: (d) => database(d, 'newer.db', 'newer') }),
  status('db status: migrated by a newer dealbot', 'sqlite:./newer.db', /newer\.db was migrated by a newer dealbot/, { setup: (d) => database(d, 'newer.db', 'newer') }),
  migrate('db migrate: migrated by a newer dealbot', 'sqlite:./newer.db', /newer\.db was migrated by a newer dealbot/, { setup: (d) => database(d, 'newer.db', 'newer') }),
  list('deals list: a text file', 'sqlite:./notes.db', /notes\.db is not a SQLite database/, { files: { 'notes.db': 'my trading notes, not a database\n'.repeat(20) } }),
  status('db status: a text file', 'sqlite:./notes.db', /notes\.db is not a SQLite database/, { files: { 'notes.db': 'my trading notes, not a database\n'.repeat(20) } }),
  migrate('db migrate: a text file', 'sqlite:./notes.db', /notes\.db is not a SQLite database/, { files: { 'notes.db': 'my trading notes, not a database\n'.repeat(20) } }),
  list('deals list: a folder', 'sqlite:./adir', /adir is a folder, not a SQLite database file/, { files: { 'adir/x': '' } }),
  migrate('db migrate: a folder', 'sqlite:./adir', /adir is a folder, not a SQLite database file/, { files: { 'adir/x': '' } }),
  migrate('db migrate: parent is a file', 'sqlite:./afile/x.db', /afile.* is not a folder/, { files: { afile: 'x' } }),
  list('deals list: parent is a file', 'sqlite:./afile/x.db', /afile\/x\.db does not exist: a part of the path is not a folder/, { files: { afile: 'x' } }),
  list('deals list: corrupted pages', 'sqlite:./bad.db', /bad\.db is not a SQLite database or is corrupted/, {
    setup: async (d) => {
      await database(d, 'bad.db', 'latest');
      const bytes = readFileSync(join(d, 'bad.db'));
      bytes.fill(0xa5, 100, 4096);
      writeFileSync(join(d, 'bad.db'), bytes);
    },
  }),
  list('deals list: unsupported scheme', 'mysql://root:hunter2@db/dealbot', /database URL "mysql:\/\/root:\*\*\*@db\/dealbot" has the unsupported scheme/),
  list('deals list: no scheme', './x.db', /database URL "\.\/x\.db" has no scheme/),
  status('db status: sqlite: names no file', 'sqlite:', /database URL "sqlite:" names no file/),
  status('db status: bad PostgreSQL schema name', 'postgres://bot@127.0.0.1:1/x?schema=1-bad', /schema "1-bad" must be letters, digits and _/),
  status('db status: PostgreSQL unreachable, password hidden', 'postgres://bot:s3cret@127.0.0.1:1/nowhere', /postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/nowhere/),
  { name: 'deals list: DATABASE_URL with a bad scheme', args: ['deals', 'list'], env: { DATABASE_URL: 'redis://localhost' }, code: 1, says: /database URL "redis:\/\/localhost" has the unsupported scheme/ },
  { name: 'deals list: config naming a missing database', args: ['deals', 'list', '-c', 'c.yaml'], files: { 'c.yaml': 'database: sqlite:./state/x.db\npairs: [{ symbol: BTC/USDT, dealQuota: "10", profitMarkup: "0.01", dealCount: 1, orderLifeTime: 60, paperMarket: { startPrice: 100, priceStep: "0.01", amountStep: "0.01" } }]\n' }, code: 1, says: /state\/x\.db does not exist/ },
  migrate('db migrate: folder without write permission', 'sqlite:./x.db', /cannot write sqlite:\/.*\/x\.db: permission denied/, { readOnlyDir: true }),
  migrate('db migrate: missing folder under a folder without write permission', 'sqlite:./sub/x.db', /cannot create the folder .*\/sub.*: permission denied/, { readOnlyDir: true }),
  migrate('db migrate: read-only database file', 'sqlite:./ro/x.db', /cannot write sqlite:\/.*\/ro\/x\.db: .*read-?only/i, {
    setup: async (d) => {
      mkdirSync(join(d, 'ro'));
      await database(d, 'ro/x.db', 'first');
      chmodSync(join(d, 'ro/x.db'), 0o444);
      chmodSync(join(d, 'ro'), 0o555);
    },
    readOnlyDir: true,
  }),
  {
    name: 'run: database in a folder without write permission',
    args: ['run', '--candles', '60', '--pace', '0', '-q', '--database', 'sqlite:./x.db'],
    readOnlyDir: true,
    code: 1,
    says: /cannot write sqlite:\/.*\/x\.db: permission denied/,
  },
  migrate('db migrate: disk full (a full tmpfs)', `sqlite:./${FULL_DISK}/x.db`, /cannot write sqlite:\/.*\/full\/x\.db: no space left on device \(SQLITE_FULL\)/, onFullDisk),
  {
    name: 'run: disk full (a full tmpfs)',
    args: ['run', '--candles', '60', '--pace', '0', '-q', '--database', `sqlite:./${FULL_DISK}/x.db`],
    code: 1,
    says: /cannot write sqlite:\/.*\/full\/x\.db: no space left on device \(SQLITE_FULL\)/,
    ...onFullDisk,
  },
];

badInputTable('bad databases', cases);
