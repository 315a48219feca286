import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { ConfigError } from '../../infrastructure/config/config-error.js';
import { API_TOKEN_VARIABLE, loadApiToken } from '../../infrastructure/config/credentials.js';
import type { ApiTarget } from './api-client.js';

export const DEFAULT_API_HOST = '127.0.0.1';
export const DEFAULT_API_PORT = 8437;
export const API_URL_VARIABLE = 'DEALBOT_API_URL';
/** The config `dealbot config init` writes; the steering commands read its `api:` section when no -c is given. */
export const LOCAL_CONFIG = 'dealbot.yaml';

/** The options every command that talks to the bot takes. */
export interface ApiOptions {
  readonly apiUrl?: string;
  readonly config?: string;
  readonly verbose?: boolean;
}

/**
 * `http://host:port` as the CLI calls it: an http(s) URL with no path but an optional
 * `/api/v1`, no query, no credentials. Returned without a trailing slash.
 */
export function parseApiUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`${name} must be a URL like http://127.0.0.1:8437, got "${value}"`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash || (path !== '' && path !== '/api/v1')) {
    throw new InvalidArgumentError(`${name} must be a URL like http://127.0.0.1:8437 (http or https, no path, no user), got "${value}"`);
  }
  return `${url.protocol}//${url.host}`;
}

/** The --api-url option's parser: a bad URL is a bad command line (exit 2). */
export const apiUrlOption = (value: string): string => parseApiUrl(value, '--api-url');

/** The config the steering commands read: -c, else ./dealbot.yaml when present, else the packaged default. */
export function configPath(flag: string | undefined, defaultConfigPath: string): string {
  if (flag !== undefined) return flag;
  return existsSync(LOCAL_CONFIG) ? LOCAL_CONFIG : defaultConfigPath;
}

/**
 * Where the bot's API is, first found wins: --api-url, DEALBOT_API_URL, the config's `api:`
 * host and port (a host that binds every address is called on 127.0.0.1), then
 * http://127.0.0.1:8437. The token: DEALBOT_API_TOKEN from the environment, then from `.env`.
 */
export async function resolveApiTarget(options: ApiOptions, defaultConfigPath: string, env: NodeJS.ProcessEnv = process.env): Promise<ApiTarget> {
  return { baseUrl: await baseUrl(options, defaultConfigPath, env), ...apiToken(env) };
}

async function baseUrl(options: ApiOptions, defaultConfigPath: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (options.apiUrl !== undefined) return options.apiUrl;
  const fromEnv = env[API_URL_VARIABLE];
  if (fromEnv !== undefined && fromEnv !== '') {
    try {
      return parseApiUrl(fromEnv, API_URL_VARIABLE);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  }
  const { host, port } = await configuredAddress(configPath(options.config, defaultConfigPath));
  return `http://${urlHost(host)}:${port}`;
}

async function configuredAddress(path: string): Promise<{ host: string; port: number }> {
  const { loadConfigFile } = await import('../../infrastructure/config/config.loader.js');
  const { host, port } = loadConfigFile(path).api;
  if (port === 0) throw new ConfigError(`${path}: api.port is 0 (the bot takes a free port at start): give --api-url with the port its start line printed`);
  return { host, port };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return DEFAULT_API_HOST;
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** The token and where it was read: the environment wins over `.env` in the current folder (read as the bot reads it). */
export function apiToken(env: NodeJS.ProcessEnv = process.env): Pick<ApiTarget, 'token' | 'tokenSource'> {
  const inEnvironment = Boolean(env[API_TOKEN_VARIABLE]?.trim());
  const token = loadApiToken(env);
  if (token === null) return { token: undefined, tokenSource: null };
  return { token, tokenSource: inEnvironment ? 'the environment' : resolve('.env') };
}
