import { describe, expect, it } from 'vitest';
import { OrderOutcomeUnknownError } from '../../src/domain/ports/exchange.errors.js';
import { candle, paperHarness, ScriptedStrategy } from '../support/paper-harness.js';

const BTC = { symbol: 'BTC/USDT', dealQuota: '100', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 180 };

describe('TradingLoop scenarios (hand-computed, DESIGN.md section 3)', () => {
  it('buys at the close, fills when low <= price, sells at +markup when high >= price, PnL exact', async () => {
    const h = paperHarness({
      pairs: [{ props: BTC }],
      balances: { USDT: '1000' },
      strategy: new ScriptedStrategy({ 'BTC/USDT': [0] }),
      series: {
        'BTC/USDT': [
          candle(0, { c: 100 }), // BULLISH: limit buy 1.000 @ 100 placed at 00:01
          candle(1, { c: 101, l: 100.5 }), // low above 100: no fill
          candle(2, { c: 100.2, l: 99.9 }), // fills at 100, fee 0.1; sell 1.000 @ 101.00 placed at 00:03
          candle(3, { c: 100.5, h: 100.99 }), // high below 101: no fill
          candle(4, { c: 100.8, h: 101.5 }), // sell fills at 101, fee 0.101
        ],
      },
    });
    await h.loop.run();
    const [deal] = await h.deals();
    expect(deal?.status).toBe('closed');
    expect(deal?.buyOrder.fills.map((f) => [f.price.toString(), f.amount.toString(), f.fee.toString(), f.timestamp])).toEqual([['100', '1', '0.1', 120_000]]);
    expect(deal?.sellOrder?.price?.toString()).toBe('101');
    expect(deal?.sellOrder?.fills[0]?.timestamp).toBe(240_000);
    expect(deal?.pnl?.toString()).toBe('0.799');
    expect(h.exchange.balances().USDT?.total.toString()).toBe('1000.799');
    expect(h.exchange.balances().BTC?.total.toString()).toBe('0');
    expect(h.events.map((e) => e.type)).toEqual(['DealOpened', 'OrderPlaced', 'OrderFilled', 'DealBought', 'OrderPlaced', 'OrderFilled', 'DealClosed']);
  });

  it('a pair at its dealCount opens a new deal from the tick after the one whose candle closes its last one', async () => {
    const h = paperHarness({
      pairs: [{ props: BTC }],
      balances: { USDT: '1000' },
      strategy: new ScriptedStrategy({ 'BTC/USDT': [0, 120_000, 180_000, 240_000] }),
      series: {
        'BTC/USDT': [
          candle(0, { c: 100 }), // BULLISH: buy @ 100
          candle(1, { c: 100, l: 99.9 }), // buy fills; sell @ 101 placed
          candle(2, { c: 100.5, h: 100.9 }), // BULLISH but at dealCount 1 and nothing closes: no deal
          candle(3, { c: 100.7, h: 101.2 }), // BULLISH, and the sell fills on this candle: entries go first, so the pair is still at its dealCount
          candle(4, { c: 100.6, h: 100.8 }), // BULLISH: the slot freed on the last tick takes the next deal
        ],
      },
    });
    await h.loop.run();
    const deals = await h.deals();
    expect(deals.map((d) => [d.status, d.buyOrder.price?.toString(), d.createdAt])).toEqual([
      ['closed', '100', 60_000],
      ['pending', '100.6', 300_000],
    ]);
  });

  it('cancels a buy unfilled after orderLifeTime on the market clock and frees the funds', async () => {
    const h = paperHarness({
      pairs: [{ props: BTC }],
      balances: { USDT: '1000' },
      strategy: new ScriptedStrategy({ 'BTC/USDT': [0] }),
      series: { 'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 102 }), candle(2, { c: 103 }), candle(3, { c: 104 }), candle(4, { c: 99 })] },
    });
    await h.loop.start();
    const ticks = h.feed.ticks(['BTC/USDT'], '1m')[Symbol.asyncIterator]();
    for (let minute = 0; minute < 3; minute += 1) await h.loop.tick((await ticks.next()).value);
    expect((await h.deals())[0]?.status).toBe('pending'); // placed at 00:01, now 00:03: 120 s old
    expect(h.exchange.balances().USDT?.used.toString()).toBe('100.1');
    await h.loop.tick((await ticks.next()).value); // 00:04: 180 s old, cancelled
    const [deal] = await h.deals();
    expect(deal?.status).toBe('cancelled');
    expect(deal?.reason).toBe('buy unfilled after orderLifeTime 180s');
    expect(h.exchange.balances().USDT?.free.toString()).toBe('1000');
    expect(h.exchange.balances().USDT?.used.toString()).toBe('0');
    await h.loop.tick((await ticks.next()).value); // 00:05: low 99 would have filled it; it is gone
    expect(h.exchange.orders().map((o) => o.status)).toEqual(['canceled']);
  });

  it('keeps to dealCount and to the free balance', async () => {
    const h = paperHarness({
      pairs: [{ props: { ...BTC, dealCount: 2 } }, { props: { ...BTC, symbol: 'ETH/USDT' } }],
      balances: { USDT: '250' },
      strategy: new ScriptedStrategy({ 'BTC/USDT': [0, 1, 2], 'ETH/USDT': [0, 1, 2] }),
      series: {
        'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 100 }), candle(2, { c: 100 })],
        'ETH/USDT': [candle(0, { c: 100 }), candle(1, { c: 100 }), candle(2, { c: 100 })],
      },
    });
    await h.loop.run();
    const deals = await h.deals();
    // minute 0: BTC and ETH each open one (100.1 reserved each, 49.8 left); then no funds for a third
    expect(deals.map((d) => d.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(h.exchange.balances().USDT?.free.toString()).toBe('49.8');
  });

  it('adopts an order whose create answer was lost after the exchange placed it', async () => {
    const h = paperHarness({
      pairs: [{ props: BTC }],
      balances: { USDT: '1000' },
      strategy: new ScriptedStrategy({ 'BTC/USDT': [0] }),
      series: { 'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 101 }), candle(2, { c: 99 })] },
    });
    h.exchange.failNext('createOrder', new OrderOutcomeUnknownError('timeout'), { afterApplying: true });
    await h.loop.start();
    const ticks = h.feed.ticks(['BTC/USDT'], '1m')[Symbol.asyncIterator]();
    await h.loop.tick((await ticks.next()).value);
    expect((await h.deals())[0]?.buyOrder.status).toBe('unknown');
    await h.loop.tick((await ticks.next()).value);
    expect((await h.deals())[0]?.buyOrder.status).toBe('open');
    await h.loop.tick((await ticks.next()).value);
    expect((await h.deals())[0]?.status).toBe('open');
    expect(h.exchange.orders().filter((o) => o.side === 'buy')).toHaveLength(1);
  });

  it('proves a lost order absent and cancels the deal without a second buy', async () => {
    const h = paperHarness({
      pairs: [{ props: BTC }],
      balances: { USDT: '1000' },
      strategy: new ScriptedStrategy({ 'BTC/USDT': [0] }),
      series: { 'BTC/USDT': [candle(0, { c: 100 }), candle(1, { c: 99 })] },
    });
    h.exchange.failNext('createOrder', new OrderOutcomeUnknownError('timeout'));
    await h.loop.run();
    const [deal] = await h.deals();
    expect(deal?.buyOrder.status).toBe('rejected');
    expect(deal?.status).toBe('cancelled');
    expect(deal?.reason).toBe('proven absent: the exchange has no such order');
    expect(h.exchange.orders()).toHaveLength(0);
  });
});
