import { SignalService } from '../../../src/domain/services/signal.service.js';
import { RsiMacdStrategy } from '../../../src/domain/services/strategy.js';
import type { Candle } from '../../../src/domain/shared/candle.js';
import type { BinanceSim } from '../binance-sim/binance-sim.js';
import { QUICK_STRATEGY } from './bot-config.js';

export const MINUTE = 60_000;

/** The close of minute k as a multiple of a pair's price level. */
export type PriceShape = (k: number) => number;

/**
 * A 12-minute cycle in percent of the price level: a 4 % dip, then a rise to +2 %. Under
 * QUICK_STRATEGY it is BULLISH on minute 5 of each cycle (the first candle up, close -3 %); the
 * next candle's low reaches that close (the buy fills) and the one after rises past +1 % (a sell
 * at the fill + 1 % fills).
 */
export const CYCLE: readonly number[] = [0, -1, -2, -3, -4, -3, -1, 1, 2, 2, 2, 1];

/** Flat before minute 0, then CYCLE over and over. */
export const cycleShape: PriceShape = (k) => (k < 0 ? 1 : 1 + (CYCLE[k % CYCLE.length] as number) / 100);

const cents = (x: number): number => Math.round(x * 100) / 100;

/** Open time of the minute after the current one: candles from there on are ahead of the wall clock. */
export function nextMinute(now = Date.now()): number {
  return (Math.floor(now / MINUTE) + 1) * MINUTE;
}

/**
 * Scripted 1m candles for every symbol of the local server, minute k opening at `base + k min`.
 * The feed of the bot closes a candle when the next open time arrives on the stream, so a test
 * pushes minute after minute as fast as it likes, ahead of the wall clock: finish(k) sends the
 * final update of minute k (the server matches resting orders on it), open(k + 1) the first
 * update of the next minute (which closes minute k for the bot).
 */
export class MinuteScript {
  constructor(
    readonly sim: BinanceSim,
    /** Symbol -> price level. */
    readonly levels: Readonly<Record<string, number>>,
    readonly shape: PriceShape = cycleShape,
    readonly base: number = nextMinute(),
    /** Minutes that gap: they open at their own close, not at the previous one (a buy below does not fill). */
    readonly gapAt: (k: number) => boolean = () => false,
  ) {}

  get symbols(): string[] {
    return Object.keys(this.levels);
  }

  openTime(k: number): number {
    return this.base + k * MINUTE;
  }

  close(symbol: string, k: number): number {
    return cents((this.levels[symbol] as number) * this.shape(k));
  }

  /** The final candle of minute k: opens at the previous close (or its own, see gapAt), high and low 0.2 % beyond open and close. */
  candle(symbol: string, k: number): Candle {
    const open = this.close(symbol, this.gapAt(k) ? k : k - 1);
    const close = this.close(symbol, k);
    return { openTime: this.openTime(k), open, high: cents(Math.max(open, close) * 1.002), low: cents(Math.min(open, close) * 0.998), close, volume: 10 };
  }

  /** Final candles of minutes [from, to) of every symbol: history on REST (and the stream). */
  pushHistory(from: number, to: number): void {
    for (let k = from; k < to; k += 1) for (const symbol of this.symbols) this.sim.pushCandle(symbol, this.candle(symbol, k));
  }

  /** The first update of minute k of every symbol: one trade at its open. */
  open(k: number): void {
    for (const symbol of this.symbols) {
      const price = this.close(symbol, this.gapAt(k) ? k : k - 1);
      this.sim.pushCandle(symbol, { openTime: this.openTime(k), open: price, high: price, low: price, close: price, volume: 1 }, { final: false });
    }
  }

  /** The final update of minute k of every symbol. */
  finish(k: number): void {
    for (const symbol of this.symbols) this.sim.pushCandle(symbol, this.candle(symbol, k));
  }

  /** finish(k), then open(k + 1): the bot sees minute k closed. */
  step(k: number): void {
    this.finish(k);
    this.open(k + 1);
  }

  /** The minutes in [from, to) on which the bot's strategy (QUICK_STRATEGY) says BULLISH for `symbol`, fed from minute `warmupFrom`. */
  bullishMinutes(symbol: string, warmupFrom: number, from: number, to: number): number[] {
    const strategy = new RsiMacdStrategy(new SignalService({ ...QUICK_STRATEGY })).forPair();
    const minutes: number[] = [];
    for (let k = warmupFrom; k < to; k += 1) if (strategy.onCandle(this.candle(symbol, k)) === 'BULLISH' && k >= from) minutes.push(k);
    return minutes;
  }
}
