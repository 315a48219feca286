import { CurrencyPair } from '../../domain/currency-pair/currency-pair.entity.js';
import { ValidationError } from '../../domain/shared/domain-error.js';
import { ConfigError, loadConfigFile } from '../../infrastructure/config/config.loader.js';
import type { DealbotConfig } from '../../infrastructure/config/config.schema.js';
import { botStrategy, pairPath } from '../../infrastructure/config/bots.schema.js';
import { destinationNameOf } from '../../infrastructure/config/events.schema.js';
import { dcaView } from './dca-view.js';

/** Loads the file and checks every pair against the domain's rules. */
export function loadCheckedConfig(path: string): DealbotConfig {
  return checkPairs(loadConfigFile(path), path);
}

/** The config, once each pair passes the pair's own rules (one line naming the first that does not). */
export function checkPairs(config: DealbotConfig, path: string): DealbotConfig {
  config.pairs.forEach((p, i) => {
    try {
      CurrencyPair.create(p);
    } catch (error) {
      if (error instanceof ValidationError) throw new ConfigError(`${path}: ${pairPath(config, i)}.${error.field}: ${error.rule}`);
      throw error;
    }
  });
  return config;
}

export function configCheckCommand(path: string, env: NodeJS.ProcessEnv = process.env): string {
  const config = loadCheckedConfig(path);
  const relayed = config.events.destinations.filter((d) => d.type !== 'log' || d.path !== undefined);
  const events = relayed.length === 0 ? '' : `; events to ${relayed.map(destinationNameOf).join(', ')}`;
  const dca = dcaView(config);
  return [`${path}: OK, ${config.mode} mode, ${config.pairs.length} pairs (${config.pairs.map((p) => p.symbol).join(', ')}), ${config.timeframe} candles${events}`, ...botLines(config), ...dca.lines, ...dca.warnings, ...unsetVariables(config, env)].join('\n');
}

/** One line per bot of `bots:`: its budget, strategy and pairs. */
function botLines(config: DealbotConfig): string[] {
  return (config.bots ?? []).map((bot) => {
    const strategy = botStrategy(config.strategy, bot);
    const budget = Object.entries(bot.budget).map(([quote, amount]) => `${amount} ${quote}`).join(', ');
    const signal = strategy.rule === undefined ? `RSI ${strategy.rsiPeriod} / MACD ${strategy.macdFast},${strategy.macdSlow},${strategy.macdSignal}` : `rule: ${strategy.rule}`;
    return `bot ${bot.name}: budget ${budget}; ${signal}; pairs ${bot.pairs.map((p) => p.symbol).join(', ')}`;
  });
}

/** A destination whose URL or secret variable is not set: `dealbot run` would refuse to start. */
function unsetVariables(config: DealbotConfig, env: NodeJS.ProcessEnv): string[] {
  return config.events.destinations.flatMap((d, i) => {
    const needed = d.type === 'webhook' ? [d.urlEnv, d.secretEnv] : d.type === 'log' ? [] : [d.urlEnv];
    return needed
      .filter((name) => (env[name] ?? '').trim() === '')
      .map((name) => `warning: events.destinations[${i}] (${destinationNameOf(d)}): ${name} is not set here; \`dealbot run\` refuses to start without it`);
  });
}
