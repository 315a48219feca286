import { describe, expect, it } from 'vitest';
import { cancelOpenOrders } from '../../../src/application/shutdown/cancel-open-orders.use-case.js';
import { TradingLoop } from '../../../src/application/trading-loop/trading-loop.js';
import { FailingUnitOfWork } from '../../support/failing-unit-of-work.js';
import { candle, paperHarness, ScriptedStrategy } from '../../support/paper-harness.js';


const DCA = { baseOrder: '10', safetyOrder: '20', maxSafetyOrders: 3, deviation: '0.01', stepScale: '1.5', volumeScale: '2', takeProfit: '0.015' };

describe('a DCA deal across a restart', () => {
  it('a safety buy stored but never sent is sent at the next start (its level still stands), not dropped like a first buy', async () => {
    const BTC = { symbol: 'BTC/USDT', dealQuota: '150', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 600, dca: DCA };
    const series = { 'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 100.2, l: 99.9 }), candle(2, { c: 100.1, l: 100 }), candle(3, { c: 99.5, l: 98.5 })] };
    const h = paperHarness({ pairs: [{ props: BTC }], balances: { USDT: '1000' }, strategy: new ScriptedStrategy({ 'BTC/USDT': [0] }), series });
    const crashing = new FailingUnitOfWork(h.uow, 'the process died');
    const send = h.exchange.createOrder.bind(h.exchange);
    h.exchange.createOrder = async (request) => {
      if (request.clientOrderId.endsWith('-d1')) {
        crashing.failNextCommit = true;
        throw new Error('the process died before the safety buy left');
      }
      return send(request);
    };
    const first = new TradingLoop({ ...h.ctx, uow: crashing }, h.feed, new ScriptedStrategy({ 'BTC/USDT': [0] }), { timeframe: '1m', windowSize: 500 });
    await first.start();
    const ticks = h.feed.ticks(['BTC/USDT'], '1m')[Symbol.asyncIterator]();
    await first.tick((await ticks.next()).value); // the signal: the base buy rests at 100
    await expect(first.tick((await ticks.next()).value)).rejects.toThrow(); // the base buy fills; the safety buy is stored, never sent
    const [stored] = await h.deals();
    expect(stored?.orders.map((o) => [o.clientOrderId.replace(/^.*-/, ''), o.status])).toEqual([['b1', 'closed'], ['s1', 'open'], ['d1', 'new']]);
    expect(h.exchange.orders().map((o) => o.clientOrderId.replace(/^.*-/, ''))).toEqual(['b1', 's1']);

    h.exchange.createOrder = send;
    const restarted = new TradingLoop(h.ctx, h.feed, new ScriptedStrategy({}), { timeframe: '1m', windowSize: 500 });
    await restarted.start();
    const [deal] = await h.deals();
    expect(deal?.safetyOrders.map((o) => o.status)).toEqual(['open']);
    expect(h.exchange.orders().map((o) => o.clientOrderId.replace(/^.*-/, ''))).toEqual(['b1', 's1', 'd1']);
    await restarted.tick((await ticks.next()).value);
    await restarted.tick((await ticks.next()).value); // falls to 98.5: the safety buy at 99 fills, the take profit follows the average
    const [after] = await h.deals();
    expect(after?.orders.map((o) => [o.clientOrderId.replace(/^.*-/, ''), o.status])).toEqual([['b1', 'closed'], ['s1', 'canceled'], ['d1', 'closed'], ['s2', 'open'], ['d2', 'open']]);
  });

  it("a safety level the bot's shutdown cancelled (cancel open orders on exit) is placed again at the next start, as d1r1", async () => {
    const BTC = { symbol: 'BTC/USDT', dealQuota: '150', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 600, dca: DCA };
    const series = { 'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 100.2, l: 99.9 }), candle(2, { c: 100.1, l: 100 }), candle(3, { c: 99.5, l: 98.5 })] };
    const h = paperHarness({ pairs: [{ props: BTC }], balances: { USDT: '1000' }, strategy: new ScriptedStrategy({ 'BTC/USDT': [0] }), series });
    const first = new TradingLoop(h.ctx, h.feed, new ScriptedStrategy({ 'BTC/USDT': [0] }), { timeframe: '1m', windowSize: 500 });
    await first.start();
    const ticks = h.feed.ticks(['BTC/USDT'], '1m')[Symbol.asyncIterator]();
    await first.tick((await ticks.next()).value); // the signal: the base buy rests at 100
    await first.tick((await ticks.next()).value); // the base buy fills: the take profit and safety buy 1 rest
    expect((await cancelOpenOrders(h.ctx)).map((id) => id.replace(/^.*-/, ''))).toEqual(['s1', 'd1']);
    const [stopped] = await h.deals();
    expect(stopped?.orders.map((o) => [o.clientOrderId.replace(/^.*-/, ''), o.status])).toEqual([['b1', 'closed'], ['s1', 'canceled'], ['d1', 'canceled'], ['s2', 'new'], ['d1r1', 'new']]);

    const restarted = new TradingLoop(h.ctx, h.feed, new ScriptedStrategy({}), { timeframe: '1m', windowSize: 500 });
    await restarted.start();
    const server = h.exchange.orders().map((o) => [o.clientOrderId.replace(/^.*-/, ''), o.price?.toString(), o.amount.toString()]);
    expect(server.slice(3)).toEqual([['s2', '101.5', '0.1'], ['d1r1', '99', '0.202']]);
    await restarted.tick((await ticks.next()).value);
    await restarted.tick((await ticks.next()).value); // falls to 98.5: the level at 99 fills, the take profit follows the average
    const [after] = await h.deals();
    expect(after?.orders.map((o) => [o.clientOrderId.replace(/^.*-/, ''), o.status])).toEqual([['b1', 'closed'], ['s1', 'canceled'], ['d1', 'canceled'], ['s2', 'canceled'], ['d1r1', 'closed'], ['s3', 'open'], ['d2', 'open']]);
  });
});
