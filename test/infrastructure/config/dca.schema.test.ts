import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../../src/infrastructure/config/config.loader.js';
import { dcaSettingsOf } from '../../../src/infrastructure/config/dca.schema.js';

const pair = (symbol: string, extra = ''): string => `  - symbol: ${symbol}
    dealQuota: "500"
    profitMarkup: "0.004"
    dealCount: 2
    orderLifeTime: 900
    paperMarket: { startPrice: 100, priceStep: "0.01", amountStep: "0.001", minCost: "5" }
${extra}`;

const DCA = `dca: { baseOrder: "10", safetyOrder: "20", maxSafetyOrders: 3, deviation: "0.01", stepScale: "1.5", volumeScale: "2", takeProfit: "0.015" }\n`;

function refusal(text: string): string {
  try {
    parseConfigText(text, 'c.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('accepted');
}

describe('config: dca blocks', () => {
  it('gives every pair the top-level dca; a pair\'s fields replace those they name; null turns DCA off', () => {
    const config = parseConfigText(`${DCA}pairs:\n${pair('BTC/USDT')}${pair('ETH/USDT', '    dca: { volumeScale: "1", maxActiveSafetyOrders: 2 }\n')}${pair('SOL/USDT', '    dca: null\n')}`, 'c.yaml');
    const [btc, eth, sol] = config.pairs.map(dcaSettingsOf);
    expect(btc?.steps.map((s) => [s.deviation.toString(), s.size.toString()])).toEqual([['0.01', '20'], ['0.025', '40'], ['0.0475', '80']]);
    expect(btc?.maxBudget.toString()).toBe('150');
    expect(eth?.steps.map((s) => s.size.toString())).toEqual(['20', '20', '20']);
    expect(eth?.maxActiveSafetyOrders).toBe(2);
    expect(eth?.takeProfit.toString()).toBe('0.015');
    expect(sol).toBeNull();
    expect(config.pairs[2]).not.toHaveProperty('dca');
  });

  it('has no DCA anywhere without a dca block, and a pair may carry a complete one of its own', () => {
    const plain = parseConfigText(`pairs:\n${pair('BTC/USDT')}`, 'c.yaml');
    expect(plain.pairs.map(dcaSettingsOf)).toEqual([null]);
    const own = parseConfigText(`pairs:\n${pair('BTC/USDT', `    ${DCA}`)}${pair('ETH/USDT')}`, 'c.yaml');
    expect(own.pairs.map((p) => dcaSettingsOf(p)?.maxBudget.toString() ?? null)).toEqual(['150', null]);
  });

  it.each([
    ['a top-level value out of range', DCA.replace('stepScale: "1.5"', 'stepScale: "0"'), '', 'c.yaml: dca.stepScale: must be > 0'],
    ['a top-level field missing', DCA.replace('takeProfit: "0.015" ', ''), '', 'c.yaml: dca.takeProfit: is required'],
    ['an unknown field', DCA.replace('dca: {', 'dca: { safetyOrders: 2,'), '', 'c.yaml: unknown field dca.safetyOrders'],
    ['a fractional count', DCA.replace('maxSafetyOrders: 3', 'maxSafetyOrders: 2.5'), '', 'c.yaml: dca.maxSafetyOrders: must be an integer, got 2.5'],
    ['a stop loss from nowhere', DCA.replace('dca: {', 'dca: { stopLoss: { drop: "0.1", from: entry },'), '', 'c.yaml: dca.stopLoss.from: must be base or average'],
    ['an order past 100 %', DCA.replace('deviation: "0.01"', 'deviation: "0.3"').replace('stepScale: "1.5"', 'stepScale: "2"'), '', 'c.yaml: dca.maxSafetyOrders: safety order 3 would rest 210% below the base price; every safety order must stay below 100% (lower maxSafetyOrders, deviation or stepScale)'],
    ['a pair\'s own value', DCA, '    dca: { volumeScale: "-1" }\n', 'c.yaml: pairs[1].dca.volumeScale: must be a plain decimal number like 0.01'],
    ['a pair\'s value that does not fit the top-level ones', DCA.replace('maxSafetyOrders: 3', 'maxSafetyOrders: 3, maxActiveSafetyOrders: 3'), '    dca: { maxSafetyOrders: 2 }\n', 'c.yaml: pairs[1].dca.maxActiveSafetyOrders: must be an integer from 1 to maxSafetyOrders 2, got 3 (from the top-level dca)'],
    ['a pair\'s incomplete block without a top-level one', '', '    dca: { baseOrder: "10" }\n', 'c.yaml: pairs[1].dca.safetyOrder: is required (on the pair, or in a top-level dca for every pair)'],
    ['a deal budget above the dealQuota', DCA.replace('safetyOrder: "20"', 'safetyOrder: "100"'), '', 'c.yaml: pairs[0].dealQuota: 500 is below the DCA max budget of one deal, 710 (base order 10 + 3 safety orders 700): raise dealQuota or make the DCA orders smaller'],
    ['a base order below the minimum cost', DCA.replace('baseOrder: "10"', 'baseOrder: "4"'), '', 'c.yaml: pairs[0].dca.baseOrder: 4 is below the market\'s minimum cost 5 (paperMarket.minCost) (from the top-level dca)'],
    ['a safety order below the minimum cost', DCA, '    dca: { safetyOrder: "20", volumeScale: "0.2" }\n', 'c.yaml: pairs[1].dca.safetyOrder: safety order 3 of 0.8 is below the market\'s minimum cost 5 (paperMarket.minCost)'],
  ])('refuses %s, naming the field', (_name, top, ethDca, message) => {
    expect(refusal(`${top}pairs:\n${pair('BTC/USDT')}${pair('ETH/USDT', ethDca)}`)).toBe(message);
  });
});
