import { afterAll } from 'vitest';
import { describeExchangeContract } from '../../../contract/exchange.contract.js';
import type { BinanceSim } from '../../../support/binance-sim/binance-sim.js';
import type { CcxtExchange } from '../../../../src/infrastructure/exchange/ccxt/ccxt-exchange.js';
import { connectorFor, expectNoSecretsLogged, startSim } from './ccxt.fixtures.js';

const running: { sim: BinanceSim; exchange: CcxtExchange }[] = [];

afterAll(async () => {
  for (const { sim, exchange } of running) {
    await exchange.close();
    await sim.stop();
  }
});

expectNoSecretsLogged();

describeExchangeContract('CcxtExchange (binance) against the local exchange server', async () => {
  const sim = await startSim();
  const exchange = await connectorFor(sim);
  running.push({ sim, exchange });
  return {
    exchange,
    async fill(symbol, candle) {
      sim.pushCandle(symbol, candle);
    },
  };
});
