import { InvalidArgumentError, type Command } from 'commander';
import { ApiClient } from './api-client.js';
import { BotNotRunningError } from './api-errors.js';
import { apiUrlOption, configPath, resolveApiTarget, type ApiOptions } from './api-target.js';
import type { CliDeps } from './session.js';

/** Adds the options every steering command takes: where the bot is, --json, --verbose. */
export function withApiOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'config whose api: section says where the bot listens (default: ./dealbot.yaml if present, else the packaged default)')
    .option('--api-url <url>', 'the bot\'s API, e.g. http://127.0.0.1:8437 (default: DEALBOT_API_URL, then the config\'s api: host and port)', apiUrlOption)
    .option('--json', 'print the API\'s JSON as it is, for scripts')
    .option('--verbose', 'say on stderr where the bot or the data was found');
}

/** A key the API accepts: 1-200 printable characters (docs/api.md, "Idempotency"). */
export function idempotencyKeyOption(value: string): string {
  if (!/^[\x21-\x7e]{1,200}$/.test(value)) throw new InvalidArgumentError(`--idempotency-key must be 1-200 printable characters without spaces, got "${value}"`);
  return value;
}

/**
 * The options of a command that acts: those of withApiOptions and --idempotency-key, so a script
 * that retries after a timeout gets the first call's answer instead of acting twice.
 */
export function withActingOptions(command: Command): Command {
  return withApiOptions(command).option('--idempotency-key <key>', 'send this Idempotency-Key (default: a fresh random one); a repeat with the same key gets the first answer without acting again', idempotencyKeyOption);
}

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
