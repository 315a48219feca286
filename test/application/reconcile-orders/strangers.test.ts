import { describe, expect, it } from 'vitest';
import { TradingBlockedError } from '../../../src/application/trading-loop/trading-loop.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { candle, paperHarness, ScriptedStrategy } from '../../support/paper-harness.js';

const BTC = { symbol: 'BTC/USDT', dealQuota: '100', profitMarkup: '0.01', dealCount: 2, orderLifeTime: 600 };

describe('reconciliation of exchange orders the database does not know', () => {
  it('adopts a buy with the bot prefix into a recovered deal that then trades on', async () => {
    const h = paperHarness({ pairs: [{ props: BTC }], balances: { USDT: '1000' }, strategy: new ScriptedStrategy({}), series: { 'BTC/USDT': [candle(0, { c: 100, l: 99 }), candle(1, { c: 102, h: 102 })] } });
    await h.exchange.createOrder({ clientOrderId: 'dlb-lost01-b1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: dec('1'), price: dec('100') });
    await h.exchange.createOrder({ clientOrderId: 'other-x-b1', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: dec('1'), price: dec('90') });
    await h.loop.start();
    const deals = await h.deals();
    // only the order with this bot's prefix is adopted; the other one is not the bot's business
    expect(deals.map((d) => [d.id, d.status, d.recovered, d.buyOrder.clientOrderId, d.buyOrder.status])).toEqual([['lost01', 'pending', true, 'dlb-lost01-b1', 'open']]);
    // it trades on like any deal: the buy fills on the next candle, the sell at +1% closes it
    for await (const tick of h.feed.ticks(['BTC/USDT'], '1m')) await h.loop.tick(tick);
    const [deal] = await h.deals();
    expect(deal?.status).toBe('closed');
    expect(deal?.recovered).toBe(true);
    expect(deal?.pnl?.toString()).toBe('0.799');
  });

  it('blocks trading on a stranger it cannot own (a sell), naming it', async () => {
    const h = paperHarness({ pairs: [{ props: BTC }], balances: { USDT: '1000', BTC: '1' }, strategy: new ScriptedStrategy({}), series: { 'BTC/USDT': [candle(0, { c: 100 })] } });
    await h.exchange.createOrder({ clientOrderId: 'dlb-lost02-s1', symbol: 'BTC/USDT', side: 'sell', type: 'limit', amount: dec('1'), price: dec('110') });
    const error = await h.loop.start().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TradingBlockedError);
    expect((error as Error).message).toContain("exchange order dlb-lost02-s1 (BTC/USDT sell) carries this bot's prefix but no deal here can own it");
    expect(await h.deals()).toEqual([]);
  });
});
