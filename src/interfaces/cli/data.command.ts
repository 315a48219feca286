import type { Command } from 'commander';
import { importCandleFile } from '../../infrastructure/market-data/candle-import.js';
import { CandleStore, DEFAULT_CANDLE_DIR, formatUtc, type StoredSeries } from '../../infrastructure/market-data/candle-store/candle-store.js';
import { renderTable } from './text-table.js';

export interface DataImportOptions {
  readonly pair?: string;
  readonly timeframe?: string;
  readonly replace?: boolean;
  readonly dataDir: string;
}

export interface DataListOptions {
  readonly json?: boolean;
  readonly dataDir: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** `dealbot data import` and `dealbot data list`. */
export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('candle history for backtests');
  data
    .command('import')
    .description('check and store a freqtrade JSON or CSV candle file; pair and timeframe come from a name like ETH_BTC-5m.json or the options')
    .argument('<file>', 'freqtrade JSON ([[ms, open, high, low, close, volume], ...]) or CSV with a header; .gz is read too')
    .option('--pair <pair>', 'BASE/QUOTE, e.g. ETH/BTC')
    .option('--timeframe <tf>', '1m 3m 5m 15m 30m 1h 4h 1d')
    .option('--replace', 'overwrite stored candles that differ from the file (refused otherwise)')
    .option('--data-dir <dir>', 'where candles are stored', DEFAULT_CANDLE_DIR)
    .action(async (file: string, options: DataImportOptions) => {
      process.stdout.write(`${await dataImportCommand(file, options)}\n`);
    });
  data
    .command('list')
    .description('what is stored: pair, timeframe, first and last candle, count, gaps')
    .option('--json', 'print JSON for scripts')
    .option('--data-dir <dir>', 'where candles are stored', DEFAULT_CANDLE_DIR)
    .action(async (options: DataListOptions) => {
      process.stdout.write(`${await dataListCommand(options)}\n`);
    });
}

export async function dataImportCommand(file: string, options: DataImportOptions): Promise<string> {
  const store = new CandleStore(options.dataDir);
  const { series: s, received, added, replaced } = await importCandleFile(store, file, options);
  return (
    `${s.symbol} ${s.timeframe}: ${count(received)} candles read from ${file}, ${count(added)} added, ${count(replaced)} replaced; ` +
    `stored ${formatUtc(s.first)} to ${formatUtc(s.last)} UTC: ${count(s.count)} candles, ${gapText(s)}`
  );
}

export async function dataListCommand(options: DataListOptions): Promise<string> {
  const store = new CandleStore(options.dataDir);
  const series = await store.list();
  if (options.json) {
    const rows = series.map((s) => ({ ...s, first: new Date(s.first).toISOString(), last: new Date(s.last).toISOString() }));
    return JSON.stringify(rows, null, 2);
  }
  if (series.length === 0) return `no candles stored in ${store.dir}; store some with: dealbot data import <file>`;
  const rows = series.map((s) => [s.symbol, s.timeframe, formatUtc(s.first), formatUtc(s.last), count(s.count), count(s.gaps), count(s.missingBars)]);
  return `${store.dir}\n\n${renderTable(['pair', 'timeframe', 'first (UTC)', 'last (UTC)', 'candles', 'gaps', 'missing bars'], rows)}`;
}

function gapText(s: StoredSeries): string {
  return s.gaps === 0 ? 'no gaps' : `${count(s.gaps)} gaps (${count(s.missingBars)} missing bars)`;
}
