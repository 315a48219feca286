import type { Command } from 'commander';
import { migrateToLatest, migrationStatus } from '../../infrastructure/persistence/sql/index.js';
import { databaseUrl, loadCheckedConfig } from './config-check.command.js';
import type { CliDeps } from './session.js';

export interface DbOptions {
  readonly config: string;
  readonly database?: string;
}

/** `dealbot db migrate` and `dealbot db status`. */
export function registerDbCommands(program: Command, deps: CliDeps): void {
  const db = program.command('db').description('the database: migrations');
  const common = (command: Command): Command =>
    command
      .option('-c, --config <file>', 'config file (YAML) naming the database', deps.defaultConfigPath)
      .option('--database <url>', 'sqlite:./file.db, sqlite::memory: or postgres://... (default: DATABASE_URL, then the config)');
  common(db.command('migrate').description('apply pending migrations')).action(async (options: DbOptions) => {
    process.stdout.write(`${await dbCommand(deps, options, 'migrate')}\n`);
  });
  common(db.command('status').description('list applied and pending migrations')).action(async (options: DbOptions) => {
    process.stdout.write(`${await dbCommand(deps, options, 'status')}\n`);
  });
}

export async function dbCommand(deps: CliDeps, options: DbOptions, action: 'migrate' | 'status'): Promise<string> {
  const url = databaseUrl(options.database, () => loadCheckedConfig(options.config).database);
  const database = await deps.openDatabase(url);
  try {
    if (action === 'migrate') {
      const applied = await migrateToLatest(database);
      return `${database.location}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}`;
    }
    const { applied, pending } = await migrationStatus(database);
    const lines = [...applied.map((name) => `applied  ${name}`), ...pending.map((name) => `pending  ${name}`)];
    return `${database.location}\n${lines.join('\n')}`;
  } finally {
    await database.close();
  }
}
