import { afterEach, expect, it } from 'vitest';
import type { Candle } from '../../../../src/domain/shared/candle.js';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { MINUTE, T0 } from '../../market-data/ccxt/feed.fixtures.js';
import { expectNoSecretsLogged } from './ccxt.fixtures.js';
import { tradingRig, type TradingRig } from './trading.fixtures.js';

let t: TradingRig;

afterEach(async () => {
  await t.close();
});

expectNoSecretsLogged();

const SYMBOL = 'DCA/USDT';
/** Minute k: [open, high, low, close]; flat at 100 unless listed. */
const MINUTES: Readonly<Record<number, readonly [number, number, number, number]>> = {
  2: [100, 100.2, 99.5, 99.8], // the base buy (100) fills
  3: [99.8, 99.9, 98.9, 99.2], // safety 1 (99) fills, safety 2 (97.5) does not
  4: [99.2, 101, 99.1, 100.9], // the take profit from the new average fills
};
const minute = (_i: number, k: number): Candle => {
  const [open, high, low, close] = MINUTES[k] ?? [100, 100.3, 99.7, 100];
  return { openTime: T0 + k * MINUTE, open, high, low, close, volume: 10 };
};

/** What rests on the server: side, price, quantity, client id's leg. */
const book = (t: TradingRig) => t.rig.sim.openOrders().map((o) => [o.side, o.type, String(o.price), o.quantity.toString(), o.clientOrderId.replace(/^.*-/, '')]);

it('a DCA deal through the ccxt connector: safety buys rest as limit buys, one fills, the take profit follows the average, fills, the rest is cancelled, PnL exact', async () => {
  t = await tradingRig({
    symbols: [SYMBOL],
    bullishMinutes: [1],
    minute,
    account: { extraMarkets: [{ base: 'DCA', quote: 'USDT', tickSize: '0.01', stepSize: '0.00001', minQty: '0.00001', minNotional: '5' }] },
    pair: { dealQuota: '150', dca: { baseOrder: '10', safetyOrder: '20', maxSafetyOrders: 3, maxActiveSafetyOrders: 2, deviation: '0.01', stepScale: '1.5', volumeScale: '2', takeProfit: '0.015' } },
  });
  await t.playTo(2);
  expect(book(t)).toEqual([['BUY', 'LIMIT', '100', '0.1', 'b1']]);

  // the base buy filled: 0.1 bought, 0.0999 received (Binance takes the buy's fee in the base
  // asset); the take profit at 100 x 1.015 and the first two safety levels rest
  await t.playTo(3);
  expect(book(t)).toEqual([
    ['SELL', 'LIMIT', '101.5', '0.0999', 's1'],
    ['BUY', 'LIMIT', '99', '0.20202', 'd1'],
    ['BUY', 'LIMIT', '97.5', '0.41025', 'd2'],
  ]);

  // safety 1 filled at 99: average (10 + 99 x 0.20202) / 0.30202 = 99.331104..., its take profit
  // x 1.015 = 100.82107... rounded up to 100.83, for 0.0999 + 0.20181798 held, rounded down; the
  // first take profit was cancelled on the server; safety 3 (95.25, 80 / 95.25) rests beside safety 2
  await t.playTo(4);
  expect(book(t)).toEqual([
    ['BUY', 'LIMIT', '97.5', '0.41025', 'd2'],
    ['SELL', 'LIMIT', '100.83', '0.30171', 's2'],
    ['BUY', 'LIMIT', '95.25', '0.83989', 'd3'],
  ]);
  expect(t.rig.sim.orders().find((o) => o.clientOrderId.endsWith('-s1'))?.status).toBe('CANCELED');

  // the take profit filled: the resting safety buys are cancelled, the deal closes
  await t.playTo(6);
  expect(book(t)).toEqual([]);
  const [deal, ...others] = await t.deals();
  expect(others).toEqual([]);
  expect([deal!.status, deal!.reason]).toEqual(['closed', 'take_profit']);
  const server = Object.fromEntries(t.rig.sim.orders().map((o) => [o.clientOrderId.replace(/^.*-/, ''), [o.status, o.executedQty.toString()]]));
  expect(server).toEqual({ b1: ['FILLED', '0.1'], s1: ['CANCELED', '0'], d1: ['FILLED', '0.20202'], d2: ['CANCELED', '0'], s2: ['FILLED', '0.30171'], d3: ['CANCELED', '0'] });
  const local = Object.fromEntries(deal!.orders.map((o) => [o.clientOrderId.replace(/^.*-/, ''), [o.status, o.filled.toString()]]));
  expect(local).toEqual({ b1: ['closed', '0.1'], s1: ['canceled', '0'], d1: ['closed', '0.20202'], d2: ['canceled', '0'], s2: ['closed', '0.30171'], d3: ['canceled', '0'] });

  // PnL by hand: the sell 0.30171 x 100.83 = 30.4214193 less its 0.1 % quote fee as the server
  // charges it, to 8 decimals (0.0304214193 -> 0.03042142); the buys cost 10 + 19.99998 of quote
  // (their fees were taken in DCA: 0.0001 + 0.00020202 of the 0.30202 bought)
  expect(deal!.sellOrders.flatMap((o) => o.fills).map((f) => [f.fee.toString(), f.feeCurrency ?? 'quote'])).toEqual([['0.03042142', 'quote']]);
  expect(deal!.buyOrders.flatMap((o) => o.fills).map((f) => [f.fee.toString(), f.feeCurrency])).toEqual([
    ['0.0001', 'DCA'],
    ['0.00020202', 'DCA'],
  ]);
  expect(deal!.pnl!.toString()).toBe('0.39101788');
  expect(deal!.dust!.toString()).toBe('0.00000798');
  expect(t.rig.sim.balance('USDT')).toEqual({ free: dec('100000.39101788').toString(), locked: '0' });
  expect(t.rig.sim.balance('DCA')).toEqual({ free: '0.00000798', locked: '0' });
});
