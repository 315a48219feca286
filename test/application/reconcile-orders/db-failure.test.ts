import { describe, expect, it } from 'vitest';
import { TradingLoop } from '../../../src/application/trading-loop/trading-loop.js';
import { FailingUnitOfWork } from '../../support/failing-unit-of-work.js';
import { candle, paperHarness, ScriptedStrategy } from '../../support/paper-harness.js';


describe('a database write failing right after the exchange accepted an order', () => {
  it('loses nothing: the next start finds the order by its client id and records it', async () => {
    const BTC = { symbol: 'BTC/USDT', dealQuota: '100', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 600 };
    const series = { 'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 100.5, l: 100.2 }), candle(2, { c: 99.5, l: 99 })] };
    const h = paperHarness({ pairs: [{ props: BTC }], balances: { USDT: '1000' }, strategy: new ScriptedStrategy({ 'BTC/USDT': [0] }), series });
    const flaky = new FailingUnitOfWork(h.uow, 'SQLITE_BUSY: database is locked');
    const originalCreate = h.exchange.createOrder.bind(h.exchange);
    h.exchange.createOrder = async (request) => {
      const answer = await originalCreate(request);
      flaky.failNextCommit = true; // the exchange took it; the write of its answer fails
      return answer;
    };
    const first = new TradingLoop({ ...h.ctx, uow: flaky }, h.feed, new ScriptedStrategy({ 'BTC/USDT': [0] }), { timeframe: '1m', windowSize: 500 });
    await first.start();
    const ticks = h.feed.ticks(['BTC/USDT'], '1m')[Symbol.asyncIterator]();
    await expect(first.tick((await ticks.next()).value)).rejects.toThrow('SQLITE_BUSY');
    // the write-ahead row is there, still `new`; the exchange has the order
    const [stored] = await h.deals();
    expect(stored?.buyOrder.status).toBe('new');
    expect(h.exchange.orders().map((o) => o.clientOrderId)).toEqual([stored?.buyOrder.clientOrderId]);

    // the bot restarts on the same database and exchange: reconciliation adopts the order
    h.exchange.createOrder = originalCreate;
    const restarted = new TradingLoop(h.ctx, h.feed, new ScriptedStrategy({}), { timeframe: '1m', windowSize: 500 });
    await restarted.start();
    const [deal] = await h.deals();
    expect(deal?.buyOrder.status).toBe('open');
    expect(deal?.buyOrder.exchangeOrderId).toBe(h.exchange.orders()[0]?.exchangeOrderId);
    await restarted.tick((await ticks.next()).value);
    await restarted.tick((await ticks.next()).value);
    expect((await h.deals())[0]?.status).toBe('open'); // bought at 100 on the 00:02 candle; its sell rests
    expect(h.exchange.orders().filter((o) => o.side === 'buy')).toHaveLength(1); // never sent twice
  });
});
