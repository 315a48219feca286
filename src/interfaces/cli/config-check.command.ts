import { CurrencyPair } from '../../domain/currency-pair/currency-pair.entity.js';
import { ValidationError } from '../../domain/shared/domain-error.js';
import { ConfigError, loadConfigFile } from '../../infrastructure/config/config.loader.js';
import type { DealbotConfig } from '../../infrastructure/config/config.schema.js';

/** Loads the file and checks every pair against the domain's rules. */
export function loadCheckedConfig(path: string): DealbotConfig {
  const config = loadConfigFile(path);
  config.pairs.forEach((p, i) => {
    try {
      CurrencyPair.create(p);
    } catch (error) {
      if (error instanceof ValidationError) throw new ConfigError(`${path}: pairs[${i}].${error.field}: ${error.rule}`);
      throw error;
    }
  });
  return config;
}

export function configCheckCommand(path: string): string {
  const config = loadCheckedConfig(path);
  return `${path}: OK, ${config.mode} mode, ${config.pairs.length} pairs (${config.pairs.map((p) => p.symbol).join(', ')}), ${config.timeframe} candles`;
}
