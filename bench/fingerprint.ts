import { createHash, type Hash } from 'node:crypto';
import { runBacktest } from '../src/application/backtest/backtest-runner.js';
import { dealToSnapshot } from '../src/domain/deal/deal.snapshot.js';
import type { DomainEvent } from '../src/domain/events.js';
import { configSchema } from '../src/infrastructure/config/config.schema.js';
import { columnsFromCandles } from '../src/infrastructure/market-data/candle-store/candle-columns.js';
import { composeBacktest } from '../src/main/backtest.js';
import { benchConfig, syntheticMarket } from './backtest/synthetic-market.js';

/**
 * Fingerprints of the bench backtests, for refactors that must not change behaviour: a sha256
 * each of every deal (with its orders and fills), every domain event, the final balances and
 * every equity point, for the two markets of the backtest benches.
 *
 *   npx tsx bench/fingerprint.ts            # both markets
 *   npx tsx bench/fingerprint.ts 100 10000  # one market: pairs, candles
 */
const CASES: readonly (readonly [number, number])[] = [
  [1, 1_000_000],
  [100, 10_000],
];

/** Decimals serialise as their exact text (big.js toJSON). */
const json = (value: unknown): string => JSON.stringify(value);
const short = (hash: Hash): string => hash.digest('hex').slice(0, 12);

async function fingerprint(pairs: number, candles: number): Promise<Record<string, string | number>> {
  const market = syntheticMarket(pairs, candles);
  const series = Object.fromEntries(Object.entries(market).map(([symbol, list]) => [symbol, columnsFromCandles(list)]));
  const setup = composeBacktest(configSchema.parse(benchConfig(Object.keys(market))), series);
  const events = createHash('sha256');
  let eventCount = 0;
  setup.events.subscribe((batch: readonly DomainEvent[]) => {
    for (const event of batch) events.update(json(event)).update('\n');
    eventCount += batch.length;
  });
  const result = await runBacktest(setup);
  const deals = createHash('sha256');
  let orders = 0;
  let fills = 0;
  for (const deal of result.deals) {
    const snapshot = dealToSnapshot(deal);
    deals.update(json(snapshot)).update('\n');
    orders += snapshot.orders.length;
    fills += snapshot.orders.reduce((n, o) => n + o.fills.length, 0);
  }
  const equity = createHash('sha256');
  equity.update(Buffer.from(result.equity.times.buffer, result.equity.times.byteOffset, result.equity.length * 8));
  equity.update(Buffer.from(result.equity.equities.buffer, result.equity.equities.byteOffset, result.equity.length * 8));
  return {
    market: `${pairs} x ${candles}`,
    deals: result.deals.length,
    orders,
    fills,
    events: eventCount,
    'deals+orders+fills': short(deals),
    'events sha': short(events),
    balances: short(createHash('sha256').update(json(result.finalBalances))),
    'equity points': result.equity.length,
    'equity sha': short(equity),
  };
}

const args = process.argv.slice(2).map(Number);
const cases = args.length === 2 ? [[args[0]!, args[1]!] as const] : CASES;
const rows = [];
for (const [pairs, candles] of cases) rows.push(await fingerprint(pairs, candles));
console.table(rows);
