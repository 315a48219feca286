import { describe, expect, it } from 'vitest';
import { openDealNow } from '../../../src/application/open-deal/open-deal-now.use-case.js';
import { databaseDesk } from '../../../src/application/shared/working-deals.js';
import { BotBudget } from '../../../src/domain/bot/bot-budget.js';
import { dec } from '../../../src/domain/shared/decimal.js';
import { candle, paperHarness, ScriptedStrategy } from '../../support/paper-harness.js';

const pair = (symbol: string) => ({ props: { symbol, dealQuota: '100', profitMarkup: '0.01', dealCount: 1, orderLifeTime: 600 } });
const SERIES = { 'BTC/USDT': [candle(0, { c: 100 }), candle(1, { o: 100, l: 99, c: 99.5 }), candle(2, { c: 99.8 })], 'ETH/USDT': [candle(0, { c: 10 }), candle(1, { c: 10 }), candle(2, { c: 10 })] };

describe('operator: open a deal now', () => {
  it('buys at the last price within the dealCount and the free quote; the loop trades the deal from then on', async () => {
    const h = paperHarness({ pairs: [pair('BTC/USDT'), pair('ETH/USDT')], balances: { USDT: '150' }, strategy: new ScriptedStrategy({}), series: SERIES });
    const answers: string[] = [];
    let ran = false;
    await h.loop.run(undefined, async () => {
      if (ran) return;
      ran = true;
      const opened = await h.loop.operate((desk) => openDealNow(desk, { symbol: 'BTC/USDT' }));
      answers.push('opened' in opened ? `opened ${opened.opened.buyOrder.price?.toString()} x ${opened.opened.buyOrder.amount.toString()}` : opened.skipped);
      const again = await h.loop.operate((desk) => openDealNow(desk, { symbol: 'BTC/USDT', price: dec('99') }));
      answers.push('skipped' in again ? again.skipped : 'opened');
      const eth = await h.loop.operate((desk) => openDealNow(desk, { symbol: 'ETH/USDT' }));
      answers.push('skipped' in eth ? eth.skipped.replace(/[\d.]+/g, 'N') : 'opened');
      expect(h.loop.workingDeals().map((d) => d.symbol)).toEqual(['BTC/USDT']);
    });
    expect(answers).toEqual(['opened 100 x 1', 'dealCount 1 reached', 'free USDT N does not cover N']);
    const [deal] = await h.deals();
    // the loop saw the buy fill on the next candle (low 99 <= 100) and placed its sell
    expect([deal?.status, deal?.buyOrder.status]).toEqual(['open', 'closed']);
  });

  it('keeps to the pair\'s bot\'s budget while the account has money; another bot still opens', async () => {
    const h = paperHarness({
      pairs: [{ props: { ...pair('BTC/USDT').props, dealCount: 3, bot: 'a' } }, { props: { ...pair('ETH/USDT').props, bot: 'b' } }],
      balances: { USDT: '10000' },
      budgets: new Map([['a', BotBudget.create('a', { USDT: '150' })]]),
      strategy: new ScriptedStrategy({}),
      series: SERIES,
    });
    const answers: string[] = [];
    let ran = false;
    await h.loop.run(undefined, async () => {
      if (ran) return;
      ran = true;
      for (const [symbol, price] of [['BTC/USDT', '100'], ['BTC/USDT', '99'], ['ETH/USDT', '10']] as const) {
        const result = await h.loop.operate((desk) => openDealNow(desk, { symbol, price: dec(price) }));
        answers.push('opened' in result ? `opened ${result.opened.bot} ${symbol}` : result.skipped);
      }
    });
    expect(answers).toEqual(['opened a BTC/USDT', 'bot a: 49.9 USDT left of its budget does not cover 100.08999', 'opened b ETH/USDT']);
  });

  it('asks for a price when none is known yet', async () => {
    const h = paperHarness({ pairs: [pair('BTC/USDT')], balances: { USDT: '150' }, strategy: new ScriptedStrategy({}), series: SERIES });
    expect(await openDealNow(databaseDesk(h.ctx), { symbol: 'BTC/USDT' })).toEqual({ skipped: 'no price of BTC/USDT is known yet: give one' });
  });
});
