import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/shared/decimal.js';
import { candle, paperHarness, ScriptedStrategy } from '../../support/paper-harness.js';

// Binance with "use BNB to pay fees": on BNB/USDT a sell's fee is charged in BNB, the very
// coin being sold, out of the account's BNB beside the order. A deal that sold all it held
// had its fee paid out of BNB that was not its own: the deal then counted less than nothing
// unsold, and closing it threw DEAL_UNSOLD on every tick (the third case, before the fix).
const BNB = { symbol: 'BNB/USDT', dealQuota: '100', profitMarkup: '0.01', dealCount: 2, orderLifeTime: 600 };
const feeMode = { currency: 'BNB' } as const;

describe('sells on a market whose fees are charged in its base currency (BNB/USDT with BNB fees)', () => {
  it('leave room in the deal for their fee: the deal closes with the rest as dust, and the account never goes short', async () => {
    const h = paperHarness({
      pairs: [{ props: BNB, market: { feeCurrency: 'BNB' } }],
      balances: { USDT: '1000' },
      feeMode,
      strategy: new ScriptedStrategy({ 'BNB/USDT': [0] }),
      series: {
        'BNB/USDT': [
          candle(0, { c: 100 }), // BULLISH: limit buy 1.000 @ 100
          candle(1, { c: 100, l: 99.9 }), // fills; no BNB in the account yet: the fee, 0.001 BNB, is taken from what it brings
          candle(2, { c: 100.5, h: 101.5 }), // the sell fills at 101; its fee in BNB comes out of the room left for it
          candle(3, { c: 100.5 }),
        ],
      },
    });
    await h.loop.run();
    const [deal] = await h.deals();
    expect(deal?.receivedAmount.toString()).toBe('0.999');
    // 0.999 less the fee at the higher rate (0.002 x 0.999 = 0.001998), rounded down to the 0.001 step
    expect(deal?.sellOrders.map((o) => o.amount.toString())).toEqual(['0.997']);
    expect(deal?.status).toBe('closed');
    // the sell's fee was charged in BNB (quote fee 0.100697 at the last BNB price), out of the room left for it
    const sellFee = deal?.sellOrder?.fills[0];
    expect(sellFee?.feeCurrency).toBe('BNB');
    expect(deal?.dust?.toString()).toBe(dec('0.999').minus('0.997').minus(sellFee!.fee).toString());
    expect(h.exchange.balances().BNB?.total.toString()).toBe(deal?.dust?.toString());
  });

  it('an account that keeps BNB for its fees (the usual set-up): the deal still closes, its sell fee from the room it left', async () => {
    const h = paperHarness({
      pairs: [{ props: BNB, market: { feeCurrency: 'BNB' } }],
      balances: { USDT: '1000', BNB: '0.5' },
      feeMode,
      strategy: new ScriptedStrategy({ 'BNB/USDT': [0] }),
      series: { 'BNB/USDT': [candle(0, { c: 100 }), candle(1, { c: 100, l: 99.9 }), candle(2, { c: 100.5, h: 101.5 }), candle(3, { c: 100.5 })] },
    });
    await h.loop.run();
    const [deal] = await h.deals();
    expect(deal?.status).toBe('closed');
    const buyFee = deal!.buyOrder.fills[0]!.fee;
    const sellFee = deal!.sellOrder!.fills[0]!.fee;
    // the buy's fee came from the BNB kept for fees, yet the deal counts only what is left after it as its own
    expect(deal?.receivedAmount.toString()).toBe(dec('1').minus(buyFee).toString());
    expect(deal?.dust?.toString()).toBe(deal!.receivedAmount.minus(deal!.sellOrder!.amount).minus(sellFee).toString());
    // the account: 0.5 kept + 1 bought - 0.997 sold - both fees
    expect(h.exchange.balances().BNB?.total.toString()).toBe(dec('0.5').plus('1').minus(deal!.sellOrder!.amount).minus(buyFee).minus(sellFee).toString());
  });
});
