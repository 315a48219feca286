import { describeExchangeContract } from '../../../contract/exchange.contract.js';
import { SimulatedClock } from '../../../../src/infrastructure/clock/simulated.clock.js';
import { PaperExchange } from '../../../../src/infrastructure/exchange/paper/paper.exchange.js';
import { BTC_USDT, ETH_BTC, MINUTE, T0 } from './paper.fixtures.js';

describeExchangeContract('PaperExchange', async () => {
  const clock = new SimulatedClock(T0);
  const exchange = new PaperExchange({ markets: [BTC_USDT, ETH_BTC], balances: { USDT: '1000', BTC: '1' }, clock });
  return {
    exchange,
    async fill(symbol, candle) {
      clock.set(Math.max(clock.now(), candle.openTime + MINUTE));
      exchange.onCandle(symbol, candle);
    },
  };
}, { stopPrices: true });
