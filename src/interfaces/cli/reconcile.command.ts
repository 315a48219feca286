import { existsSync } from 'node:fs';
import type { BlockingItem } from '../../application/reconcile-orders/blocking-orders.js';
import type { Resolution } from '../../application/reconcile-orders/resolve-order.use-case.js';
import { ConfigError } from '../../infrastructure/config/config-error.js';
import type { DealbotConfig } from '../../infrastructure/config/config.schema.js';
import { loadCredentials } from '../../infrastructure/config/credentials.js';
import { databaseUrl } from './cli-options.js';
import type { CliDeps, TradingSession } from './session.js';
import { renderTable } from './text-table.js';

export interface ReconcileOptions {
  readonly config: string;
  readonly database?: string;
  readonly exchange?: string;
  readonly mode?: string;
  readonly live?: boolean;
  /** The exchange's test network (live mode with its own keys), as given to run. */
  readonly sandbox?: boolean;
  readonly resolve?: { readonly clientOrderId: string; readonly resolution: Resolution['resolution'] };
  readonly note?: string;
  readonly json?: boolean;
}

export async function reconcileCommand(deps: CliDeps, options: ReconcileOptions): Promise<string> {
  if (options.note !== undefined && options.resolve === undefined) throw new ConfigError('--note goes with --resolve');
  // loaded when the command runs, not when it is registered: `dealbot --help` needs none of them
  const [{ loadCheckedConfig }, { findBlockingItems }, { resolveBlockingOrder }] = await Promise.all([
    import('./config-check.command.js'),
    import('../../application/reconcile-orders/blocking-orders.js'),
    import('../../application/reconcile-orders/resolve-order.use-case.js'),
  ]);
  const config = reconcileConfig(loadCheckedConfig(options.config), options);
  const session = await openSession(deps, config, options.sandbox === true);
  try {
    if (options.resolve !== undefined) {
      const outcome = await resolveBlockingOrder(session.ctx, { ...options.resolve, note: options.note ?? null });
      if (options.json) return JSON.stringify(outcome, null, 2);
      const deal = outcome.dealStatus === null ? '' : `; deal ${outcome.event.dealId} is ${outcome.dealStatus}`;
      const queued = outcome.queued.length === 0 ? '' : `; ${outcome.queued.join(', ')} stored, sent when the bot next starts`;
      return `order ${outcome.event.orderId} resolved as ${outcome.event.resolution}${deal}${queued}`;
    }
    const items = await findBlockingItems(session.ctx);
    return options.json ? JSON.stringify({ blocking: items }, null, 2) : renderItems(items);
  } finally {
    await session.close();
  }
}

function reconcileConfig(loaded: DealbotConfig, options: ReconcileOptions): DealbotConfig {
  if (options.sandbox && options.mode === 'paper') throw new ConfigError('--sandbox reads the exchange\'s test network account in live mode: drop --mode paper');
  const mode = options.sandbox ? 'live' : (options.mode ?? loaded.mode);
  if (mode !== 'paper' && mode !== 'live') throw new ConfigError('--mode must be paper or live');
  if (mode === 'live' && !options.live && !options.sandbox) throw new ConfigError('live mode reads and changes a real account: add --live to confirm');
  const exchange = options.exchange ?? (loaded.market.source === 'exchange' ? loaded.exchange.id : undefined);
  if (options.sandbox && exchange === undefined) throw new ConfigError('--sandbox needs an exchange: --exchange <ccxt id> or market.source: exchange');
  const database = databaseUrl(options.database, () => loaded.database);
  if (database === 'sqlite::memory:') throw new ConfigError('sqlite::memory: keeps nothing between runs: there is nothing to reconcile');
  if (database.startsWith('sqlite:') && !existsSync(database.slice('sqlite:'.length))) throw new ConfigError(`${database}: no such database`);
  if (exchange === undefined && loaded.market.source === 'stored') throw new ConfigError('paper trading on stored candles keeps no paper account between runs: there is nothing to reconcile');
  return { ...loaded, mode, database, exchange: { ...loaded.exchange, id: exchange ?? loaded.exchange.id }, market: { ...loaded.market, source: exchange !== undefined ? 'exchange' : loaded.market.source } };
}

/** The same exchange, database and clock a run of this config uses; its loop is never started. */
async function openSession(deps: CliDeps, config: DealbotConfig, sandbox: boolean): Promise<TradingSession> {
  const quiet = { publish: () => undefined };
  if (config.market.source === 'exchange') {
    const credentials = config.mode === 'live' && { credentials: loadCredentials(process.env, '.env', sandbox ? 'sandbox' : 'live') };
    return deps.composeRealtimeSession(config, quiet, { logger: await deps.exchangeLogger(), sandbox, ...credentials });
  }
  return deps.composePaperSession(config, quiet);
}

const time = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

function renderItems(items: readonly BlockingItem[]): string {
  if (items.length === 0) return 'Nothing blocks trading: every unfinished order is known to the exchange, or settled by the next start.';
  const lines: string[] = [];
  for (const item of items) {
    if (item.kind === 'missing') {
      lines.push(
        `order ${item.clientOrderId} (${item.symbol} ${item.type} ${item.side} ${item.amount} @ ${item.price ?? 'market'}, filled ${item.filled}) of deal ${item.dealId} (${item.dealStatus}): ${item.localStatus} here since ${time(item.updatedAt)} (placed ${time(item.createdAt)}); the exchange says: ${item.exchangeSaid}`,
        `  resolve with: dealbot reconcile --resolve ${item.clientOrderId}=canceled|rejected|expired --note "..."`,
      );
    } else if (item.kind === 'stranger') {
      lines.push(
        `exchange order ${item.clientOrderId} (${item.symbol} ${item.type} ${item.side} ${item.amount} @ ${item.price ?? 'market'}, filled ${item.filled}, ${item.exchangeStatus} since ${time(item.placedAt)}) carries this bot's prefix but is not in the database, and the start cannot adopt it: ${item.why}`,
        `  resolve with: dealbot reconcile --resolve ${item.clientOrderId}=canceled --note "..."  (cancels it on the exchange)`,
      );
    } else {
      lines.push(`deal ${item.dealId} (${item.dealStatus}) trades ${item.symbol}, which this config does not: add the pair back to the config to settle it`);
    }
  }
  const table = renderTable(['kind', 'id', 'pair'], items.map((i) => [i.kind, i.kind === 'unconfigured' ? i.dealId : i.clientOrderId, i.symbol]));
  return `${items.length} item${items.length === 1 ? '' : 's'} block${items.length === 1 ? 's' : ''} trading until resolved:\n${table}\n\n${lines.join('\n')}`;
}
