import type { BacktestResult } from '../../application/backtest/backtest-result.js';
import type { Candle, Timeframe } from '../../domain/shared/candle.js';
import { formatUtc } from '../../infrastructure/shared/utc-time.js';
import { dec } from '../../domain/shared/decimal.js';
import { ConfigError } from '../../infrastructure/config/config-error.js';
import type { DealbotConfig } from '../../infrastructure/config/config.schema.js';
import { candlesFromColumns, type CandleColumns } from '../../infrastructure/market-data/candle-store/candle-columns.js';
import { BOT_COLUMNS, botRows, metricsRows, metricsToJson, pairRows, PAIR_COLUMNS } from '../reports/metrics-view.js';
import { UsageError } from './cli-errors.js';
import { checkOutputTarget, writingTo } from './output-target.js';
import type { CliDeps } from './session.js';
import { groupThousands, renderTable } from './text-table.js';

export interface BacktestOptions {
  readonly config: string;
  readonly pairs?: string[];
  readonly timeframe?: Timeframe;
  readonly from?: number;
  readonly to?: number;
  readonly balance?: string;
  readonly fee?: string;
  readonly dataDir: string;
  readonly json?: boolean;
  readonly progress?: boolean;
  readonly export?: string;
  readonly html?: string;
}

/** The report, in chunks of text: the JSON one is written as it is made, never as one string. */
export async function backtestCommand(deps: CliDeps, options: BacktestOptions): Promise<Iterable<string>> {
  // the metrics, the JSON writer and the report files load when a backtest runs, not for `dealbot --help`
  const [{ computeBacktestMetrics }, { reportJsonChunks }, { writeBacktestCsv, writeHtmlReport }] = await Promise.all([
    import('../../application/backtest/backtest-metrics.js'),
    import('../reports/backtest-json.js'),
    import('../reports/report-files.js'),
  ]);
  const { config, result, series, stored } = await runBacktestCommand(deps, options);
  const metrics = computeBacktestMetrics(result);
  const written: string[] = [];
  if (options.export) {
    const dir = options.export;
    const files = await writingTo(dir, () => writeBacktestCsv(dir, result));
    written.push(files.deals, files.equity);
  }
  if (options.html) {
    const file = options.html;
    const candles = Object.fromEntries(Object.entries(series).map(([symbol, columns]) => [symbol, candlesFromColumns(columns)]));
    const { chartedIndicators } = await import('../reports/indicator-panes.js');
    const indicators = { charted: chartedIndicators(config.strategy), warmup: warmupCandles(series, stored, config.windowSize) };
    await writingTo(file, () => writeHtmlReport(file, { result, metrics, candles, indicators }));
    written.push(options.html);
  }
  const head = backtestHeader(result);
  if (options.json) return reportJsonChunks({ ...head, metrics: metricsToJson(metrics) }, result.deals);
  const s = config.strategy;
  const text = [
    `Backtest ${head.pairs.join(', ')} ${head.timeframe} from ${head.from} to ${head.to} UTC (${groupThousands(head.candles)} candles, ${config.bots === undefined ? (s.rule === undefined ? `RSI ${s.rsiPeriod} / MACD ${s.macdFast},${s.macdSlow},${s.macdSignal}` : `rule: ${s.rule}`) : `${config.bots.length} bots`})`,
    '',
    renderTable(['metric', 'value'], metricsRows(metrics)),
    '',
    renderTable([...PAIR_COLUMNS], pairRows(metrics)),
    ...(metrics.perBot.length === 0 ? [] : ['', renderTable([...BOT_COLUMNS], botRows(metrics))]),
    ...(written.length > 0 ? ['', `Wrote ${written.join(', ')}`] : []),
  ].join('\n');
  return [text];
}

export async function runBacktestCommand(
  deps: CliDeps,
  options: BacktestOptions,
): Promise<{ config: DealbotConfig; result: BacktestResult; series: Readonly<Record<string, CandleColumns>>; stored: Readonly<Record<string, CandleColumns>> }> {
  if (options.from !== undefined && options.to !== undefined && options.from >= options.to) {
    throw new UsageError(`--from ${formatUtc(options.from)} is not before --to ${formatUtc(options.to)}`);
  }
  // Refused before the work, not after it: a report that cannot be written.
  if (options.export !== undefined) checkOutputTarget(options.export, 'folder');
  if (options.html !== undefined) checkOutputTarget(options.html, 'file');
  // the config loader (zod, yaml) and the runner load when a backtest runs, not for `dealbot --help`
  const [{ loadCheckedConfig }, { runBacktest }] = await Promise.all([import('./config-check.command.js'), import('../../application/backtest/backtest-runner.js')]);
  const loaded = loadCheckedConfig(options.config);
  const timeframe = options.timeframe ?? loaded.timeframe;
  const wanted = options.pairs ?? loaded.pairs.map((p) => p.symbol);
  const unknown = wanted.filter((symbol) => !loaded.pairs.some((p) => p.symbol === symbol));
  if (unknown.length > 0) throw new ConfigError(`--pairs: ${unknown.join(', ')} not in ${options.config}; add them under pairs: with their paperMarket steps`);
  const config: DealbotConfig = { ...loaded, timeframe, pairs: loaded.pairs.filter((p) => wanted.includes(p.symbol)) };
  const quotes = [...new Set(config.pairs.map((p) => p.symbol.split('/')[1]))];
  if (quotes.length !== 1) throw new ConfigError(`--pairs: a backtest needs pairs with one quote currency, got ${quotes.join(', ')}; choose some with --pairs`);
  const quote = quotes[0] as string;
  const store = await deps.candleStore(options.dataDir);
  const until = options.to !== undefined ? { to: options.to } : {};
  // the candles replayed; with --from, those stored before it are read too, for the warm-up
  const series = await store.readManyColumns(wanted, timeframe, { ...(options.from !== undefined && { from: options.from }), ...until });
  const stored = options.from === undefined ? series : await store.readManyColumns(wanted, timeframe, until);
  const account = {
    ...(options.balance !== undefined && { balances: { [quote]: dec(options.balance) } }),
    ...(options.fee !== undefined && { makerFee: options.fee, takerFee: options.fee }),
  };
  const total = Math.max(...Object.values(series).map((c) => c.length));
  const bar = options.progress !== false && !options.json && process.stderr.isTTY ? progressBar(total) : undefined;
  const result = await runBacktest(await deps.composeBacktest(config, stored, account, { ...(options.from !== undefined && { from: options.from }) }), { ...(bar && { onProgress: bar }) });
  if (bar) process.stderr.write('\r\x1b[K');
  return { config, result, series, stored };
}

/** Per pair, the candles the strategy warmed up on (with --from: up to windowSize stored before it), so the charted indicators are the ones it read. */
function warmupCandles(series: Readonly<Record<string, CandleColumns>>, stored: Readonly<Record<string, CandleColumns>>, windowSize: number): Record<string, Candle[]> {
  return Object.fromEntries(
    Object.entries(series).map(([symbol, replayed]) => {
      const all = stored[symbol] ?? replayed;
      const start = all.length - replayed.length;
      return [symbol, candlesFromColumns(all, Math.max(0, start - windowSize), start)];
    }),
  );
}

function backtestHeader(result: BacktestResult) {
  return { pairs: result.pairs, timeframe: result.timeframe, from: formatUtc(result.startTime), to: formatUtc(result.endTime), candles: result.candlesProcessed, quote: result.quote };
}

function progressBar(total: number): (done: number) => void {
  return (done) => {
    const width = 30;
    const filled = Math.min(width, Math.round((done / Math.max(1, total)) * width));
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${groupThousands(done)}/${groupThousands(total)} ticks`);
  };
}
