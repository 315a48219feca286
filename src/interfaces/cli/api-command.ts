import { ApiClient } from './api-client.js';
import { BotNotRunningError } from './api-errors.js';
import { configPath, resolveApiTarget, type ApiOptions } from './api-target.js';
import type { CliDeps } from './session.js';

/** A client of the bot the options name (the API's address and token resolved, nothing sent yet). */
export async function connect(deps: CliDeps, options: ApiOptions & { readonly idempotencyKey?: string }): Promise<ApiClient> {
  const client = new ApiClient(await resolveApiTarget(options, deps.defaultConfigPath), undefined, options.idempotencyKey);
  note(options, `the bot's API at ${client.target.baseUrl}, token ${client.target.tokenSource === null ? 'not set' : `from ${client.target.tokenSource}`}`);
  return client;
}

export type ReadSource = { readonly kind: 'api'; readonly client: ApiClient } | { readonly kind: 'database'; readonly url: string; readonly botUrl?: string };

/**
 * Where a read command reads: the database when --database names one, else the running bot's
 * API when one answers, else the database of DATABASE_URL or the config. Said on stderr with --verbose.
 */
export async function readSource(deps: CliDeps, options: ApiOptions & { readonly database?: string }): Promise<ReadSource> {
  if (options.database !== undefined) {
    note(options, `reading the database ${options.database} (--database)`);
    return { kind: 'database', url: options.database };
  }
  const client = await connect(deps, options);
  if (await client.isRunning()) {
    note(options, `reading from the running bot at ${client.target.baseUrl}`);
    return { kind: 'api', client };
  }
  const [{ loadCheckedConfig }, { databaseUrl }] = await Promise.all([import('./config-check.command.js'), import('./cli-options.js')]);
  const path = configPath(options.config, deps.defaultConfigPath);
  const url = databaseUrl(undefined, () => loadCheckedConfig(path).database);
  if (url === 'sqlite::memory:') throw new BotNotRunningError(client.target.baseUrl, `the config's database is sqlite::memory:, which only the bot itself can read`);
  note(options, `no dealbot is running at ${client.target.baseUrl}; reading the database ${url}`);
  return { kind: 'database', url, botUrl: client.target.baseUrl };
}

/** A line on stderr for --verbose: what was used, never a secret. */
export function note(options: { readonly verbose?: boolean }, line: string): void {
  if (options.verbose) process.stderr.write(`dealbot: ${line}\n`);
}

/** The API's JSON as it is (--json), or the view for people. */
export function output(options: { readonly json?: boolean }, answer: unknown, view: () => string): void {
  process.stdout.write(`${options.json ? JSON.stringify(answer, null, 2) : view()}\n`);
}

/** A pair for a path: `ETH/BTC` is `/pairs/ETH/BTC`, each part encoded. */
export function pairPath(pair: string): string {
  return pair.split('/').map(encodeURIComponent).join('/');
}
