import type { TradingContext } from '../../src/application/shared/trading-context.js';
import { describe, expect, it } from 'vitest';
import { equitySample } from '../../src/main/api.js';
import { candle, paperHarness, ScriptedStrategy } from '../support/paper-harness.js';

const BTC = { symbol: 'BTC/USDT', dealQuota: '100', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 180 };

describe('equitySample: the API`s equity point after each tick', () => {
  const harness = () =>
    paperHarness({ pairs: [{ props: BTC }], balances: { USDT: '1000', BTC: '0.5' }, strategy: new ScriptedStrategy({}), series: { 'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 120 })] } });

  it('is the quote balance plus each base holding at its last price', async () => {
    const h = harness();
    await h.loop.run();
    expect(await equitySample(h.loop.context, h.loop)).toEqual({ time: h.clock.now(), equity: '1060' });
  });

  it('is skipped (null), not thrown, when the exchange does not answer: a chart must never stop the trading loop', async () => {
    const h = harness();
    await h.loop.run();
    const exchange = Object.assign(Object.create(h.exchange) as typeof h.exchange, { fetchBalance: () => Promise.reject(new Error('exchange timeout')) });
    const down: TradingContext = { ...h.loop.context, exchange };
    await expect(equitySample(down, h.loop)).resolves.toBeNull();
  });
});
