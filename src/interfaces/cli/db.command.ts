import { databaseUrl } from './cli-options.js';
import type { CliDeps } from './session.js';

export interface DbOptions {
  readonly config: string;
  readonly database?: string;
}

export async function dbCommand(deps: CliDeps, options: DbOptions, action: 'migrate' | 'status'): Promise<string> {
  // loaded when the command runs, not when it is registered: `dealbot --help` needs neither zod nor kysely
  const [{ loadCheckedConfig }, { migrationStatus }] = await Promise.all([import('./config-check.command.js'), import('../../infrastructure/persistence/sql/index.js')]);
  const url = databaseUrl(options.database, () => loadCheckedConfig(options.config).database);
  if (action === 'migrate') return migrate(deps, url);
  // status only reads: it creates nothing, and a mistyped path is named rather than made
  const database = await deps.openDatabase(url, { readOnly: true });
  try {
    const { applied, pending } = await migrationStatus(database);
    const lines = [...applied.map((name) => `applied  ${name}`), ...pending.map((name) => `pending  ${name}`)];
    if (pending.length > 0) lines.push(`run \`dealbot db migrate --database ${database.location}\` to apply the pending migrations`);
    return `${database.location}\n${lines.join('\n')}`;
  } finally {
    await database.close();
  }
}

/** Applies the pending migrations; a failed first migration leaves no new file or folder behind. */
async function migrate(deps: CliDeps, url: string): Promise<string> {
  const [{ removeIfCreated }, { migrateToLatest }] = await Promise.all([import('./database-access.js'), import('../../infrastructure/persistence/sql/index.js')]);
  const undo = removeIfCreated(url);
  let applied: string[];
  let location: string;
  try {
    const database = await deps.openDatabase(url);
    location = database.location;
    try {
      applied = await migrateToLatest(database);
    } finally {
      await database.close();
    }
  } catch (error) {
    undo(error);
    throw error;
  }
  return `${location}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}`;
}
