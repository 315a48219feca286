import { existsSync } from 'node:fs';

/**
 * Adds the variables of `.env` in the working directory (or `envFile`) to process.env; a variable
 * already set in the environment keeps its value. Only process.env is filled: a test's own env
 * object is left as given.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): void {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
}
