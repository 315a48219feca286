import { afterEach, describe, expect, it } from 'vitest';
import type { Deal } from '../../../../src/domain/deal/deal.entity.js';
import { dec, sumDecimals, ZERO, type Decimal } from '../../../../src/domain/shared/decimal.js';
import type { SimOrder } from '../../../support/binance-sim/binance-sim.js';
import { MINUTE, T0 } from '../../market-data/ccxt/feed.fixtures.js';
import { tradingRig, type TradingRig } from './trading.fixtures.js';

/**
 * Live trading against the local Binance server charging commission as Binance does: a buy's
 * in the base asset it buys (or in BNB when the account pays with BNB). Before fees in any
 * currency, 15 of 15 sells were refused here and no deal closed.
 */
const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];
/** A deal every 4 minutes per pair: BULLISH on 1, 5, 9, ...; the take profit is reached on 3, 7, 11, ... */
const CYCLES = 8;
const BULLISH = Array.from({ length: CYCLES }, (_, c) => 1 + 4 * c);
const SPIKES = BULLISH.map((k) => k + 2);
const STEP = dec('0.01');
const BNB_PRICE = 300;

let t: TradingRig;
afterEach(async () => {
  await t.close();
});

/** A deal's PnL from the server's own trades: proceeds - cost - commissions (BNB at its price). */
function serverPnl(deal: Deal, server: ReadonlyMap<string, SimOrder>): Decimal {
  let pnl = ZERO;
  for (const order of deal.orders) {
    const remote = server.get(order.clientOrderId);
    for (const trade of remote?.trades ?? []) {
      const value = trade.price.times(trade.qty);
      pnl = order.side === 'buy' ? pnl.minus(value) : pnl.plus(value);
      if (trade.commissionAsset === 'USDT') pnl = pnl.minus(trade.commission);
      if (trade.commissionAsset === 'BNB') pnl = pnl.minus(trade.commission.times(BNB_PRICE));
    }
  }
  return pnl;
}

async function tradeAll(feeMode: 'received' | 'bnb'): Promise<Deal[]> {
  const bnb = feeMode === 'bnb';
  t = await tradingRig({
    symbols: SYMBOLS,
    bullishMinutes: BULLISH,
    spikes: SPIKES,
    account: bnb ? { feeMode, extraMarkets: [{ base: 'BNB', quote: 'USDT', tickSize: '0.01', stepSize: '0.001', minQty: '0.001', minNotional: '5' }], balances: { BNB: '10' } } : { feeMode },
  });
  if (bnb) for (let k = -3; k < 0; k += 1) t.rig.sim.pushCandle('BNB/USDT', { openTime: T0 + k * MINUTE, open: BNB_PRICE, high: BNB_PRICE, low: BNB_PRICE, close: BNB_PRICE, volume: 1 });
  await t.playTo(4 * CYCLES + 1);
  return t.deals();
}

function expectBooksAgree(deals: readonly Deal[]): void {
  const { sim } = t.rig;
  const server = new Map(sim.orders().map((o) => [o.clientOrderId, o]));
  expect(deals.length).toBeGreaterThanOrEqual(20);
  expect(deals.filter((d) => d.status !== 'closed').map((d) => `${d.id} ${d.status} ${d.reason ?? ''}`)).toEqual([]);
  for (const deal of deals) {
    expect(deal.pnl?.toString(), `deal ${deal.id}`).toBe(serverPnl(deal, server).toString());
    expect((deal.dust ?? ZERO).lt(STEP), `deal ${deal.id} dust ${deal.dust?.toString()}`).toBe(true);
  }
  // the server's balances are the bot's books: start + realised PnL in quote (BNB fees were paid
  // in BNB, not out of it), the dust in each base
  const paidInBnb = sumDecimals(deals.flatMap((d) => d.orders.flatMap((o) => o.fills.map((f) => (f.feeCurrency === 'BNB' ? (f.feeQuote as Decimal) : ZERO)))));
  expect(sim.balance('USDT')).toEqual({ free: sumDecimals(deals.map((d) => d.pnl as Decimal)).plus(paidInBnb).plus(100000).toString(), locked: '0' });
  for (const symbol of SYMBOLS) {
    const dust = sumDecimals(deals.filter((d) => d.symbol === symbol).map((d) => d.dust ?? ZERO));
    expect(sim.balance(symbol.split('/')[0] as string), symbol).toEqual({ free: dust.toString(), locked: '0' });
  }
}

describe('live deals on Binance fee rules (local server)', () => {
  it('buy fees in the base asset: every deal sells what it received and closes; PnL, dust and balances agree with the server', async () => {
    const deals = await tradeAll('received');
    expectBooksAgree(deals);
    for (const deal of deals) {
      expect(deal.buyOrder.fills.map((f) => f.feeCurrency)).toEqual([deal.symbol.split('/')[0]]);
      expect(deal.soldAmount.plus(deal.dust ?? ZERO).toString()).toBe(deal.receivedAmount.toString());
    }
    expect(t.events.filter((e) => e.type === 'DealClosed')).toHaveLength(deals.length);
  }, 120_000);

  it('fees paid in BNB: counted at the BNB price in every PnL, taken from the BNB balance, reported with each deal', async () => {
    const deals = await tradeAll('bnb');
    expectBooksAgree(deals);
    const bnbFees = sumDecimals(deals.flatMap((d) => d.orders.flatMap((o) => o.fills.filter((f) => f.feeCurrency === 'BNB').map((f) => f.fee))));
    expect(bnbFees.gt(0)).toBe(true);
    expect(t.rig.sim.balance('BNB').free).toBe(dec(10).minus(bnbFees).toString());
    for (const deal of deals) {
      expect(deal.orders.every((o) => o.fills.every((f) => f.feeCurrency === 'BNB' && f.feeQuote?.eq(f.fee.times(BNB_PRICE))))).toBe(true);
      expect(deal.dust).toBeNull();
      expect(deal.fees.gt(0)).toBe(true);
    }
    const closed = t.events.filter((e) => e.type === 'DealClosed');
    expect(closed.map((e) => e.fees)).toEqual(deals.map((d) => d.fees.toString()));
  }, 120_000);
});
