import { summarize } from '../../application/report/trading-summary.js';
import type { DomainEvent } from '../../domain/events.js';
import type { EventPublisher } from '../../domain/ports/event-publisher.port.js';
import { cancelOpenOrders } from '../../application/shutdown/cancel-open-orders.use-case.js';
import type { ReconcileReport } from '../../application/reconcile-orders/reconcile-orders.use-case.js';
import { ConfigError } from '../../infrastructure/config/config-error.js';
import type { DealbotConfig } from '../../infrastructure/config/config.schema.js';
import { loadApiToken, loadCredentials } from '../../infrastructure/config/credentials.js';
import type { RelayStatus } from '../../infrastructure/events/destination-relay.js';
import type { EventDestination } from '../../infrastructure/events/event-destination.js';
import type { RelaySetup } from '../../infrastructure/events/event-relays.js';
import type { ApiHub } from '../http/api-hub.js';
import { databaseUrl } from './cli-options.js';
import { loadCheckedConfig } from './config-check.command.js';
import { sqliteOpenError } from '../../infrastructure/persistence/sql/sqlite.connect.js';
import { removeIfCreated } from './database-access.js';
import { formatEvent } from './event-line.js';
import type { CliDeps, TradingSession } from './session.js';
import { renderSummary, summaryToJson } from './summary-view.js';

export interface RunOptions {
  readonly config: string;
  readonly mode?: 'paper' | 'live';
  readonly exchange?: string;
  readonly pairs?: string[];
  readonly live?: boolean;
  /** Live mode on the exchange's test network (ccxt's sandbox) with its own keys; no --live needed. */
  readonly sandbox?: boolean;
  readonly cancelOpenOrdersOnExit?: boolean;
  readonly candles?: number;
  readonly pace?: number;
  readonly seed?: number;
  readonly database?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  /** Serve the REST API and dashboard (docs/api.md); also `api.enabled` in the config. */
  readonly api?: boolean;
  readonly apiPort?: number;
  readonly apiHost?: string;
}

/** Paper trading until the feed ends or Ctrl-C / SIGTERM; the summary is printed either way. */
export async function runCommand(deps: CliDeps, options: RunOptions): Promise<number> {
  const loaded = loadCheckedConfig(options.config);
  const config = effectiveConfig(loaded, options);
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const api = config.api.enabled ? await deps.prepareApi(config, { host: config.api.host, port: config.api.port, token: loadApiToken() }) : null;
  const publisher: EventPublisher = {
    async publish(events: readonly DomainEvent[]) {
      api?.publish(events);
      if (options.quiet || options.json) return;
      for (const event of events) {
        const line = formatEvent(event);
        if (line) out(line);
      }
    },
  };
  const say = options.json ? (line: string): void => void process.stderr.write(`${line}\n`) : out;
  const destinations = ((await deps.eventDestinations?.(config)) ?? []).map(closingOnce);
  const undo = removeIfCreated(config.database);
  let session: TradingSession;
  try {
    session = await openSession(deps, config, publisher, options, { destinations, log: say });
  } catch (error) {
    undo(error); // the disk refused before trading: no new database file left behind
    await Promise.all(destinations.map((d) => d.close().catch(() => {})));
    throw error;
  }
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const sandbox = options.sandbox === true;
  if (!options.json) out(`dealbot: ${config.mode} trading ${config.pairs.map((p) => p.symbol).join(', ')} ${describeSource(config, sandbox)}; state in ${session.database}; Ctrl-C stops`);
  let summary;
  try {
    if (api !== null) await startApi(api, session, say);
    // a write the disk refuses mid-run (full, read-only) is named with the file and the cause
    await session.loop.run(stop.signal, api === null ? undefined : (tick, changed) => api.afterTick(tick, changed), api?.loopWatch).catch((error: unknown) => {
      throw sqliteOpenError(error, session.database);
    });
    if (options.cancelOpenOrdersOnExit) {
      const cancelled = await cancelOpenOrders(session.ctx);
      if (!options.json) out(`Cancelled ${cancelled.length} resting orders on exit.`);
    }
    summary = summarize(
      config.pairs.map((p) => p.symbol),
      await session.readDeals(),
      await session.ctx.exchange.fetchBalance(),
      config.bots ?? [],
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await api?.close();
    await session.close();
  }
  const quotes = new Set(config.pairs.map((p) => p.symbol.split('/')[1]));
  const delivery = session.eventRelays?.status() ?? [];
  if (options.json) {
    const events = delivery.map(({ name, delivered, pending }) => ({ destination: name, delivered, pending }));
    const network = sandbox && { network: `${config.exchange.id} test network (sandbox)` };
    out(JSON.stringify({ stopped: stop.signal.aborted ? 'signal' : 'end of feed', ticks: session.loop.stats.ticks, ...network, ...(summaryToJson(summary) as object), ...(events.length > 0 && { events }) }, null, 2));
  } else {
    const where = sandbox ? ` on the ${config.exchange.id} test network (sandbox, no real money)` : '';
    out(`\n${stop.signal.aborted ? 'Stopped' : 'Feed ended'} after ${session.loop.stats.ticks} candles per pair${where}.\n\n${renderSummary(summary, quotes.size === 1 ? [...quotes][0] ?? '' : 'mixed')}`);
    for (const line of deliveryLines(delivery)) out(line);
  }
  return 0;
}

/** The summary's line per destination: what reached it this run and what it still lacks. */
export function deliveryLines(delivery: readonly RelayStatus[]): string[] {
  return delivery.map((s) => `events → ${s.name}: delivered ${s.delivered}, pending ${s.pending}${s.pending > 0 ? ' (sent on the next start)' : ''}`);
}

/** A destination whose close runs once, whoever asks (the store and, on a failed start, the command). */
function closingOnce(destination: EventDestination): EventDestination {
  let closed: Promise<void> | null = null;
  return {
    name: destination.name,
    send: (envelopes) => destination.send(envelopes),
    close: () => (closed ??= destination.close()),
  };
}

/** Listens, and says where (never the token). */
async function startApi(api: ApiHub, session: TradingSession, say: (line: string) => void): Promise<void> {
  const url = await api.start(session);
  say(`dealbot: REST API on ${url}/api/v1 (docs at ${url}/docs, dashboard at ${url}/)`);
}

/**
 * The config with the command line's overrides; refuses live trading without --live and keys.
 * --sandbox is live mode on the test network: no real money, so no --live, and its own keys.
 */
function effectiveConfig(loaded: DealbotConfig, options: RunOptions): DealbotConfig {
  if (options.sandbox && options.mode === 'paper') throw new ConfigError('--sandbox trades on the exchange\'s test network in live mode: drop --mode paper');
  const mode = options.sandbox ? 'live' : (options.mode ?? loaded.mode);
  if (mode === 'live' && !options.live && !options.sandbox) throw new ConfigError('live mode places real orders: add --live to confirm');
  const exchange = options.exchange ?? (loaded.market.source === 'exchange' ? loaded.exchange.id : undefined);
  if (options.sandbox && exchange === undefined) throw new ConfigError('--sandbox needs an exchange: --exchange <ccxt id> or market.source: exchange');
  if (mode === 'live' && exchange === undefined) throw new ConfigError('live mode needs an exchange: --exchange <ccxt id> or market.source: exchange');
  if (options.apiPort !== undefined && options.apiPort > 65_535) throw new ConfigError(`--api-port must be 0-65535, got ${options.apiPort}`);
  const pairs = options.pairs ?? loaded.pairs.map((p) => p.symbol);
  const unknown = pairs.filter((symbol) => !loaded.pairs.some((p) => p.symbol === symbol));
  if (unknown.length > 0) throw new ConfigError(`--pairs: ${unknown.join(', ')} not in the config; add them under pairs:`);
  return {
    ...loaded,
    mode,
    database: databaseUrl(options.database, () => loaded.database),
    exchange: { ...loaded.exchange, id: exchange ?? loaded.exchange.id },
    pairs: loaded.pairs.filter((p) => pairs.includes(p.symbol)),
    api: { enabled: options.api === true || loaded.api.enabled, host: options.apiHost ?? loaded.api.host, port: options.apiPort ?? loaded.api.port },
    market: {
      ...loaded.market,
      source: exchange !== undefined ? 'exchange' : loaded.market.source,
      candles: options.candles ?? loaded.market.candles,
      paceMs: options.pace ?? loaded.market.paceMs,
      seed: options.seed ?? loaded.market.seed,
    },
  };
}

async function openSession(deps: CliDeps, config: DealbotConfig, publisher: EventPublisher, options: RunOptions, events: RelaySetup): Promise<TradingSession> {
  if (config.market.source === 'exchange') {
    const logger = await deps.exchangeLogger();
    const onReconciled = (report: ReconcileReport): void => {
      const stream = options.json ? process.stderr : process.stdout;
      for (const line of reconcileLines(report)) stream.write(`${line}\n`);
    };
    const sandbox = options.sandbox === true;
    const credentials = config.mode === 'live' && { credentials: loadCredentials(process.env, '.env', sandbox ? 'sandbox' : 'live') };
    return deps.composeRealtimeSession(config, publisher, { logger, onReconciled, events, sandbox, ...credentials });
  }
  if (config.market.source === 'stored') {
    const series = await (await deps.candleStore(config.market.dataDir)).readMany(config.pairs.map((p) => p.symbol), config.timeframe);
    return deps.composePaperSession(config, publisher, series, undefined, events);
  }
  return deps.composePaperSession(config, publisher, undefined, undefined, events);
}

/** What an operator should hear from the start-up reconciliation. */
export function reconcileLines(report: ReconcileReport): string[] {
  const lines = [`reconciled ${report.ordersChecked} unfinished orders with the exchange; ${report.workingDeals.length} deals working`];
  const adopted = new Map(report.adopted.map((d) => [d.buyOrder.clientOrderId, d]));
  for (const o of report.strangers) {
    const deal = adopted.get(o.clientOrderId);
    const what = `exchange order ${o.clientOrderId} (${o.symbol} ${o.side} ${o.amount.toString()} @ ${o.price?.toString() ?? 'market'}, ${o.status}) carries this bot's prefix but was not in the database`;
    lines.push(deal ? `reconcile: ${what}; adopted into deal ${deal.id}, marked recovered` : `reconcile: ${what}; it blocks trading until resolved`);
  }
  return lines;
}

function describeSource(config: DealbotConfig, sandbox: boolean): string {
  if (sandbox) return `on the ${config.exchange.id} test network (sandbox: no real money; ${config.timeframe} candles)`;
  if (config.market.source === 'exchange') return `on ${config.exchange.id} live market data (${config.timeframe} candles)`;
  if (config.market.source === 'stored') return `on stored ${config.timeframe} candles from ${config.market.dataDir}`;
  return `on the simulated market (${config.market.candles} x ${config.timeframe} candles, seed ${config.market.seed})`;
}
