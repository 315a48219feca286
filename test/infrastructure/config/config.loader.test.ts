import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../../src/infrastructure/config/config.loader.js';

const DEFAULT = readFileSync(resolve(import.meta.dirname, '../../../config/default.yaml'), 'utf8');
const PAIR = `  - symbol: BTC/USDT
    dealQuota: "500"
    profitMarkup: "0.004"
    dealCount: 2
    orderLifeTime: 900
    paperMarket: { startPrice: 60000, priceStep: "0.01", amountStep: "0.00001" }
`;

function withPair(change: (pair: string) => string): string {
  return `pairs:\n${change(PAIR)}`;
}

describe('config loading', () => {
  it('reads the default config with its three pairs and defaults filled in', () => {
    const config = parseConfigText(DEFAULT, 'default.yaml');
    expect(config.pairs.map((p) => p.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    expect(config.mode).toBe('paper');
    expect(config.pairs[0]?.dealQuota).toBe('500');
    expect(config.paper.makerFee).toBe('0.001');
  });

  it('fills defaults for a minimal file', () => {
    const config = parseConfigText(withPair((p) => p), 'min.yaml');
    expect(config.strategy).toEqual({ rsiPeriod: 14, macdFast: 12, macdSlow: 26, macdSignal: 9, rsiBuyBelow: 50, rsiSellAbove: 50, start: 'signal' });
    expect(config.paper.balances).toEqual({ USDT: '10000' });
    expect(config.windowSize).toBe(500);
  });

  const cases: [string, string, string][] = [
    ['unknown symbol format', withPair((p) => p.replace('BTC/USDT', 'BTCUSDT')), 'bad.yaml: pairs[0].symbol: must look like BASE/QUOTE in capitals, e.g. BTC/USDT'],
    ['dealQuota <= 0', withPair((p) => p.replace('dealQuota: "500"', 'dealQuota: 0')), 'bad.yaml: pairs[0].dealQuota: must be > 0'],
    ['negative dealQuota', withPair((p) => p.replace('dealQuota: "500"', 'dealQuota: -1')), 'bad.yaml: pairs[0].dealQuota: must be a plain decimal number like 0.01'],
    ['profitMarkup <= 0', withPair((p) => p.replace('profitMarkup: "0.004"', 'profitMarkup: "0.000"')), 'bad.yaml: pairs[0].profitMarkup: must be > 0'],
    ['dealCount < 1', withPair((p) => p.replace('dealCount: 2', 'dealCount: 0')), 'bad.yaml: pairs[0].dealCount: must be >= 1'],
    ['negative cooldownMinutes', withPair((p) => p.replace('dealCount: 2', 'dealCount: 2\n    cooldownMinutes: -5')), 'bad.yaml: pairs[0].cooldownMinutes: must be >= 0 minutes'],
    ['start neither signal nor asap', `strategy: { start: now }\n${withPair((p) => p)}`, 'bad.yaml: strategy.start: Invalid option: expected one of "signal"|"asap"'],
    ['start asap with a rule', `strategy: { start: asap, rule: "rsi(14) < 30" }\n${withPair((p) => p)}`, 'bad.yaml: strategy.rule: cannot be set with start: asap (asap opens without a signal)'],
    ['dealCount not whole', withPair((p) => p.replace('dealCount: 2', 'dealCount: 1.5')), 'bad.yaml: pairs[0].dealCount: must be an integer'],
    ['orderLifeTime <= 0', withPair((p) => p.replace('orderLifeTime: 900', 'orderLifeTime: 0')), 'bad.yaml: pairs[0].orderLifeTime: must be > 0 seconds'],
    ['unknown field', withPair((p) => p.replace('dealCount: 2', 'dealCount: 2\n    stopLos: 0.1')), 'bad.yaml: unknown field pairs[0].stopLos'],
    ['unknown top-level field', `colour: red\n${withPair((p) => p)}`, 'bad.yaml: unknown field colour'],
    ['missing field', withPair((p) => p.replace('    orderLifeTime: 900\n', '')), 'bad.yaml: pairs[0].orderLifeTime: is required'],
    ['no pairs', 'pairs: []', 'bad.yaml: pairs: needs at least one pair'],
    ['duplicate pair', `pairs:\n${PAIR}${PAIR}`, 'bad.yaml: pairs: each symbol may appear once'],
    ['simulated market without paperMarket', withPair((p) => p.replace(/ {4}paperMarket.*\n/, '')), 'bad.yaml: pairs[0].paperMarket: is required for the simulated market'],
    ['macd periods crossed', `strategy: { macdFast: 30 }\n${withPair((p) => p)}`, 'bad.yaml: strategy.macdFast: macdFast must be < macdSlow'],
    ['invalid YAML', 'pairs: [\n  - a: b', 'bad.yaml'],
  ];
  for (const [name, text, message] of cases) {
    it(`refuses ${name} with one line naming the field`, () => {
      let error: unknown;
      try {
        parseConfigText(text, 'bad.yaml');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message.startsWith(message)).toBe(true);
      expect((error as Error).message).not.toContain('\n');
    });
  }
});

describe('config type errors', () => {
  it('names the expected type and the value given', () => {
    expect(() => parseConfigText(withPair((p) => p.replace('dealQuota: "500"', 'dealQuota: [1]')), 'x.yaml')).toThrow('x.yaml: pairs[0].dealQuota: must be a decimal number, got [1]');
    expect(() => parseConfigText(withPair((p) => p.replace('dealCount: 2', 'dealCount: two')), 'x.yaml')).toThrow('x.yaml: pairs[0].dealCount: must be a number, got "two"');
    expect(() => parseConfigText(withPair((p) => p.replace('    dealQuota: "500"\n', '')), 'x.yaml')).toThrow('x.yaml: pairs[0].dealQuota: is required');
  });
});
