import { existsSync } from 'node:fs';
import { ConfigError } from './config-error.js';

export interface ApiCredentials {
  readonly apiKey: string;
  readonly secret: string;
  readonly password?: string;
}

export const CREDENTIAL_VARIABLES = { apiKey: 'DEALBOT_API_KEY', secret: 'DEALBOT_API_SECRET', password: 'DEALBOT_API_PASSWORD' } as const;

/**
 * Exchange keys from the environment, or from `.env` in the working directory; never from the
 * config file. Missing ones are named, their values never shown.
 */
export function loadCredentials(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): ApiCredentials {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  const apiKey = env[CREDENTIAL_VARIABLES.apiKey];
  const secret = env[CREDENTIAL_VARIABLES.secret];
  const missing = [!apiKey && CREDENTIAL_VARIABLES.apiKey, !secret && CREDENTIAL_VARIABLES.secret].filter(Boolean);
  if (missing.length > 0 || !apiKey || !secret) throw new ConfigError(`live trading needs ${missing.join(' and ')} in the environment or .env`);
  const password = env[CREDENTIAL_VARIABLES.password];
  return password ? { apiKey, secret, password } : { apiKey, secret };
}

export const API_TOKEN_VARIABLE = 'DEALBOT_API_TOKEN';

/** The REST API's token from the environment or `.env`; null when unset or empty. */
export function loadApiToken(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): string | null {
  if (env === process.env && env[API_TOKEN_VARIABLE] === undefined && existsSync(envFile)) process.loadEnvFile(envFile);
  const token = env[API_TOKEN_VARIABLE]?.trim();
  return token === undefined || token === '' ? null : token;
}
