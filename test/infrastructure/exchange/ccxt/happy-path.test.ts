import { afterEach, expect, it } from 'vitest';
import { dec, sumDecimals } from '../../../../src/domain/shared/decimal.js';
import { SYMBOLS } from '../../market-data/ccxt/feed.fixtures.js';
import { expectNoSecretsLogged } from './ccxt.fixtures.js';
import { tradingRig, type TradingRig } from './trading.fixtures.js';

let t: TradingRig;

afterEach(async () => {
  await t.close();
});

expectNoSecretsLogged();

it('5 pairs trade end to end over websocket candles: deals open and close; the server and the repositories agree', async () => {
  // BULLISH on minutes 1 and 5: buy at the close P, filled on the next minute (low < P), sold at 1.01 P on minute 3 / 7.
  t = await tradingRig({ bullishMinutes: [1, 5] });
  await t.playTo(9);
  const { sim } = t.rig;

  const deals = await t.deals();
  expect(deals).toHaveLength(10);
  expect(deals.every((d) => d.status === 'closed')).toBe(true);
  expect(t.events.filter((e) => e.type === 'DealClosed')).toHaveLength(10);

  // Every order the bot stored is on the server with the same status and fill, and nothing else is.
  const local = deals.flatMap((d) => d.orders.map((o) => [o.clientOrderId, o.status, o.filled.toString()]));
  const remote = sim.orders().map((o) => [o.clientOrderId, o.status === 'FILLED' ? 'closed' : o.status, o.executedQty.toString()]);
  expect(local.sort()).toEqual(remote.sort());
  expect(sim.openOrders()).toEqual([]);

  // Binance charges a buy's fee in the base asset: each deal sells what it received, rounded down
  // to the step, and keeps the rest as dust; the quote balance moves by exactly the realised PnL.
  const pnl = sumDecimals(deals.map((d) => d.pnl!));
  expect(sim.balance('USDT')).toEqual({ free: pnl.plus(100000).toString(), locked: '0' });
  for (const symbol of SYMBOLS) {
    const mine = deals.filter((d) => d.symbol === symbol);
    expect(sim.balance(symbol.split('/')[0]!).free).toBe(sumDecimals(mine.map((d) => d.dust ?? dec(0))).toString());
    for (const deal of mine) expect(deal.dust === null || deal.dust.lt('0.01')).toBe(true);
  }
  expect(deals.every((d) => d.buyOrder.fills.every((f) => f.feeCurrency === d.symbol.split('/')[0]))).toBe(true);
});
