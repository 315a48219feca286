import type { DownloadProgress, PairDownload } from '../../application/download-candles/download-candles.use-case.js';
import type { StoredCandles } from '../../application/download-candles/download-ports.js';
import type { Timeframe } from '../../domain/shared/candle.js';
import { formatUtc } from '../../infrastructure/shared/utc-time.js';
import type { CliDeps } from './session.js';
import { groupThousands, renderTable } from './text-table.js';

export interface DataImportOptions {
  readonly pair?: string;
  readonly timeframe?: string;
  readonly replace?: boolean;
  readonly dataDir: string;
}

export interface DataDownloadOptions {
  readonly exchange?: string;
  readonly pairs: readonly string[];
  readonly timeframe: Timeframe;
  readonly days: number;
  readonly config?: string;
  readonly dataDir: string;
  readonly json?: boolean;
  readonly progress?: boolean;
}

export interface DataListOptions {
  readonly json?: boolean;
  readonly dataDir: string;
}

const count = groupThousands;

export async function dataImportCommand(file: string, options: DataImportOptions): Promise<string> {
  const { importCandleFile } = await import('../../infrastructure/market-data/candle-import.js'); // the file parsers, for this command only
  const { CandleStore } = await import('../../infrastructure/market-data/candle-store/candle-store.js');
  const store = new CandleStore(options.dataDir);
  const { series: s, received, added, replaced } = await importCandleFile(store, file, options);
  return (
    `${s.symbol} ${s.timeframe}: ${count(received)} candles read from ${file}, ${count(added)} added, ${count(replaced)} replaced; ` +
    `stored ${formatUtc(s.first)} to ${formatUtc(s.last)} UTC: ${count(s.count)} candles, ${gapText(s)}`
  );
}

/** Downloads every pair; the report lines (or JSON) and one line per pair that failed. */
export async function dataDownloadCommand(deps: CliDeps, options: DataDownloadOptions): Promise<{ output: string; failures: string[] }> {
  // zod and yaml load when a download runs, not when the command is registered
  const [{ loadConfigFile }, { configSchema }] = await Promise.all([import('../../infrastructure/config/config.loader.js'), import('../../infrastructure/config/config.schema.js')]);
  const settings = options.config === undefined ? configSchema.shape.exchange.parse(undefined) : loadConfigFile(options.config).exchange;
  const exchange = { ...settings, ...(options.exchange !== undefined && { id: options.exchange }) };
  const bar = options.progress !== false && !options.json && process.stderr.isTTY ? progressBar : undefined;
  const session = await deps.composeDownload(exchange, options.dataDir);
  let pairs: PairDownload[];
  try {
    pairs = await session.download.run({ pairs: options.pairs, timeframe: options.timeframe, days: options.days }, bar);
  } finally {
    if (bar) process.stderr.write('\r\x1b[K');
    await session.close();
  }
  const failures = pairs.filter((p) => p.error !== undefined).map((p) => `${p.symbol} ${p.timeframe}: ${p.error}; ${count(p.added)} added before it`);
  if (options.json) return { output: JSON.stringify(pairs.map((p) => downloadJson(session.exchangeId, p)), null, 2), failures };
  return { output: pairs.filter((p) => p.error === undefined).map((p) => downloadLine(session.exchangeId, p)).join('\n'), failures };
}

function downloadLine(exchangeId: string, p: PairDownload): string {
  const got = p.received === null ? 'up to date' : `${formatUtc(p.received.first)} to ${formatUtc(p.received.last)} UTC`;
  const stored = p.stored === null ? 'nothing stored' : `stored ${formatUtc(p.stored.first)} to ${formatUtc(p.stored.last)} UTC: ${count(p.stored.count)} candles, ${gapText(p.stored)}`;
  return `${p.symbol} ${p.timeframe}: ${count(p.added)} added from ${exchangeId} (${got}); ${stored}`;
}

function downloadJson(exchangeId: string, p: PairDownload) {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    symbol: p.symbol,
    timeframe: p.timeframe,
    exchange: exchangeId,
    added: p.added,
    received: p.received && { first: iso(p.received.first), last: iso(p.received.last), count: p.received.count },
    stored: p.stored && { ...p.stored, first: iso(p.stored.first), last: iso(p.stored.last) },
    ...(p.error !== undefined && { error: p.error }),
  };
}

function progressBar(p: DownloadProgress): void {
  const width = 30;
  const filled = Math.min(width, Math.round((p.done / Math.max(1, p.total)) * width));
  process.stderr.write(`\r\x1b[K${p.symbol} ${p.timeframe} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count(p.done)}/${count(p.total)} candles`);
}

export async function dataListCommand(options: DataListOptions): Promise<string> {
  const { CandleStore } = await import('../../infrastructure/market-data/candle-store/candle-store.js');
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

function gapText(s: StoredCandles): string {
  return s.gaps === 0 ? 'no gaps' : `${count(s.gaps)} gaps (${count(s.missingBars)} missing bars)`;
}
