import { describe, expect, it } from 'vitest';
import { dec } from '../../../../src/domain/shared/decimal.js';
import type { MarketRules } from '../../../../src/domain/shared/market-rules.js';
import { SimulatedClock } from '../../../../src/infrastructure/clock/simulated.clock.js';
import { PaperExchange } from '../../../../src/infrastructure/exchange/paper/paper.exchange.js';
import type { PaperFeeMode } from '../../../../src/infrastructure/exchange/paper/paper-fees.js';
import { BTC_USDT, balanceOf, candle, limitBuy, limitSell, MINUTE, T0 } from './paper.fixtures.js';

const BNB_USDT: MarketRules = { ...BTC_USDT, symbol: 'BNB/USDT', base: 'BNB', amountStep: dec('0.001') };

function exchangeWith(feeMode: PaperFeeMode, balances: Record<string, string> = { USDT: '1000' }) {
  const clock = new SimulatedClock(T0);
  const exchange = new PaperExchange({ markets: [BTC_USDT, BNB_USDT], balances, clock, feeMode });
  return { clock, exchange };
}

/** Places a buy at 20000 and a candle that fills it (maker 0.001). */
async function buyFilled(exchange: PaperExchange, clock: SimulatedClock) {
  await exchange.createOrder(limitBuy('b1', '0.01', '20000'));
  clock.set(T0 + MINUTE);
  exchange.onCandle('BTC/USDT', candle(T0, 20100, 20200, 19990, 20050));
  return exchange.fetchOrder('BTC/USDT', 'b1');
}

describe('PaperExchange fee modes', () => {
  it('quote: a buy pays its fee in quote and receives the whole amount', async () => {
    const { clock, exchange } = exchangeWith('quote');
    const order = await buyFilled(exchange, clock);
    expect(order?.trades?.[0]?.fee.toString()).toBe('0.2');
    expect(order?.trades?.[0]?.feeCurrency).toBeUndefined();
    expect(balanceOf(exchange, 'USDT').total).toBe('799.8');
    expect(balanceOf(exchange, 'BTC').total).toBe('0.01');
  });

  it('received (Binance): a buy pays its fee in the base it buys, so the account holds less than the order\'s amount; a sell pays in quote', async () => {
    const { clock, exchange } = exchangeWith('received');
    const order = await buyFilled(exchange, clock);
    expect(order?.trades?.[0]).toMatchObject({ feeCurrency: 'BTC' });
    expect(order?.trades?.[0]?.fee.toString()).toBe('0.00001');
    expect(order?.feeCurrency).toBe('BTC');
    expect(balanceOf(exchange, 'USDT')).toEqual({ free: '800', used: '0', total: '800' });
    expect(balanceOf(exchange, 'BTC').total).toBe('0.00999');
    await expect(exchange.createOrder(limitSell('s1', '0.01', '20500'))).rejects.toThrow(/insufficient|free/i);
    await exchange.createOrder(limitSell('s2', '0.0099', '20500'));
    clock.set(T0 + 2 * MINUTE);
    exchange.onCandle('BTC/USDT', candle(T0 + MINUTE, 20400, 20600, 20300, 20500));
    const sell = await exchange.fetchOrder('BTC/USDT', 's2');
    expect(sell?.trades?.[0]?.feeCurrency).toBeUndefined();
    expect(sell?.trades?.[0]?.fee.toString()).toBe('0.20295');
    expect(balanceOf(exchange, 'USDT').total).toBe('1002.74705');
    expect(balanceOf(exchange, 'BTC').total).toBe('0.00009');
  });

  it('a third currency (BNB) at its market price less the discount, valued in quote, taken from the BNB balance', async () => {
    const { clock, exchange } = exchangeWith({ currency: 'BNB', discount: '0.25' }, { USDT: '1000', BNB: '1' });
    exchange.onCandle('BNB/USDT', candle(T0 - MINUTE, 300, 300, 300, 300));
    const order = await buyFilled(exchange, clock);
    const trade = order?.trades?.[0];
    // 200 x 0.001 x 0.75 / 300 = 0.0005 BNB, worth 0.15 USDT
    expect(trade).toMatchObject({ feeCurrency: 'BNB' });
    expect(trade?.fee.toString()).toBe('0.0005');
    expect(trade?.feeQuote?.toString()).toBe('0.15');
    expect(balanceOf(exchange, 'BNB').total).toBe('0.9995');
    expect(balanceOf(exchange, 'BTC').total).toBe('0.01');
    expect(balanceOf(exchange, 'USDT').total).toBe('800');
  });

  it('a third currency the account lacks, or has no price for, falls back to the received currency', async () => {
    const poor = exchangeWith({ currency: 'BNB' }, { USDT: '1000', BNB: '0.0000001' });
    poor.exchange.onCandle('BNB/USDT', candle(T0 - MINUTE, 300, 300, 300, 300));
    expect((await buyFilled(poor.exchange, poor.clock))?.trades?.[0]).toMatchObject({ feeCurrency: 'BTC' });
    const unpriced = exchangeWith({ currency: 'BNB' }, { USDT: '1000', BNB: '1' });
    expect((await buyFilled(unpriced.exchange, unpriced.clock))?.trades?.[0]).toMatchObject({ feeCurrency: 'BTC' });
    expect(balanceOf(unpriced.exchange, 'BNB').total).toBe('1');
  });

  it('refuses a discount outside [0, 1)', () => {
    expect(() => exchangeWith({ currency: 'BNB', discount: '1' })).toThrow(/discount/);
  });
});
