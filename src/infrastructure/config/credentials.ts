import { existsSync } from 'node:fs';
import { ConfigError } from './config-error.js';

export interface ApiCredentials {
  readonly apiKey: string;
  readonly secret: string;
  readonly password?: string;
}

export const CREDENTIAL_VARIABLES = { apiKey: 'DEALBOT_API_KEY', secret: 'DEALBOT_API_SECRET', password: 'DEALBOT_API_PASSWORD' } as const;

/** The keys of the exchange's test network (`--sandbox`): its own account, never the real one's keys. */
export const SANDBOX_CREDENTIAL_VARIABLES = { apiKey: 'DEALBOT_SANDBOX_API_KEY', secret: 'DEALBOT_SANDBOX_API_SECRET', password: 'DEALBOT_SANDBOX_API_PASSWORD' } as const;

/** Which account the keys are for: the real exchange's, or its test network's. */
export type KeyNetwork = 'live' | 'sandbox';

/**
 * Exchange keys from the environment, or from `.env` in the working directory; never from the
 * config file. Missing ones are named, their values never shown. The test network reads only its
 * own variables: real-money keys are never sent to it, nor test keys to the real exchange.
 */
export function loadCredentials(env: NodeJS.ProcessEnv = process.env, envFile = '.env', network: KeyNetwork = 'live'): ApiCredentials {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  const names = network === 'sandbox' ? SANDBOX_CREDENTIAL_VARIABLES : CREDENTIAL_VARIABLES;
  const apiKey = env[names.apiKey];
  const secret = env[names.secret];
  const missing = [!apiKey && names.apiKey, !secret && names.secret].filter(Boolean);
  if (missing.length > 0 || !apiKey || !secret) throw new ConfigError(network === 'sandbox' ? sandboxKeysMissing(missing.join(' and '), env) : `live trading needs ${missing.join(' and ')} in the environment or .env`);
  const password = env[names.password];
  return password ? { apiKey, secret, password } : { apiKey, secret };
}

function sandboxKeysMissing(missing: string, env: NodeJS.ProcessEnv): string {
  const liveSet = Boolean(env[CREDENTIAL_VARIABLES.apiKey] || env[CREDENTIAL_VARIABLES.secret]);
  const why = liveSet ? `; ${CREDENTIAL_VARIABLES.apiKey} / ${CREDENTIAL_VARIABLES.secret} are the real account's and are never used on the test network` : '';
  return `--sandbox needs the test network's keys in ${missing} (environment or .env)${why}`;
}

export const API_TOKEN_VARIABLE = 'DEALBOT_API_TOKEN';

/** The REST API's token from the environment or `.env`; null when unset or empty. */
export function loadApiToken(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): string | null {
  if (env === process.env && env[API_TOKEN_VARIABLE] === undefined && existsSync(envFile)) process.loadEnvFile(envFile);
  const token = env[API_TOKEN_VARIABLE]?.trim();
  return token === undefined || token === '' ? null : token;
}
