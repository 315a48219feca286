import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, MAX_YAML_ALIASES, parseConfigText } from '../../../src/infrastructure/config/config.loader.js';

const DEFAULT = readFileSync(resolve(import.meta.dirname, '../../../config/default.yaml'), 'utf8');

function refusal(text: string): string {
  try {
    parseConfigText(text, 'c.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('the config was accepted');
}

const edit = (from: string, to: string): string => {
  expect(DEFAULT).toContain(from);
  return DEFAULT.replace(from, to);
};

const STORED = `market: { source: stored }
pairs:
  - { symbol: ETH/BTC, dealQuota: "0.01", profitMarkup: "0.01", dealCount: 1, orderLifeTime: 600 }
`;

describe('config limits checked at load', () => {
  it('fee rates in [0, 0.5)', () => {
    expect(refusal(edit('makerFee: "0.001"', 'makerFee: "0.5"'))).toBe('c.yaml: paper.makerFee: must be < 0.5 (a rate: 0.001 is 0.1%)');
    expect(refusal(edit('takerFee: "0.001"', 'takerFee: 2'))).toBe('c.yaml: paper.takerFee: must be < 0.5 (a rate: 0.001 is 0.1%)');
    expect(parseConfigText(edit('makerFee: "0.001"', 'makerFee: "0.4999"'), 'c.yaml').paper.makerFee).toBe('0.4999');
    expect(parseConfigText(edit('takerFee: "0.001"', 'takerFee: 0'), 'c.yaml').paper.takerFee).toBe('0');
  });

  it('indicator periods no longer than windowSize', () => {
    expect(refusal(edit('rsiPeriod: 14', 'rsiPeriod: 501'))).toBe('c.yaml: strategy.rsiPeriod: 501 is more than windowSize 500: the indicator would never warm up');
    expect(refusal(edit('macdSlow: 26', 'macdSlow: 900'))).toMatch(/^c\.yaml: strategy\.macdSlow: 900 is more than windowSize 500/);
    expect(refusal(edit('windowSize: 500', 'windowSize: 60').replace('rsiPeriod: 14', 'rsiPeriod: 61'))).toMatch(/^c\.yaml: strategy\.rsiPeriod: 61 is more than windowSize 60/);
    expect(parseConfigText(edit('rsiPeriod: 14', 'rsiPeriod: 500'), 'c.yaml').strategy.rsiPeriod).toBe(500);
  });

  it("a rule's periods no longer than windowSize", () => {
    const rule = (r: string) => edit('  rsiPeriod: 14\n', `  rsiPeriod: 14\n  rule: "${r}"\n`);
    expect(refusal(rule('sma(1000) > close'))).toBe('c.yaml: strategy.rule: sma(1000) needs 1000 candles, more than windowSize 500');
    expect(refusal(rule('close > 1 and not crossover(ema(501), macd(12,26,9))'))).toMatch(/strategy\.rule: ema\(501\) needs 501 candles/);
    expect(refusal(rule('histogram(12,900,9) > 0'))).toMatch(/strategy\.rule: histogram\(12,900,9\) needs 900 candles/);
    expect(parseConfigText(rule('rsi(500) < 30'), 'c.yaml').strategy.rule).toBe('rsi(500) < 30');
  });

  it('dealQuota not below the known market minimum', () => {
    expect(refusal(edit('dealQuota: "500"', 'dealQuota: "4.99"'))).toBe("c.yaml: pairs[0].dealQuota: 4.99 is below the market's minimum cost 5 (paperMarket.minCost)");
    expect(refusal(edit('minAmount: "0.0001", minCost: "5"', 'minAmount: "0.2", minCost: "5"'))).toBe(
      "c.yaml: pairs[1].dealQuota: 300 is below the market's minimum amount 0.2 x start price 3000 = 600",
    );
    expect(parseConfigText(edit('dealQuota: "500"', 'dealQuota: "5"'), 'c.yaml').pairs[0]?.dealQuota).toBe('5');
  });

  it('the stored market needs paperMarket, as the backtest and paper trading do', () => {
    expect(refusal(STORED)).toBe('c.yaml: pairs[0].paperMarket: is required for the stored market (priceStep, amountStep)');
    expect(parseConfigText(STORED.replace('orderLifeTime: 600 }', 'orderLifeTime: 600, paperMarket: { priceStep: "0.000001", amountStep: "0.001" } }'), 'c.yaml').market.source).toBe('stored');
  });

  it('bounds YAML alias expansion (billion laughs) with one line', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i += 1) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    expect(refusal(lines.join('\n'))).toBe(`c.yaml: invalid YAML: too many aliases (more than ${MAX_YAML_ALIASES} expansions); write the values out`);
  });

  it('names the line of a YAML error, and refuses a document that is not a mapping', () => {
    expect(refusal('mode: paper\nmode: live\n')).toMatch(/^c\.yaml:2: invalid YAML: Map keys must be unique/);
    expect(refusal('mode: paper\npairs: [\n')).toMatch(/^c\.yaml:\d: invalid YAML: /);
    expect(refusal('- a\n- b\n')).toBe('c.yaml: config: must be a mapping of fields (mode:, pairs:, ...), got a list');
    expect(refusal('hello\n')).toBe('c.yaml: config: must be a mapping of fields (mode:, pairs:, ...), got "hello"');
  });
});
