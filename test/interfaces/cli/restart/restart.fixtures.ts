import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { dec } from '../../../../src/domain/shared/decimal.js';
import type { PaperAccountState } from '../../../../src/infrastructure/exchange/paper/paper-account.state.js';
import type { SimOrder } from '../../../support/binance-sim/binance-sim.js';
import { ROOT } from '../../../support/realtime/bot-process.js';

/** The demo config on a file database, with short indicator periods so that a few hundred candles make many deals. */
export function writeSimConfig(dir: string, database: string, overrides: Readonly<Record<string, unknown>> = {}): string {
  const config = parse(readFileSync(join(ROOT, 'config/default.yaml'), 'utf8')) as Record<string, unknown> & { pairs: Record<string, unknown>[] };
  const pairs = config.pairs.slice(0, 2).map((p) => ({ ...p, dealCount: 2, orderLifeTime: 300, profitMarkup: '0.002' }));
  const written = {
    ...config,
    database,
    windowSize: 60,
    strategy: { rsiPeriod: 3, macdFast: 2, macdSlow: 4, macdSignal: 2, rsiBuyBelow: 60, rsiSellAbove: 100 },
    exits: { stopLoss: '0.01' },
    pairs,
    ...overrides,
  };
  const path = join(dir, 'sim.yaml');
  writeFileSync(path, stringify(written));
  return path;
}

export function readPaperAccount(file: string): PaperAccountState & { readonly simulatedMarket?: { readonly lastOpenTimes: Record<string, number> } } {
  return JSON.parse(readFileSync(file, 'utf8')) as PaperAccountState & { simulatedMarket?: { lastOpenTimes: Record<string, number> } };
}

/**
 * The paper account's orders in the local Binance server's shape, so that the crash test's
 * checks (test/support/realtime/db-state.ts) judge a paper run the same way. The paper
 * exchange's order ids are text (`paper-7`): the checks only compare them as text.
 */
export function paperOrdersAsServerOrders(account: PaperAccountState): SimOrder[] {
  return account.orders.map((o) => {
    const executedQty = dec(o.filled);
    return {
      orderId: o.exchangeOrderId as unknown as number,
      // the paper exchange holds a sell's stop on the order itself: never a list
      orderListId: -1,
      clientOrderId: o.clientOrderId,
      market: undefined as unknown as SimOrder['market'],
      side: o.side === 'buy' ? 'BUY' : 'SELL',
      type: o.type === 'market' ? 'MARKET' : 'LIMIT',
      price: o.price === null ? null : dec(o.price),
      quantity: dec(o.amount),
      time: o.timestamp,
      updateTime: o.timestamp,
      status: o.status === 'closed' ? 'FILLED' : o.status === 'canceled' ? 'CANCELED' : 'NEW',
      executedQty,
      cumQuote: o.trades.reduce((s, t) => s.plus(dec(t.price).times(dec(t.amount))), dec(0)),
      reserved: dec(o.reserved),
      trades: o.trades.map((t) => ({ id: t.id, price: dec(t.price), qty: dec(t.amount), commission: dec(t.fee) })) as unknown as SimOrder['trades'],
    } as SimOrder;
  });
}
