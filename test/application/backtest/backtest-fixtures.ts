import { equityCurveOf, type BacktestResult, type EquityPoint } from '../../../src/application/backtest/backtest-result.js';
import { Deal } from '../../../src/domain/deal/deal.entity.js';
import { Order } from '../../../src/domain/order/order.entity.js';
import type { Balances } from '../../../src/domain/ports/exchange.port.js';
import { dec, ZERO } from '../../../src/domain/shared/decimal.js';

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);
export const at = (hours: number): number => T0 + hours * HOUR;

interface Leg {
  readonly price: string;
  readonly amount: string;
  readonly fee: string;
  /** Hours after T0. */
  readonly at: number;
  readonly type?: 'limit' | 'market';
}

/** A deal built through the entities, as the loop would: created, bought, then sold or cancelled. */
export function makeDeal(id: string, symbol: string, created: number, buy: Leg, end: { sell?: Leg; closed?: number; cancelled?: number; sellResting?: string } = {}): Deal {
  const order = (side: 'buy' | 'sell', leg: { price: string; amount: string; type?: 'limit' | 'market' }, attempt: number, createdAt: number): Order =>
    Order.create({ clientOrderId: `dlb-${id}-${side[0]}${attempt}`, dealId: id, symbol, side, type: leg.type ?? 'limit', price: leg.type === 'market' ? null : dec(leg.price), amount: dec(leg.amount), createdAt });
  const deal = Deal.open(id, order('buy', buy, 1, at(created)), at(created));
  deal.buyOrder.accept(`x-${id}-b`, at(created));
  if (end.cancelled !== undefined) {
    deal.buyOrder.cancel(at(end.cancelled), 'expired');
    deal.cancel('order lifetime exceeded', at(end.cancelled));
    return deal;
  }
  deal.buyOrder.applyFill({ tradeId: `${id}-b`, price: dec(buy.price), amount: dec(buy.amount), fee: dec(buy.fee), timestamp: at(buy.at) }, at(buy.at));
  const sellLeg = end.sell ?? { price: end.sellResting ?? buy.price, amount: buy.amount, fee: '0', at: buy.at };
  deal.markBought(order('sell', sellLeg, 1, at(buy.at)), at(buy.at));
  deal.sellOrder?.accept(`x-${id}-s`, at(buy.at));
  if (end.sell !== undefined) {
    deal.sellOrder?.applyFill({ tradeId: `${id}-s`, price: dec(end.sell.price), amount: dec(end.sell.amount), fee: dec(end.sell.fee), timestamp: at(end.sell.at) }, at(end.sell.at));
    deal.close(at(end.closed ?? end.sell.at));
  }
  deal.pullEvents();
  return deal;
}

const balance = (total: string): Balances[string] => ({ free: dec(total), used: ZERO, total: dec(total) });

export function makeResult(deals: readonly Deal[], equity: readonly EquityPoint[], overrides: Partial<BacktestResult> = {}): BacktestResult {
  return {
    pairs: ['BTC/USDT', 'ETH/USDT'],
    timeframe: '1h',
    startTime: T0,
    endTime: at(72),
    quote: 'USDT',
    startingBalances: { USDT: balance('1000') },
    finalBalances: { USDT: balance('1005.334'), ETH: balance('1') },
    startingEquity: dec('1000'),
    lastCloses: { 'BTC/USDT': dec('96'), 'ETH/USDT': dec('24.666') },
    deals,
    equity: equityCurveOf(equity),
    candlesProcessed: 144,
    ...overrides,
  };
}

/**
 * Five deals over three days from 1000 USDT, figures worked out by hand:
 * d1 BTC  buy 2 @ 100 (fee 0.2) h2, sell 2 @ 110 (fee 0.22) h5, closed h6:  PnL 220 - 200 - 0.42 = 19.58
 * d5 ETH  buy 1 @ 20 (fee 0.02) h4, sell 1 @ 21 (fee 0.021) h8, closed h9:  PnL 21 - 20 - 0.041 = 0.959
 * d2 BTC  buy 1 @ 100 (fee 0.1) h25, market sell 1 @ 95 (fee 0.095) h30:    PnL 95 - 100 - 0.195 = -5.195
 * d3 ETH  cancelled unfilled at h28
 * d4 ETH  buy 1 @ 10 (fee 0.01) h50, sell resting at 11: still open at the end (h72)
 * Final USDT 1000 + 15.344 - 10.01 = 1005.334, and 1 ETH at its last close 24.666: equity 1030,
 * of which 14.656 is d4's unrealised PnL (24.666 - 10 - 0.01).
 */
export function scenario(): BacktestResult {
  const deals = [
    makeDeal('d1', 'BTC/USDT', 1, { price: '100', amount: '2', fee: '0.2', at: 2 }, { sell: { price: '110', amount: '2', fee: '0.22', at: 5 }, closed: 6 }),
    makeDeal('d5', 'ETH/USDT', 3, { price: '20', amount: '1', fee: '0.02', at: 4 }, { sell: { price: '21', amount: '1', fee: '0.021', at: 8 }, closed: 9 }),
    makeDeal('d2', 'BTC/USDT', 24, { price: '100', amount: '1', fee: '0.1', at: 25 }, { sell: { price: '95', amount: '1', fee: '0.095', at: 30, type: 'market' } }),
    makeDeal('d3', 'ETH/USDT', 26, { price: '15', amount: '1', fee: '0', at: 27 }, { cancelled: 28 }),
    makeDeal('d4', 'ETH/USDT', 48, { price: '10', amount: '1', fee: '0.01', at: 50 }, { sellResting: '11' }),
  ];
  const equity = [
    [6, 1010],
    [12, 1020],
    [20, 990],
    [24, 1005],
    [30, 969],
    [40, 1000],
    [72, 1030],
  ].map(([h, e]) => ({ time: at(h as number), equity: e as number }));
  return makeResult(deals, equity);
}
