import type { PairBiasReport } from '../../application/check-bias/look-ahead.js';
import type { Timeframe } from '../../domain/shared/candle.js';
import { ConfigError } from '../../infrastructure/config/config-error.js';
import { candlesFromColumns } from '../../infrastructure/market-data/candle-store/candle-columns.js';
import { formatUtc } from '../../infrastructure/shared/utc-time.js';
import { UsageError } from './cli-errors.js';
import type { CliDeps } from './session.js';
import { groupThousands } from './text-table.js';

export interface CheckBiasOptions {
  readonly config: string;
  readonly dataDir: string;
  readonly pairs?: string[];
  readonly timeframe?: Timeframe;
  readonly from?: number;
  readonly to?: number;
}

/**
 * `dealbot check-bias`: the look-ahead check (application/check-bias) of the config's strategy on
 * each pair's stored candles. One line per pair, OK or the first candle where the signal on the
 * full series differs from the signal on the series cut there. Sets exit code 1 when one differs.
 */
export async function checkBiasCommand(deps: Pick<CliDeps, 'candleStore' | 'strategyOver'>, options: CheckBiasOptions): Promise<string> {
  if (options.from !== undefined && options.to !== undefined && options.from >= options.to) {
    throw new UsageError(`--from ${formatUtc(options.from)} is not before --to ${formatUtc(options.to)}`);
  }
  const [{ loadCheckedConfig }, { checkLookAhead }] = await Promise.all([import('./config-check.command.js'), import('../../application/check-bias/look-ahead.js')]);
  const config = loadCheckedConfig(options.config);
  const timeframe = options.timeframe ?? config.timeframe;
  const wanted = options.pairs ?? config.pairs.map((p) => p.symbol);
  const unknown = wanted.filter((symbol) => !config.pairs.some((p) => p.symbol === symbol));
  if (unknown.length > 0) throw new ConfigError(`--pairs: ${unknown.join(', ')} not in ${options.config}`);
  const over = await deps.strategyOver(config);
  const rule = config.strategy.rule;
  const s = config.strategy;
  const named = rule === undefined ? `the default strategy (RSI ${s.rsiPeriod} / MACD ${s.macdFast},${s.macdSlow},${s.macdSignal})` : `the rule "${rule}"`;
  const store = await deps.candleStore(options.dataDir);
  const series = await store.readManyColumns(wanted, timeframe, options.to !== undefined ? { to: options.to } : {});
  const reports: { report: PairBiasReport; checked: number }[] = [];
  for (const symbol of wanted) {
    const all = candlesFromColumns(series[symbol]!);
    // with --from, the windowSize candles before it are fed first, as a backtest warms up on them
    const fromIndex = options.from === undefined ? 0 : firstAtOrAfter(all, options.from);
    const start = Math.max(0, fromIndex - config.windowSize);
    const candles = all.slice(start);
    if (candles.length === fromIndex - start) throw new ConfigError(`${symbol}: no stored ${timeframe} candles in ${options.dataDir}${options.from !== undefined || options.to !== undefined ? ' in the range asked' : ''}; import or download them first (dealbot data)`);
    reports.push({ report: checkLookAhead(over, symbol, candles, fromIndex - start), checked: candles.length - (fromIndex - start) });
  }
  const biased = reports.filter((r) => r.report.finding !== null).length;
  if (biased > 0) process.exitCode = 1;
  return [
    `Look-ahead check of ${named} on ${wanted.length} pair${wanted.length === 1 ? '' : 's'}, ${timeframe}`,
    ...reports.map(({ report, checked }) => {
      const f = report.finding;
      if (f === null) return `${report.symbol}: OK (${groupThousands(checked)} candles, ${groupThousands(report.cuts)} cut points)`;
      return `${report.symbol}: LOOK-AHEAD BIAS in ${report.strategy === 'rule' || report.strategy === 'rsi-macd' ? named : `strategy ${report.strategy}`}: at the candle of ${formatUtc(f.openTime)} UTC the full series gives ${f.full}, the series cut there gives ${f.prefix}`;
    }),
    biased > 0 ? `${biased} of ${wanted.length} pairs biased` : 'No look-ahead bias found',
  ].join('\n');
}

/** The index of the first candle opening at or after `time` (the length when none does). */
function firstAtOrAfter(candles: readonly { openTime: number }[], time: number): number {
  const at = candles.findIndex((c) => c.openTime >= time);
  return at < 0 ? candles.length : at;
}
