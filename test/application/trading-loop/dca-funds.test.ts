import { describe, expect, it } from 'vitest';
import { stillToSpend } from '../../../src/domain/services/dca/dca-deal.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { candle, paperHarness, ScriptedStrategy } from '../../support/paper-harness.js';

/** Max budget 10 + 20 + 40 + 80 = 150 per deal; two safety orders rest at once. */
const DCA = { baseOrder: '10', safetyOrder: '20', maxSafetyOrders: 3, maxActiveSafetyOrders: 1, deviation: '0.01', stepScale: '1.5', volumeScale: '2', takeProfit: '0.015' };
const pair = (symbol: string) => ({ symbol, dealQuota: '150', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 600, dca: DCA });

/** BTC opens on minute 0 (base buy at 100, filled on minute 1: safety buy 1 rests); ETH signals on minute 2. */
function run(usdt: string, { ethAt = 120_000, btcTakesProfit = false } = {}) {
  const series = {
    'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 100.2, l: 99.9 }), candle(2, btcTakesProfit ? { c: 102, l: 100 } : { c: 100.1, l: 100 }), candle(3, { c: 100.1, l: 100 }), candle(4, { c: 100.1, l: 100 })],
    'ETH/USDT': [0, 1, 2, 3, 4].map((minute) => candle(minute, { c: 50 })),
  };
  return paperHarness({ pairs: [{ props: pair('BTC/USDT') }, { props: pair('ETH/USDT') }], balances: { USDT: usdt }, strategy: new ScriptedStrategy({ 'BTC/USDT': [0], 'ETH/USDT': [ethAt] }), series });
}

describe("a new deal leaves working DCA deals the money of their safety orders not placed yet", () => {
  it('refuses a deal the free balance covers only by counting on money a DCA deal may still need, and opens it when there is enough', async () => {
    // free after BTC's base buy (10 + fee) and its resting safety buy (20): about 230; BTC may still take 150.15 - 30.03 = 120.12
    const short = run('260');
    await short.loop.run();
    const [btc, ...others] = await short.deals();
    expect(others).toEqual([]);
    expect(btc?.orders.map((o) => [o.clientOrderId.replace(/^.*-/, ''), o.status])).toEqual([['b1', 'closed'], ['s1', 'open'], ['d1', 'open']]);
    // by hand: the whole budget with the fee, less the base buy's cost and what the resting safety buy holds, with the fee
    const [base, , safety] = btc!.orders;
    const held = base!.cost.plus(safety!.price!.times(safety!.amount));
    const { pair: btcPair, market } = short.ctx.pairs.get('BTC/USDT')!;
    expect(stillToSpend(btc!, btcPair.dca!, market).toString()).toBe(dec('150').times('1.001').minus(held.times('1.001')).toString());

    const enough = run('310');
    await enough.loop.run();
    expect((await enough.deals()).map((d) => d.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it('a DCA deal that ended holds nothing: once its take profit sold, the next deal opens on the same balance', async () => {
    const h = run('260', { ethAt: 240_000, btcTakesProfit: true });
    await h.loop.run();
    const [btc, eth] = await h.deals();
    expect(btc?.status).toBe('closed');
    const { pair, market } = h.ctx.pairs.get('BTC/USDT')!;
    expect(stillToSpend(btc!, pair.dca!, market).toString()).toBe('0');
    expect(eth?.symbol).toBe('ETH/USDT');
  });
});
