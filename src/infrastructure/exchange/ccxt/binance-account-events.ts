import type { AccountPosition, AssetAmounts } from './balance-book.js';

/**
 * Binance's spot user-data stream, as the balance book reads it (user-data-stream.md): the raw
 * messages, before ccxt turns amounts into floats. outboundAccountPosition carries the absolute
 * free and locked amounts of the assets a change may have moved, `u` the account's last update
 * time, after the executionReport of that change; balanceUpdate (a deposit, a withdrawal) is
 * followed by one too.
 */

export type BalanceStreamEvent =
  | { readonly kind: 'account'; readonly position: AccountPosition }
  /** A change announced whose balances follow in an account event: `clientOrderId` is the order's (null: no order), `ended` whether it is final. */
  | { readonly kind: 'announced'; readonly clientOrderId: string | null; readonly ended: boolean }
  /** The exchange ended the subscription (eventStreamTerminated, listenKeyExpired). */
  | { readonly kind: 'terminated' };

const ENDED = new Set(['FILLED', 'CANCELED', 'EXPIRED', 'REJECTED', 'EXPIRED_IN_MATCH']);

const record = (value: unknown): Record<string, unknown> | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A ws-api message wraps its event in `event`, a combined stream in `data`. */
function unwrap(message: unknown): Record<string, unknown> | null {
  const outer = record(message);
  if (outer === null) return null;
  return record(outer['event']) ?? record(outer['data']) ?? outer;
}

/**
 * The balance book's reading of one stream message; null for messages that move no balance.
 * `code` turns an exchange asset id into the unified currency code; `orderIdOf` a streamed client
 * order id into the one the bot knows the order by (an OCO leg: its list's).
 */
export function binanceBalanceEvent(message: unknown, code: (assetId: string) => string, orderIdOf: (clientOrderId: string) => string): BalanceStreamEvent | null {
  const event = unwrap(message);
  switch (event?.['e']) {
    case 'outboundAccountPosition': {
      const assets = new Map<string, AssetAmounts>();
      for (const entry of Array.isArray(event['B']) ? (event['B'] as unknown[]) : []) {
        const b = record(entry);
        const [asset, free, locked] = [text(b?.['a']), text(b?.['f']), text(b?.['l'])];
        if (asset !== null && free !== null && locked !== null) assets.set(code(asset), { free, locked });
      }
      return typeof event['u'] === 'number' ? { kind: 'account', position: { updateTime: event['u'], assets } } : null;
    }
    case 'executionReport': {
      const status = text(event['X']) ?? '';
      // a cancel's report carries the cancel request's id in `c`, the order's own in `C` (empty otherwise), as ccxt reads it
      const original = text(event['C']);
      const id = original !== null && original !== '' ? original : text(event['c']);
      return { kind: 'announced', clientOrderId: id === null ? null : orderIdOf(id), ended: ENDED.has(status) };
    }
    case 'balanceUpdate':
    case 'externalLockUpdate':
      return { kind: 'announced', clientOrderId: null, ended: false };
    case 'eventStreamTerminated':
    case 'listenKeyExpired':
      return { kind: 'terminated' };
    default:
      return null;
  }
}

/** GET /api/v3/account (ccxt's fetchBalance `info`) as a position of every asset; null when it is not that shape. */
export function binanceAccountSnapshot(info: unknown, code: (assetId: string) => string): AccountPosition | null {
  const account = record(info);
  if (account === null || typeof account['updateTime'] !== 'number' || !Array.isArray(account['balances'])) return null;
  const assets = new Map<string, AssetAmounts>();
  for (const entry of account['balances'] as unknown[]) {
    const b = record(entry);
    const [asset, free, locked] = [text(b?.['asset']), text(b?.['free']), text(b?.['locked'])];
    if (asset === null || free === null || locked === null) return null;
    assets.set(code(asset), { free, locked });
  }
  return { updateTime: account['updateTime'], assets };
}
