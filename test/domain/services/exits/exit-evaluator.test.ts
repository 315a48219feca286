import { describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../../../src/domain/currency-pair/currency-pair.entity.js';
import { Deal } from '../../../../src/domain/deal/deal.entity.js';
import { Order } from '../../../../src/domain/order/order.entity.js';
import { ExitRules, type ExitRulesProps } from '../../../../src/domain/currency-pair/exit-rules.js';
import { closeReason, panicWatches, protectiveStop, stopForSell } from '../../../../src/domain/services/exits/exit.evaluator.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { boughtDeal, MARKET } from './exit-fixtures.js';

/** An open deal bought at 100 whose high-water mark is `mark` (none when null). */
function openDeal(mark: string | null = null): Deal {
  const deal = boughtDeal('100', '2');
  deal.markBought(null, 60_000);
  if (mark !== null) deal.raiseHighWaterMark(dec(mark));
  return deal;
}

const stopOf = (deal: Deal, exits: ExitRulesProps) => {
  const stop = protectiveStop(deal, ExitRules.create(exits), MARKET);
  return stop === null ? null : [stop.price.toString(), stop.reason];
};

describe('protectiveStop: the higher of the stop loss and an active trailing stop', () => {
  it('is none without a stop loss or trailing stop, and none before the buy filled', () => {
    expect(stopOf(openDeal('150'), { timeExit: { hours: 1 } })).toBeNull();
    const unfilled = Order.create({ clientOrderId: 'dlb-d9-b1', dealId: 'd9', symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: dec('100'), amount: dec('1'), createdAt: 0 });
    expect(stopOf(Deal.open('d9', unfilled, 0), { stopLoss: '0.05' })).toBeNull();
  });

  it('is the stop loss alone while the trailing stop is not active', () => {
    expect(stopOf(openDeal(), { stopLoss: '0.05' })).toEqual(['95', 'stop_loss']);
    expect(stopOf(openDeal(), { stopLoss: '0.05', trailingStop: { activation: '0.02', distance: '0.01' } })).toEqual(['95', 'stop_loss']);
    expect(stopOf(openDeal('101.99'), { stopLoss: '0.05', trailingStop: { activation: '0.02', distance: '0.01' } })).toEqual(['95', 'stop_loss']);
    expect(stopOf(openDeal('101.99'), { trailingStop: { activation: '0.02', distance: '0.01' } })).toBeNull();
  });

  it('activates the trailing stop at exactly the activation price', () => {
    // 102 x 0.99 = 100.98
    expect(stopOf(openDeal('102'), { trailingStop: { activation: '0.02', distance: '0.01' } })).toEqual(['100.98', 'trailing_stop']);
  });

  it('takes the trailing stop when it is above the stop loss', () => {
    expect(stopOf(openDeal('110'), { stopLoss: '0.05', trailingStop: { activation: '0.02', distance: '0.01' } })).toEqual(['108.9', 'trailing_stop']);
  });

  it('never lowers the stop: a trailing stop below the stop loss leaves the stop loss', () => {
    // stop loss 99; trailing 120 x 0.8 = 96
    expect(stopOf(openDeal('120'), { stopLoss: '0.01', trailingStop: { activation: '0.2', distance: '0.2' } })).toEqual(['99', 'stop_loss']);
  });

  it('a trailing stop equal to the stop loss leaves the stop loss as the reason', () => {
    // stop loss 96; trailing 120 x 0.8 = 96
    expect(stopOf(openDeal('120'), { stopLoss: '0.04', trailingStop: { activation: '0.2', distance: '0.2' } })).toEqual(['96', 'stop_loss']);
  });
});

describe('stopForSell: the stop a take-profit sell carries', () => {
  const stop = { price: dec('95'), reason: 'stop_loss' as const };
  it('carries the stop only below the limit; a stop-market sell carries it as it is', () => {
    expect(stopForSell(null, dec('101'))).toBeNull();
    expect(stopForSell(stop, null)?.toString()).toBe('95');
    expect(stopForSell(stop, dec('101'))?.toString()).toBe('95');
    expect(stopForSell(stop, dec('95.01'))?.toString()).toBe('95');
    expect(stopForSell(stop, dec('95'))).toBeNull();
    expect(stopForSell(stop, dec('94'))).toBeNull();
  });
});

describe('closeReason: the rule whose sell completed the deal', () => {
  function soldBy(sells: { stop: string | null; price: string; limit: string | null; at: number; amount?: string }[]): Deal {
    const deal = openDeal();
    sells.forEach((s, i) => {
      const order = Order.create({ clientOrderId: `dlb-d1-s${i + 1}`, dealId: 'd1', symbol: 'BTC/USDT', side: 'sell', type: s.limit === null ? 'market' : 'limit', price: s.limit === null ? null : dec(s.limit), amount: dec(s.amount ?? '2'), createdAt: 70_000, stopPrice: s.stop === null ? null : dec(s.stop) });
      deal.addSellOrder(order);
      order.accept(`e${i}`, 70_000);
      order.applyFill({ tradeId: `t${i}`, price: dec(s.price), amount: dec(s.amount ?? '2'), fee: dec('0'), timestamp: s.at }, s.at);
    });
    return deal;
  }
  const withRules = (exits: ExitRulesProps) => ExitRules.create(exits);

  it('is the stop loss when the stop that sold is at or below the stop loss price', () => {
    expect(closeReason(soldBy([{ stop: '95', price: '94.5', limit: '110', at: 80_000 }]), withRules({ stopLoss: '0.05' }), MARKET)).toBe('stop_loss');
    expect(closeReason(soldBy([{ stop: '94', price: '93', limit: '110', at: 80_000 }]), withRules({ stopLoss: '0.05' }), MARKET)).toBe('stop_loss');
  });

  it('is the trailing stop when the stop that sold is above the stop loss price, or there is no stop loss', () => {
    expect(closeReason(soldBy([{ stop: '95.01', price: '95', limit: '110', at: 80_000 }]), withRules({ stopLoss: '0.05', trailingStop: { activation: '0.02', distance: '0.01' } }), MARKET)).toBe('trailing_stop');
    expect(closeReason(soldBy([{ stop: '90', price: '89', limit: '110', at: 80_000 }]), withRules({ trailingStop: { activation: '0.02', distance: '0.01' } }), MARKET)).toBe('trailing_stop');
  });

  it('is the take profit (or the profit markup without targets) when the limit sold', () => {
    const ladder = withRules({ takeProfit: { targets: [{ profit: '0.01', share: '1' }] } });
    expect(closeReason(soldBy([{ stop: '95', price: '110', limit: '110', at: 80_000 }]), ladder, MARKET)).toBe('take_profit');
    expect(closeReason(soldBy([{ stop: null, price: '110', limit: '110', at: 80_000 }]), ExitRules.NONE, MARKET)).toBe('profit_markup');
    expect(closeReason(openDeal(), ExitRules.NONE, MARKET)).toBe('profit_markup');
  });

  it('looks at the sell that filled last, the later one on a tie', () => {
    const rules = withRules({ stopLoss: '0.05', takeProfit: { targets: [{ profit: '0.1', share: '1' }] } });
    const stopLast = soldBy([{ stop: '95', price: '110', limit: '110', at: 80_000, amount: '1' }, { stop: '95', price: '94', limit: '110', at: 90_000, amount: '1' }]);
    expect(closeReason(stopLast, rules, MARKET)).toBe('stop_loss');
    const limitLast = soldBy([{ stop: '95', price: '94', limit: '110', at: 80_000, amount: '1' }, { stop: '95', price: '110', limit: '110', at: 90_000, amount: '1' }]);
    expect(closeReason(limitLast, rules, MARKET)).toBe('take_profit');
    const tie = soldBy([{ stop: '95', price: '110', limit: '110', at: 80_000, amount: '1' }, { stop: '95', price: '94', limit: '110', at: 80_000, amount: '1' }]);
    expect(closeReason(tie, rules, MARKET)).toBe('stop_loss');
  });
});

describe('panicWatches: one crash detector per pair with a panic-sell rule', () => {
  const pair = (symbol: string, exits: ExitRulesProps = {}) => CurrencyPair.create({ symbol, orderLifeTime: 60, dealQuota: '100', profitMarkup: '0.01', dealCount: 1, exits });

  it('watches the pair itself, or its reference pair, with the rule\'s drop, window and cooldown', () => {
    const watches = panicWatches(
      [pair('BTC/USDT', { panicSell: { drop: '0.5', windowMinutes: 10, cooldownMinutes: 30 } }), pair('ETH/USDT'), pair('SOL/USDT', { panicSell: { drop: '0.5', windowMinutes: 10, cooldownMinutes: 0, reference: 'BTC/USDT' } })],
      60_000,
    );
    expect(watches.map((w) => [w.pair, w.detector.symbol, w.cooldownMs])).toEqual([['BTC/USDT', 'BTC/USDT', 1_800_000], ['SOL/USDT', 'BTC/USDT', 0]]);
    const detector = watches[0]!.detector;
    expect(detector.observe(0, 100, 100)).toBe(false);
    expect(detector.observe(540_000, 60, 50)).toBe(true); // 50 <= 100 x 0.5 within 10 minutes
    expect(detector.observe(600_000, 60, 50)).toBe(false); // 100 left the window
  });
});
