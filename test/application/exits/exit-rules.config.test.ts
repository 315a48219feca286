import { describe, expect, it } from 'vitest';
import { CurrencyPair } from '../../../src/domain/currency-pair/currency-pair.entity.js';
import { parseConfigText } from '../../../src/infrastructure/config/config.loader.js';

const PAIR = (extra = '') => `{ symbol: BTC/USDT, dealQuota: "100", profitMarkup: "0.01", dealCount: 1, orderLifeTime: 60${extra} }`;

function config(defaults: string, pair = ''): string {
  return `market: { source: exchange }\n${defaults ? `exits:\n${defaults}\n` : ''}pairs:\n  - ${PAIR(pair)}\n  - { symbol: ETH/USDT, dealQuota: "100", profitMarkup: "0.01", dealCount: 1, orderLifeTime: 60 }\n`;
}

const refusal = (text: string): string => {
  try {
    parseConfigText(text, 'bot.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};

describe('exit rules in the config', () => {
  it('gives every pair the top-level defaults, which a pair overrides rule by rule or turns off with null', () => {
    const parsed = parseConfigText(
      config('  stopLoss: "0.05"\n  timeExit: { hours: 24 }\n  panicSell: { drop: "0.1", windowMinutes: 15, reference: BTC/USDT }', ', exits: { stopLoss: "0.03", timeExit: null, takeProfit: { targets: [{ profit: "0.01", share: "0.5" }, { profit: "0.02", share: "0.5" }] } }'),
      'bot.yaml',
    );
    const [btc, eth] = parsed.pairs.map((p) => CurrencyPair.create(p).exits);
    expect([btc?.stopLoss?.toString(), btc?.timeExitMs, btc?.takeProfit?.length, btc?.panicSell?.cooldownMs]).toEqual(['0.03', null, 2, 3_600_000]);
    expect([eth?.stopLoss?.toString(), eth?.timeExitMs, eth?.takeProfit, eth?.panicSell?.reference]).toEqual(['0.05', 86_400_000, null, 'BTC/USDT']);
  });

  it('has no exit rules by default', () => {
    expect(parseConfigText(config(''), 'bot.yaml').pairs.map((p) => CurrencyPair.create(p).exits.isEmpty)).toEqual([true, true]);
  });

  it.each([
    [config('  stopLoss: "1"'), 'bot.yaml: exits.stopLoss: must be > 0 and < 1 (0.05 = 5% below the buy fill), got 1'],
    [config('  stopLoss: 0'), 'bot.yaml: exits.stopLoss: must be > 0'],
    [config('', ', exits: { stopLoss: "1.2" }'), 'bot.yaml: pairs[0].exits.stopLoss: must be > 0 and < 1 (0.05 = 5% below the buy fill), got 1.2'],
    [config('', ', exits: { trailingStop: { activation: "0.01", distance: "0.02" } }'), 'bot.yaml: pairs[0].exits.trailingStop.distance: must not be larger than trailingStop.activation 0.01, got 0.02'],
    [config('  takeProfit: { targets: [{ profit: "0.01", share: "0.5" }, { profit: "0.02", share: "0.3" }] }'), 'bot.yaml: exits.takeProfit.targets: shares must sum to 1 (100%), got 0.8'],
    [config('', ', exits: { takeProfit: { targets: [{ profit: "0", share: "1" }] } }'), 'bot.yaml: pairs[0].exits.takeProfit.targets[0].profit: must be > 0'],
    [config('  panicSell: { drop: "0.1", windowMinutes: 5, reference: XRP/USDT }'), 'bot.yaml: exits.panicSell.reference: "XRP/USDT" must be one of the configured pairs'],
    [config('  stopLos: "0.05"'), 'bot.yaml: unknown field exits.stopLos'],
  ])('refuses a bad rule in one line naming the field (%#)', (text, message) => {
    expect(refusal(text)).toBe(message);
  });
});
