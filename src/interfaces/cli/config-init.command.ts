import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fsCause } from '../../infrastructure/shared/fs-error.js';
import { API_TOKEN_VARIABLE } from '../../infrastructure/config/credentials.js';
import { DEFAULT_API_HOST, DEFAULT_API_PORT, LOCAL_CONFIG } from './api-target.js';
import { OutputFileError } from './cli-errors.js';

export interface ConfigInitOptions {
  readonly force?: boolean;
  readonly dir?: string;
}

const TOKEN_LINE = new RegExp(`^\\s*(export\\s+)?${API_TOKEN_VARIABLE}\\s*=.*$`, 'm');

/** The default config as `dealbot.yaml`: state in a file beside it, the API on. */
export function initialConfig(defaultConfig: string): string {
  const config = defaultConfig.replace(/^database: .*$/m, 'database: "sqlite:./dealbot.db"   # kept across restarts; `dealbot deals list` reads it when no bot runs');
  const api = [
    '',
    `api:                     # the REST API and dashboard (docs/api.md); the token is ${API_TOKEN_VARIABLE} in .env`,
    '  enabled: true',
    `  host: ${DEFAULT_API_HOST}        # loopback only; another address needs the token`,
    `  port: ${DEFAULT_API_PORT}`,
    '',
  ].join('\n');
  return `${config.trimEnd()}\n${api}`;
}

/**
 * Writes both files or neither: every check first, then each file to a temporary name, then the
 * renames. Prints where it wrote; never the token.
 */
export function configInitCommand(defaultConfigPath: string, options: ConfigInitOptions): string {
  const dir = resolve(options.dir ?? '.');
  let folder;
  try {
    folder = statSync(dir);
  } catch (error) {
    throw new OutputFileError(`cannot write into ${dir}: ${fsCause(error)}`);
  }
  if (!folder.isDirectory()) throw new OutputFileError(`cannot write into ${dir}: it is not a folder`);
  const configFile = join(dir, LOCAL_CONFIG);
  const envFile = join(dir, '.env');
  const env = existsSync(envFile) ? read(envFile) : '';
  if (TOKEN_LINE.test(env) && !options.force) throw new OutputFileError(`${envFile} already holds ${API_TOKEN_VARIABLE}; run \`dealbot config init --force\` to replace it (a running bot keeps the old one until restarted)`);
  const writeConfig = !existsSync(configFile);
  const token = randomBytes(32).toString('hex');
  const lines = env.replace(/\n+$/, '');
  const kept = lines === '' ? [] : lines.split('\n').filter((line) => !TOKEN_LINE.test(line));
  const writes: [string, string, number][] = [[envFile, `${[...kept, `${API_TOKEN_VARIABLE}=${token}`].join('\n')}\n`, 0o600]];
  if (writeConfig) writes.push([configFile, initialConfig(read(defaultConfigPath)), 0o644]);
  const temporary = writes.map(([path]) => `${path}.${process.pid}.tmp`);
  try {
    writes.forEach(([, text, mode], i) => {
      writeFileSync(temporary[i] as string, text, { mode, flag: 'wx' });
      chmodSync(temporary[i] as string, mode);
    });
    writes.forEach(([path], i) => renameSync(temporary[i] as string, path));
  } catch (error) {
    for (const path of temporary) rmSync(path, { force: true });
    throw new OutputFileError(`cannot write into ${dir}: ${fsCause(error)}`);
  }
  return [
    writeConfig ? `wrote ${configFile}` : `kept ${configFile} (it exists; it is never overwritten)`,
    `wrote a new ${API_TOKEN_VARIABLE} to ${envFile} (mode 0600${kept.length > 0 ? `, its other lines kept` : ''})`,
    `next: ${options.dir === undefined ? '' : `cd ${dir} && `}dealbot run -c ${LOCAL_CONFIG} --api`,
  ].join('\n');
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new OutputFileError(`cannot read ${path}: ${fsCause(error)}`);
  }
}
