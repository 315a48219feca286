import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { runBacktest } from '../../application/backtest/backtest-runner.js';
import type { BacktestResult } from '../../application/backtest/backtest-result.js';
import { computeBacktestMetrics } from '../../application/backtest/backtest-metrics.js';
import { dealToSnapshot } from '../../domain/deal/deal.snapshot.js';
import { isTimeframe } from '../../domain/shared/candle.js';
import { dec } from '../../domain/shared/decimal.js';
import { ConfigError } from '../../infrastructure/config/config.loader.js';
import type { DealbotConfig } from '../../infrastructure/config/config.schema.js';
import { candlesFromColumns, type CandleColumns } from '../../infrastructure/market-data/candle-store/candle-columns.js';
import { CandleStore, DEFAULT_CANDLE_DIR } from '../../infrastructure/market-data/candle-store/candle-store.js';
import { metricsRows, metricsToJson, pairRows, PAIR_COLUMNS } from '../../infrastructure/reports/metrics-view.js';
import { writeBacktestCsv, writeHtmlReport } from '../../infrastructure/reports/report-files.js';
import { loadCheckedConfig } from './config-check.command.js';
import type { CliDeps } from './session.js';
import { renderTable } from './text-table.js';

export interface BacktestOptions {
  readonly config: string;
  readonly pairs?: string[];
  readonly timeframe?: string;
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

function utcDate(flag: string) {
  return (value: string): number => {
    const ms = Date.parse(/^\d{4}-\d\d-\d\d$/.test(value) ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(ms)) throw new InvalidArgumentError(`${flag} must be a date like 2018-01-15 or 2018-01-15T12:00:00Z`);
    return ms;
  };
}

function positiveDecimal(flag: string) {
  return (value: string): string => {
    if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError(`${flag} must be a decimal number like 0.001`);
    return value;
  };
}

export function registerBacktestCommand(program: Command, deps: CliDeps): void {
  program
    .command('backtest')
    .description('replay stored candles through the trading loop and report the result')
    .option('-c, --config <file>', 'config file (YAML): pairs, strategy, paper account', deps.defaultConfigPath)
    .option('--pairs <list>', 'comma-separated pairs of the config to test (default: all)', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--timeframe <tf>', 'candle timeframe (default: the config\'s)')
    .option('--from <date>', 'first candle traded (UTC), inclusive; the indicators warm up on the stored candles before it', utcDate('--from'))
    .option('--to <date>', 'end (UTC), exclusive', utcDate('--to'))
    .option('--balance <amount>', 'starting balance in the quote currency (default: the config\'s paper balances)', positiveDecimal('--balance'))
    .option('--fee <rate>', 'maker and taker fee rate, e.g. 0.001', positiveDecimal('--fee'))
    .option('--data-dir <dir>', 'where `dealbot data import` stored the candles', DEFAULT_CANDLE_DIR)
    .option('--json', 'print the report as JSON, with every deal')
    .option('--export <dir>', 'write deals.csv (every deal with both orders) and equity.csv there')
    .option('--html <file>', 'write a self-contained HTML report: candles, buy/sell markers, equity curve, metrics')
    .option('--no-progress', 'no progress bar')
    .action(async (options: BacktestOptions) => {
      process.stdout.write(`${await backtestCommand(deps, options)}\n`);
    });
}

export async function backtestCommand(deps: CliDeps, options: BacktestOptions): Promise<string> {
  const { config, result, series } = await runBacktestCommand(deps, options);
  const metrics = computeBacktestMetrics(result);
  const written: string[] = [];
  if (options.export) {
    const files = await writeBacktestCsv(options.export, result);
    written.push(files.deals, files.equity);
  }
  if (options.html) {
    await writeHtmlReport(options.html, { result, metrics, candles: Object.fromEntries(Object.entries(series).map(([symbol, columns]) => [symbol, candlesFromColumns(columns)])) });
    written.push(options.html);
  }
  const head = backtestHeader(result);
  if (options.json) return JSON.stringify({ ...head, metrics: metricsToJson(metrics), deals: result.deals.map(dealToSnapshot) }, null, 2);
  const s = config.strategy;
  return [
    `Backtest ${head.pairs.join(', ')} ${head.timeframe} from ${head.from} to ${head.to} UTC (${head.candles.toLocaleString('en-US')} candles, ${s.rule === undefined ? `RSI ${s.rsiPeriod} / MACD ${s.macdFast},${s.macdSlow},${s.macdSignal}` : `rule: ${s.rule}`})`,
    '',
    renderTable(['metric', 'value'], metricsRows(metrics)),
    '',
    renderTable([...PAIR_COLUMNS], pairRows(metrics)),
    ...(written.length > 0 ? ['', `Wrote ${written.join(', ')}`] : []),
  ].join('\n');
}

export async function runBacktestCommand(
  deps: CliDeps,
  options: BacktestOptions,
): Promise<{ config: DealbotConfig; result: BacktestResult; series: Readonly<Record<string, CandleColumns>> }> {
  const loaded = loadCheckedConfig(options.config);
  const timeframe = options.timeframe ?? loaded.timeframe;
  if (!isTimeframe(timeframe)) throw new ConfigError(`--timeframe: unknown timeframe "${timeframe}"; use one of 1m 3m 5m 15m 30m 1h 4h 1d`);
  const wanted = options.pairs ?? loaded.pairs.map((p) => p.symbol);
  const unknown = wanted.filter((symbol) => !loaded.pairs.some((p) => p.symbol === symbol));
  if (unknown.length > 0) throw new ConfigError(`--pairs: ${unknown.join(', ')} not in ${options.config}; add them under pairs: with their paperMarket steps`);
  const config: DealbotConfig = { ...loaded, timeframe, pairs: loaded.pairs.filter((p) => wanted.includes(p.symbol)) };
  const quote = config.pairs[0]?.symbol.split('/')[1] as string;
  const store = new CandleStore(options.dataDir);
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
  const result = await runBacktest(deps.composeBacktest(config, stored, account, { ...(options.from !== undefined && { from: options.from }) }), { ...(bar && { onProgress: bar }) });
  if (bar) process.stderr.write('\r\x1b[K');
  return { config, result, series };
}

function backtestHeader(result: BacktestResult) {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return { pairs: result.pairs, timeframe: result.timeframe, from: day(result.startTime), to: day(result.endTime), candles: result.candlesProcessed, quote: result.quote };
}

function progressBar(total: number): (done: number) => void {
  return (done) => {
    const width = 30;
    const filled = Math.min(width, Math.round((done / Math.max(1, total)) * width));
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ticks`);
  };
}
