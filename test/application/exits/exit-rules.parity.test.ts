import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/application/backtest/backtest-runner.js';
import { dealToSnapshot, type DealSnapshot } from '../../../src/domain/deal/deal.snapshot.js';
import type { ExitRulesProps } from '../../../src/domain/currency-pair/exit-rules.js';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { configSchema } from '../../../src/infrastructure/config/config.schema.js';
import { loadFreqtradeCandles } from '../../../src/infrastructure/market-data/freqtrade-json.js';
import { composePaperSession } from '../../../src/main.js';
import { composeBacktest } from '../../../src/main/backtest.js';
import { marketDataPath } from '../../support/market-data.js';
import { ScriptedStrategy } from '../../support/paper-harness.js';
import { BOUGHT, BTC, candle, exitHarness, sellsOf } from './exit-harness.js';

const series = {
  'ETH/BTC': await loadFreqtradeCandles(marketDataPath('ETH_BTC-5m.json')),
  'ADA/BTC': await loadFreqtradeCandles(marketDataPath('ADA_BTC-5m.json')),
};

const pair = { dealQuota: '0.05', profitMarkup: '0.01', dealCount: 2, orderLifeTime: 3600 };
const config = configSchema.parse({
  timeframe: '5m',
  database: 'sqlite::memory:',
  market: { source: 'stored' },
  paper: { balances: { BTC: '1' }, makerFee: '0.001', takerFee: '0.002' },
  strategy: { rsiBuyBelow: 60 },
  exits: {
    stopLoss: '0.015',
    trailingStop: { activation: '0.006', distance: '0.004' },
    timeExit: { hours: 8 },
    panicSell: { drop: '0.03', windowMinutes: 60, cooldownMinutes: 120, reference: 'ETH/BTC' },
  },
  pairs: [
    { symbol: 'ETH/BTC', ...pair, paperMarket: { priceStep: '0.000001', amountStep: '0.001', minAmount: '0.001', minCost: '0.0001' } },
    { symbol: 'ADA/BTC', ...pair, exits: { takeProfit: { targets: [{ profit: '0.005', share: '0.5' }, { profit: '0.012', share: '0.5' }] } }, paperMarket: { priceStep: '0.00000001', amountStep: '1', minAmount: '1', minCost: '0.0001' } },
  ],
});

/** The stop price of orders and the high-water mark of deals are not in the SQL tables yet; everything else is compared. */
function comparable(s: DealSnapshot): unknown {
  return JSON.parse(JSON.stringify(s));
}

describe('exit rules: backtest and paper trading give the same fills (parity, real candles)', () => {
  it('closes the same deals, by the same rules, at the same prices', async () => {
    const backtest = await runBacktest(composeBacktest(config, series));
    const session = await composePaperSession(config, { publish: async () => {} }, series, 'bt');
    await session.loop.run();
    const paper = await session.readDeals();
    await session.close();
    const reasons = new Set(backtest.deals.map((d) => d.reason));
    for (const rule of ['stop_loss', 'trailing_stop', 'take_profit', 'profit_markup', 'time_exit', 'panic_sell']) expect(reasons).toContain(rule);
    expect(backtest.deals.some((d) => d.sellOrders.some((o) => o.stopPrice !== null))).toBe(true);
    expect(paper.map((d) => comparable(dealToSnapshot(d)))).toEqual(backtest.deals.map((d) => comparable(dealToSnapshot(d))));
  });
});

describe('hand-computed scenarios through the backtest runner', () => {
  const scenarios: [string, ExitRulesProps, string, Candle[]][] = [
    ['stop loss, gap', { stopLoss: '0.05' }, '0.01', [...BOUGHT, candle(2, { o: 100.2, h: 100.5, l: 96, c: 97 }), candle(3, { o: 92, h: 93, l: 90, c: 91 })]],
    ['stop first in one candle', { stopLoss: '0.05' }, '0.01', [...BOUGHT, candle(2, { o: 100.2, h: 102, l: 94, c: 101 })]],
    ['trailing stop', { trailingStop: { activation: '0.02', distance: '0.01' } }, '0.05', [...BOUGHT, candle(2, { o: 100.5, h: 102.5, l: 100.2, c: 102 }), candle(3, { o: 102, h: 103.5, l: 101.9, c: 103 }), candle(4, { o: 103, h: 103.2, l: 102, c: 102.5 })]],
    ['ladder', { stopLoss: '0.05', takeProfit: { targets: [{ profit: '0.01', share: '0.5' }, { profit: '0.02', share: '0.5' }] } }, '0.01', [...BOUGHT, candle(2, { o: 100.2, h: 101.5, l: 100, c: 101.2 }), candle(3, { o: 101, h: 101.5, l: 94, c: 95 })]],
    ['time exit', { timeExit: { hours: 0.05 } }, '0.01', [...BOUGHT, candle(2, { o: 100.3, h: 100.5, l: 100.1, c: 100.4 }), candle(3, { c: 100.4 }), candle(4, { o: 99.5, c: 99.6 })]],
  ];

  it.each(scenarios)('%s: the same fills and PnL as paper trading', async (_name, exits, markup, candles) => {
    const btConfig = configSchema.parse({
      database: 'sqlite::memory:',
      market: { source: 'stored' },
      paper: { balances: { USDT: '1000' }, makerFee: '0.001', takerFee: '0.002' },
      pairs: [{ ...BTC, profitMarkup: markup, exits, paperMarket: { priceStep: '0.01', amountStep: '0.001', minAmount: '0.001', minCost: '1' } }],
    });
    const setup = { ...composeBacktest(btConfig, { 'BTC/USDT': candles }), strategy: new ScriptedStrategy({ 'BTC/USDT': [0] }) };
    const [backtested] = (await runBacktest(setup)).deals;
    const paper = exitHarness(exits, candles, { markup });
    await paper.loop.run();
    const [papered] = await paper.deals();
    const view = (d: typeof papered) => ({ sells: sellsOf(d), reason: d?.reason, pnl: d?.pnl?.toString() });
    expect(backtested?.id).toBe('bt0001');
    expect(view(backtested)).toEqual(view(papered));
  });
});
