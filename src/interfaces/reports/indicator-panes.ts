import type { Candle } from '../../domain/shared/candle.js';
import { parseRule, type RuleNode } from '../../domain/services/rules/rule.parser.js';
import { macd, rsi } from '../../indicators/index.js';

/** Which indicators the report charts under the candles: RSI periods and MACD (fast, slow, signal) sets. */
export interface ChartedIndicators {
  readonly rsi: readonly number[];
  readonly macd: readonly (readonly [number, number, number])[];
}

export const NO_INDICATORS: ChartedIndicators = { rsi: [], macd: [] };

/** The strategy part of the config this reads. */
export interface StrategyIndicators {
  readonly rsiPeriod: number;
  readonly macdFast: number;
  readonly macdSlow: number;
  readonly macdSignal: number;
  readonly rule?: string | undefined;
}

/**
 * What the strategy reads: the default strategy its RSI and MACD with the config's periods; a
 * rule the `rsi(n)` and `macd` / `signal` / `histogram` series it names, with the rule's
 * defaults (14; 12, 26, 9), and no pane when it names none (e.g. a rule on `sma` alone).
 */
export function chartedIndicators(strategy: StrategyIndicators): ChartedIndicators {
  if (strategy.rule === undefined) return { rsi: [strategy.rsiPeriod], macd: [[strategy.macdFast, strategy.macdSlow, strategy.macdSignal]] };
  const rsiPeriods = new Set<number>();
  const macdSets = new Map<string, [number, number, number]>();
  const visit = (node: RuleNode): void => {
    switch (node.kind) {
      case 'series': {
        const [a, b, c] = node.args;
        if (node.name === 'rsi') rsiPeriods.add(a ?? 14);
        else if (node.name === 'macd' || node.name === 'signal' || node.name === 'histogram') macdSets.set(`${a ?? 12},${b ?? 26},${c ?? 9}`, [a ?? 12, b ?? 26, c ?? 9]);
        return;
      }
      case 'compare':
      case 'cross':
      case 'logic':
        visit(node.left);
        visit(node.right);
        return;
      case 'not':
        visit(node.operand);
        return;
      default:
        return;
    }
  };
  visit(parseRule(strategy.rule));
  return { rsi: [...rsiPeriods], macd: [...macdSets.values()] };
}

/** One value per chart bar (the value at the bar's last candle), null where the indicator has none yet. */
export type BarValues = (number | null)[];

export interface RsiPane {
  readonly period: number;
  readonly values: BarValues;
}

export interface MacdPane {
  readonly periods: readonly [number, number, number];
  readonly line: BarValues;
  readonly signal: BarValues;
  readonly histogram: BarValues;
}

export interface IndicatorPanes {
  readonly rsi: RsiPane[];
  readonly macd: MacdPane[];
}

/**
 * The indicators over `warmup` then `candles` (the strategy warmed up on the same history, so
 * the values are the ones it read; TA-Lib exact), one value per bar of `groupMs`.
 */
export function indicatorPanes(candles: readonly Candle[], warmup: readonly Candle[], charted: ChartedIndicators, groupMs: number): IndicatorPanes {
  const closes = new Float64Array(warmup.length + candles.length);
  warmup.forEach((c, i) => (closes[i] = c.close));
  candles.forEach((c, i) => (closes[warmup.length + i] = c.close));
  const perBar = (values: Float64Array): BarValues => toBars(values.subarray(warmup.length), candles, groupMs);
  return {
    rsi: charted.rsi.map((period) => ({ period, values: perBar(rsi(closes, period)) })),
    macd: charted.macd.map((periods) => {
      const m = macd(closes, ...periods);
      return { periods, line: perBar(m.macd), signal: perBar(m.signal), histogram: perBar(m.histogram) };
    }),
  };
}

/** The open time of the chart bar of `groupMs` (epoch-aligned) a candle opening at `openTime` falls in: how candles and indicator values are grouped alike. */
export function barStart(openTime: number, groupMs: number): number {
  return Math.floor(openTime / groupMs) * groupMs;
}

/** The value at the last candle of each bar (see barStart). */
function toBars(values: Float64Array, candles: readonly Candle[], groupMs: number): BarValues {
  const bars: BarValues = [];
  let bar = Number.NaN;
  for (let i = 0; i < candles.length; i += 1) {
    const time = barStart((candles[i] as Candle).openTime, groupMs);
    const value = values[i] as number;
    if (time !== bar) {
      bar = time;
      bars.push(null);
    }
    bars[bars.length - 1] = Number.isNaN(value) ? null : value;
  }
  return bars;
}
