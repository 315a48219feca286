import type { Signal } from '../../domain/services/signal.service.js';
import type { Strategy } from '../../domain/services/strategy.js';
import type { Candle } from '../../domain/shared/candle.js';

/**
 * The strategy as it runs over a series: given the candles it may see. The config's strategies
 * read nothing but the candles fed to them; a strategy that reads its data otherwise (a table of
 * candles, a file) is built here over only what the check lets it see, so a peek shows.
 */
export type StrategyOver = (visible: readonly Candle[]) => Strategy;

/** Series up to this many candles are cut at every candle. */
export const EVERY_CANDLE_UP_TO = 1000;
/** Longer series: this many cuts spread evenly over the checked candles ... */
export const SPREAD_CUTS = 200;
/** ... plus the last this many candles. */
export const LAST_CUTS = 50;

/** Where a signal on the full series differs from the signal on the series cut at that candle. */
export interface BiasFinding {
  readonly index: number;
  readonly openTime: number;
  readonly full: Signal;
  readonly prefix: Signal;
}

export interface PairBiasReport {
  readonly symbol: string;
  readonly strategy: string;
  /** How many cut points were compared. */
  readonly cuts: number;
  /** The earliest cut that differs; null when every cut agreed. */
  readonly finding: BiasFinding | null;
}

/**
 * The candles to cut at, in increasing order, among indices first .. n - 1: every one when there
 * are at most EVERY_CANDLE_UP_TO, else SPREAD_CUTS spread evenly from the first to the last
 * (first + floor(i x (count - 1) / (SPREAD_CUTS - 1))) and the last LAST_CUTS.
 */
export function cutPoints(n: number, first = 0): number[] {
  const count = n - first;
  if (count <= 0) return [];
  if (count <= EVERY_CANDLE_UP_TO) return Array.from({ length: count }, (_, i) => first + i);
  const cuts = new Set<number>();
  for (let i = 0; i < SPREAD_CUTS; i += 1) cuts.add(first + Math.floor((i * (count - 1)) / (SPREAD_CUTS - 1)));
  for (let i = n - LAST_CUTS; i < n; i += 1) cuts.add(i);
  return [...cuts].sort((a, b) => a - b);
}

/** The strategy's signal on each candle of `candles`, fed in order to a fresh pair state built over them. */
export function signalSeries(over: StrategyOver, symbol: string, candles: readonly Candle[]): Signal[] {
  const pair = over(candles).forPair(symbol);
  return candles.map((candle) => pair.onCandle(candle));
}

/**
 * Look-ahead check of one pair: the signal on each cut candle of the full series must equal the
 * last signal of the strategy run on the series cut there (the candles up to it and no further).
 * A strategy that reads a later candle gives another signal when that candle is not there.
 * `first`: the first candle checked (those before it are still fed, as a warm-up).
 */
export function checkLookAhead(over: StrategyOver, symbol: string, candles: readonly Candle[], first = 0): PairBiasReport {
  const full = signalSeries(over, symbol, candles);
  const cuts = cutPoints(candles.length, first);
  const strategy = over(candles).name;
  for (const cut of cuts) {
    const visible = candles.slice(0, cut + 1);
    const prefix = signalSeries(over, symbol, visible)[cut]!;
    if (prefix !== full[cut]) return { symbol, strategy, cuts: cuts.length, finding: { index: cut, openTime: candles[cut]!.openTime, full: full[cut]!, prefix } };
  }
  return { symbol, strategy, cuts: cuts.length, finding: null };
}
