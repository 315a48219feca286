import { describe, expect, it } from 'vitest';
import { RuleStrategy } from '../../../../src/domain/services/rules/rule.strategy.js';
import { RsiMacdStrategy } from '../../../../src/domain/services/strategy.js';
import type { Candle } from '../../../../src/domain/shared/candle.js';
import { ValidationError } from '../../../../src/domain/shared/domain-error.js';
import { parseConfigText } from '../../../../src/infrastructure/config/config.loader.js';
import { loadFreqtradeCandles } from '../../../../src/infrastructure/market-data/freqtrade-json.js';
import { marketDataPath } from '../../../support/market-data.js';

const closes = (values: number[]): Candle[] => values.map((c, i) => ({ openTime: i * 60_000, open: c, high: c, low: c, close: c, volume: 1 }));

function signals(rule: string, candles: readonly Candle[]): string {
  const pair = new RuleStrategy(rule).forPair();
  return candles.map((c) => (pair.onCandle(c) === 'BULLISH' ? 'B' : '.')).join('');
}

describe('declarative strategy rules', () => {
  it('the default rule written out gives exactly the default strategy on real candles', async () => {
    for (const file of ['ETH_BTC-5m.json', 'UNITTEST_BTC-1m.json']) {
      const candles = await loadFreqtradeCandles(marketDataPath(file));
      const rule = new RuleStrategy('crossover(macd, signal) and rsi(14) < 50').forPair();
      const builtIn = new RsiMacdStrategy().forPair();
      let bullish = 0;
      for (const candle of candles) {
        const expected = builtIn.onCandle(candle) === 'BULLISH';
        expect(rule.onCandle(candle) === 'BULLISH').toBe(expected);
        if (expected) bullish += 1;
      }
      expect(bullish).toBeGreaterThan(10);
    }
  });

  it('compares, crosses and combines as written (hand-computed)', () => {
    const c = closes([99, 101, 102, 98, 100, 103]);
    expect(signals('close > 100', c)).toBe('.BB..B');
    expect(signals('not (close <= 100)', c)).toBe('.BB..B');
    expect(signals('crossover(close, 100)', c)).toBe('.B...B');
    expect(signals('crossunder(close, 100)', c)).toBe('...B..');
    expect(signals('close < 99.5 or close >= 103', c)).toBe('B..B.B');
    // sma(2): -, 100, 101.5, 100, 99, 101.5 ; close above it from the third candle when rising
    expect(signals('close > sma(2)', c)).toBe('.BB.BB');
    expect(signals('close > sma(2) and close > 101', c)).toBe('..B..B');
  });

  const bad: [string, string][] = [
    ['rsi(14) < 30 and crosover(macd, signal)', 'strategy.rule: unknown name "crosover" at column 18'],
    ['rsi(14) < 30 and', 'strategy.rule: expected a number, a series or "(" at the end'],
    ['rsi(14, 2) < 30', 'strategy.rule: rsi takes 0 or 1 arguments, got 2 at column 1'],
    ['sma < 3', 'strategy.rule: sma takes 1 arguments, got 0 at column 1'],
    ['rsi(0) < 30', 'strategy.rule: rsi takes whole-number periods >= 1, got "0" at column 5'],
    ['rsi(14) < 30 close', 'strategy.rule: expected "and", "or" or the end at column 14, got "close"'],
    ['rsi(14)', 'strategy.rule: a series is a value, not a condition; compare it, e.g. rsi > 0'],
    ['(close > 1) < 2', 'strategy.rule: a condition cannot be compared; compare series and numbers'],
    ['close > 1 & close < 2', 'strategy.rule: unexpected "&" at column 11'],
    ['(close > 1', 'strategy.rule: expected ")" at the end'],
  ];
  for (const [rule, message] of bad) {
    it(`refuses ${JSON.stringify(rule)} with the column`, () => {
      let error: unknown;
      try {
        new RuleStrategy(rule);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message.startsWith(message)).toBe(true);
      expect((error as Error).message).not.toContain('\n');
    });
  }

  it('is checked at config load, one line naming the field', () => {
    const pair = 'pairs:\n  - { symbol: BTC/USDT, dealQuota: "10", profitMarkup: "0.01", dealCount: 1, orderLifeTime: 60, paperMarket: { startPrice: 100, priceStep: "0.01", amountStep: "0.001" } }\n';
    expect(parseConfigText(`strategy: { rule: "rsi(14) < 30" }\n${pair}`, 'x.yaml').strategy.rule).toBe('rsi(14) < 30');
    expect(() => parseConfigText(`strategy: { rule: "rsi(14) <" }\n${pair}`, 'x.yaml')).toThrow('x.yaml: strategy.rule: expected a number, a series or "(" at the end');
  });
});
