import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The project's root, where `dealbot` runs from in the CLI tests. */
export const ROOT = resolve(import.meta.dirname, '../..');
/** The example backtest config (ETH/BTC + ADA/BTC 5m on the shared candle files). */
export const EXAMPLE_BACKTEST_CONFIG = join(ROOT, 'config/backtest.example.yaml');

/** Runs `dealbot ARGS` from the sources and returns its stdout; a non-zero exit throws with its stderr. */
export function dealbotOutput(args: readonly string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
}
