import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticMarket } from '../../../bench/backtest/synthetic-market.js';
import { checkLookAhead, cutPoints, signalSeries, type StrategyOver } from '../../../src/application/check-bias/look-ahead.js';
import { RuleStrategy } from '../../../src/domain/services/rules/rule.strategy.js';
import type { Signal } from '../../../src/domain/services/signal.service.js';
import { RsiMacdStrategy, type Strategy } from '../../../src/domain/services/strategy.js';
import type { Candle } from '../../../src/domain/shared/candle.js';

const MARKET = syntheticMarket(1, 3000);
const SYMBOL = Object.keys(MARKET)[0]!;
const CANDLES: readonly Candle[] = MARKET[SYMBOL]!;
const fixed = (strategy: Strategy): StrategyOver => () => strategy;

/** A strategy that cheats: BULLISH when the candle after this one closes higher, read from the series it was built over. */
const peeksNext: StrategyOver = (visible) => ({
  name: 'peeks-next',
  forPair: () => {
    let at = 0;
    return {
      onCandle: (candle: Candle): Signal => {
        const next = visible[at + 1];
        at += 1;
        return next !== undefined && next.close > candle.close ? 'BULLISH' : 'NEUTRAL';
      },
    };
  },
});

describe('cut points', () => {
  it('every candle up to 1000; longer: 200 spread evenly from the first to the last, plus the last 50', () => {
    expect(cutPoints(1000)).toEqual([...Array(1000).keys()]);
    expect(cutPoints(1200, 300)).toEqual(Array.from({ length: 900 }, (_, i) => 300 + i));
    const long = cutPoints(10_000);
    expect(long[0]).toBe(0);
    expect(long.at(-1)).toBe(9999);
    expect(long.slice(-50)).toEqual(Array.from({ length: 50 }, (_, i) => 9950 + i));
    // 200 spread (the last of them, 9999, is also one of the last 50) + 49
    expect(long).toHaveLength(249);
    expect(new Set(long).size).toBe(long.length);
    expect(cutPoints(10, 10)).toEqual([]);
    // at 3000, 4 of the 200 spread cuts (about 15 apart) fall among the last 50
    expect(cutPoints(3000)).toHaveLength(246);
  });
});

describe('look-ahead check', () => {
  it('catches a strategy that reads the next candle, naming it and the first candle where the signals differ', () => {
    const report = checkLookAhead(peeksNext, SYMBOL, CANDLES);
    const full = signalSeries(peeksNext, SYMBOL, CANDLES);
    const first = full.indexOf('BULLISH');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(report).toEqual({
      symbol: SYMBOL,
      strategy: 'peeks-next',
      cuts: cutPoints(3000).length,
      // cut there, the next candle is not in the series: NEUTRAL where the full series said BULLISH
      finding: { index: first, openTime: CANDLES[first]!.openTime, full: 'BULLISH', prefix: 'NEUTRAL' },
    });
  });

  it('with a first candle, checks only from there', () => {
    const report = checkLookAhead(peeksNext, SYMBOL, CANDLES.slice(0, 800), 500);
    expect(report.cuts).toBe(300);
    expect(report.finding!.index).toBeGreaterThanOrEqual(500);
  });

  it('passes the default strategy', () => {
    expect(checkLookAhead(fixed(new RsiMacdStrategy()), SYMBOL, CANDLES)).toEqual({ symbol: SYMBOL, strategy: 'rsi-macd', cuts: cutPoints(3000).length, finding: null });
    // and it does give signals on this series, so the comparison is not of NEUTRAL with NEUTRAL only
    expect(signalSeries(fixed(new RsiMacdStrategy()), SYMBOL, CANDLES).filter((s) => s !== 'NEUTRAL').length).toBeGreaterThan(5);
  });

  it('passes every rule the DSL can express', () => {
    const period = fc.integer({ min: 1, max: 30 });
    const series = fc.oneof(
      fc.constantFrom('close', 'rsi', 'macd', 'signal', 'histogram'),
      period.map((n) => `rsi(${n})`),
      fc.tuple(fc.constantFrom('sma', 'ema'), period).map(([name, n]) => `${name}(${n})`),
      // the rule refuses a fast period >= the slow one
      fc.tuple(fc.constantFrom('macd', 'signal', 'histogram'), period, period, period).map(([name, fast, more, signal]) => `${name}(${fast}, ${fast + more}, ${signal})`),
    );
    const number = fc.oneof(fc.integer({ min: 0, max: 200 }).map(String), fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 99 })).map(([a, b]) => `${a}.${b}`));
    const value = fc.oneof({ weight: 3, arbitrary: series }, { weight: 1, arbitrary: number });
    const { condition } = fc.letrec<{ condition: string }>((tie) => ({
      condition: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.tuple(value, fc.constantFrom('<', '>', '<=', '>='), value).map(([a, op, b]) => `${a} ${op} ${b}`),
        fc.tuple(fc.constantFrom('crossover', 'crossunder'), value, value).map(([cross, a, b]) => `${cross}(${a}, ${b})`),
        tie('condition').map((c) => `not ${c}`),
        tie('condition').map((c) => `(${c})`),
        fc.tuple(tie('condition'), fc.constantFrom('and', 'or'), tie('condition')).map(([a, op, b]) => `${a} ${op} ${b}`),
      ),
    }));
    const candles = CANDLES.slice(0, 400);
    let fired = 0;
    fc.assert(
      fc.property(condition, (rule) => {
        const over = fixed(new RuleStrategy(rule));
        if (signalSeries(over, SYMBOL, candles).includes('BULLISH')) fired += 1;
        expect(checkLookAhead(over, SYMBOL, candles).finding).toBeNull();
      }),
      { seed: 21, numRuns: 60 },
    );
    // many of the rules signal on these candles
    expect(fired).toBeGreaterThan(10);
  });
});
