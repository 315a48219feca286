import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../../src/infrastructure/config/config.loader.js';
import { botStrategy, pairPath } from '../../../src/infrastructure/config/bots.schema.js';

const pair = (symbol: string, extra = '') => `      - { symbol: ${symbol}, dealQuota: "200", profitMarkup: "0.01", dealCount: 2, orderLifeTime: 600, paperMarket: { startPrice: 100, priceStep: "0.01", amountStep: "0.001" }${extra} }\n`;

const BOTS = `strategy: { rsiPeriod: 10 }
exits: { stopLoss: "0.05" }
dca: { baseOrder: "10", safetyOrder: "20", maxSafetyOrders: 3, deviation: "0.01", stepScale: "1.5", volumeScale: "2", takeProfit: "0.015" }
bots:
  - name: dca-majors
    budget: { USDT: "500" }
    dca: { maxSafetyOrders: 2 }
    pairs:
${pair('BTC/USDT')}
  - name: rsi-alts
    dca: null
    strategy: { rsiBuyBelow: 40 }
    exits: { stopLoss: null, timeExit: { hours: 2 } }
    budget: { USDT: "300", BTC: "0.1" }
    pairs:
${pair('ETH/USDT')}${pair('SOL/USDT', ', exits: { stopLoss: "0.02" }')}${pair('ETH/BTC')}
  - name: rule-bot
    dca: null
    strategy: { rule: "rsi(14) < 30" }
    budget: { USDT: "150" }
    pairs:
${pair('XRP/USDT')}`;

const refused = (text: string): string => {
  try {
    parseConfigText(text, 'c.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('the config was accepted');
};

describe('bots: in the config', () => {
  it('flattens the bots into pairs, each with its bot, and the bot\'s dca and exits over the top level\'s, field by field', () => {
    const config = parseConfigText(BOTS, 'c.yaml');
    expect(config.pairs.map((p) => [p.symbol, p.bot])).toEqual([
      ['BTC/USDT', 'dca-majors'],
      ['ETH/USDT', 'rsi-alts'],
      ['SOL/USDT', 'rsi-alts'],
      ['ETH/BTC', 'rsi-alts'],
      ['XRP/USDT', 'rule-bot'],
    ]);
    const [btc, eth, sol, , xrp] = config.pairs;
    expect(btc?.dca).toMatchObject({ baseOrder: '10', safetyOrder: '20', maxSafetyOrders: 2 });
    expect(btc?.exits).toEqual({ stopLoss: '0.05' });
    expect(eth?.dca).toBeUndefined();
    expect(eth?.exits).toEqual({ stopLoss: null, timeExit: { hours: 2 } });
    expect(sol?.exits).toEqual({ stopLoss: '0.02', timeExit: { hours: 2 } });
    expect(xrp?.dca).toBeUndefined();
    expect(pairPath(config, 3)).toBe('bots[1].pairs[2]');
    expect(pairPath(config, 4)).toBe('bots[2].pairs[0]');
  });

  it('gives each bot the top-level strategy with its own fields over it', () => {
    const config = parseConfigText(BOTS, 'c.yaml');
    const [dca, rsi, rule] = config.bots!;
    expect(botStrategy(config.strategy, dca!)).toEqual({ ...config.strategy, rsiPeriod: 10 });
    expect(botStrategy(config.strategy, rsi!)).toMatchObject({ rsiPeriod: 10, rsiBuyBelow: 40 });
    expect(botStrategy(config.strategy, rule!).rule).toBe('rsi(14) < 30');
    const withRule = parseConfigText(BOTS.replace('strategy: { rsiPeriod: 10 }', 'strategy: { rule: "close < 1" }').replace('strategy: { rsiBuyBelow: 40 }', 'strategy: { rule: null }'), 'c.yaml');
    expect(botStrategy(withRule.strategy, withRule.bots![1]!).rule).toBeUndefined();
    expect(botStrategy(withRule.strategy, withRule.bots![0]!).rule).toBe('close < 1');
  });

  it('without bots: the config is the one default bot, its pairs as written', () => {
    const config = parseConfigText(`pairs:\n${pair('BTC/USDT').replace('      -', '  -')}`, 'c.yaml');
    expect(config.bots).toBeUndefined();
    expect(config.pairs[0]?.bot).toBeUndefined();
  });

  it.each([
    ['bots with top-level pairs', `pairs:\n${pair('ADA/USDT').replace('      -', '  -')}${BOTS}`, 'c.yaml: bots: and top-level pairs: cannot go together; move each pair under its bot'],
    ['neither', 'mode: paper\n', 'c.yaml: pairs: is required (or a bots: list)'],
    ['a bad name', BOTS.replace('name: rule-bot', 'name: Rule_Bot'), 'c.yaml: bots[2].name: must be 1-32 lower-case letters, digits or dashes, starting with a letter or digit'],
    ['a name twice', BOTS.replace('name: rule-bot', 'name: dca-majors'), 'c.yaml: bots[2].name: "dca-majors" is the name of bots[0] too; names must be unique'],
    ['a symbol in two bots', BOTS.replace('symbol: XRP/USDT', 'symbol: BTC/USDT'), 'c.yaml: bots[2].pairs[0].symbol: BTC/USDT belongs to bot "dca-majors" and bot "rule-bot"; a symbol may belong to one bot only'],
    ['a symbol twice in a bot', BOTS.replace('symbol: SOL/USDT', 'symbol: ETH/USDT'), 'c.yaml: bots[1].pairs[1].symbol: ETH/USDT appears twice in bot "rsi-alts"; each symbol may appear once'],
    ['no budget for a traded quote', BOTS.replace('budget: { USDT: "300", BTC: "0.1" }', 'budget: { USDT: "300" }'), 'c.yaml: bots[1].budget.BTC: is required: the bot trades ETH/BTC'],
    ['a budget of nothing traded', BOTS.replace('budget: { USDT: "150" }', 'budget: { USDT: "150", EUR: "5" }'), 'c.yaml: bots[2].budget.EUR: no pair of bot "rule-bot" trades in EUR'],
    ['a budget of zero', BOTS.replace('budget: { USDT: "150" }', 'budget: { USDT: "0" }'), 'c.yaml: bots[2].budget.USDT: must be > 0'],
    ['a budget not a number', BOTS.replace('budget: { USDT: "150" }', 'budget: { USDT: "lots" }'), 'c.yaml: bots[2].budget.USDT: must be a plain decimal number like 0.01'],
    ['no budget', BOTS.replace('    budget: { USDT: "150" }\n', ''), 'c.yaml: bots[2].budget: is required'],
    ['bot written on a pair', BOTS.replace(pair('XRP/USDT'), pair('XRP/USDT', ', bot: rule-bot')), 'c.yaml: bots[2].pairs[0].bot: is set by the bots: list; leave it out'],
    ['a bot\'s bad rule', BOTS.replace('rule: "rsi(14) < 30"', 'rule: "rsi(14) <"'), 'c.yaml: bots[2].strategy.rule: '],
    ['a bot\'s macdFast over macdSlow', BOTS.replace('strategy: { rsiBuyBelow: 40 }', 'strategy: { macdFast: 30 }'), 'c.yaml: bots[1].strategy.macdFast: macdFast must be < macdSlow'],
    ['a bot\'s bad exit', BOTS.replace('exits: { stopLoss: null, timeExit: { hours: 2 } }', 'exits: { stopLoss: "1.5" }'), 'c.yaml: bots[1].exits.stopLoss: '],
    ['a bot pair\'s DCA over its dealQuota', BOTS.replace('dca: { maxSafetyOrders: 2 }', 'dca: { maxSafetyOrders: 6 }'), 'c.yaml: bots[0].pairs[0].dealQuota: '],
    ['a bot pair without its paper market', BOTS.replace(pair('XRP/USDT'), '      - { symbol: XRP/USDT, dealQuota: "200", profitMarkup: "0.01", dealCount: 2, orderLifeTime: 600 }\n'), 'c.yaml: bots[2].pairs[0].paperMarket: is required for the simulated market'],
  ])('refuses %s with one line naming the field', (_name, text, message) => {
    const line = refused(text);
    expect(line.startsWith(message), line).toBe(true);
    expect(line).not.toContain('\n');
  });
});
