import type { SeededRandom } from './seeded.random.js';

export type RegimeKind = 'range' | 'up' | 'down' | 'crash' | 'recovery';

/** One candle's worth of movement; `ret` is a log return. */
export interface WalkStep {
  readonly regime: RegimeKind;
  readonly ret: number;
  readonly wickUp: number;
  readonly wickDown: number;
  readonly volume: number;
}

interface Regime {
  readonly kind: RegimeKind;
  readonly drift: number;
  readonly vol: number;
  readonly span: number;
  left: number;
}

const CRASH_CHANCE = 0.1;
const RECOVERY_CHANCE = 0.75;

/**
 * A random walk whose drift and volatility switch between regimes at random: ranges,
 * up and down trends, and now and then a crash of 5%..35% over 3..12 candles, usually
 * followed by a partial recovery.
 */
export class PriceWalk {
  readonly #random: SeededRandom;
  #regime: Regime;

  constructor(random: SeededRandom) {
    this.#random = random;
    this.#regime = this.#range();
  }

  next(): WalkStep {
    if (this.#regime.left <= 0) this.#regime = this.#after(this.#regime);
    const current = this.#regime;
    current.left -= 1;
    const r = this.#random;
    const ret = current.drift + current.vol * r.normal();
    const stress = current.kind === 'crash' ? 4 : current.kind === 'recovery' ? 2 : 1;
    return {
      regime: current.kind,
      ret,
      wickUp: Math.abs(r.normal()) * current.vol * 0.7,
      wickDown: Math.abs(r.normal()) * current.vol * 0.7,
      volume: stress * 100 * Math.exp(0.5 * r.normal()),
    };
  }

  #after(previous: Regime): Regime {
    const r = this.#random;
    if (previous.kind === 'crash' && r.next() < RECOVERY_CHANCE) {
      const regained = -previous.drift * previous.span * r.between(0.3, 0.9);
      return regime('recovery', regained, 0.0025, r.int(30, 200));
    }
    const pick = r.next();
    if (pick < CRASH_CHANCE) return regime('crash', Math.log(1 - r.between(0.05, 0.35)), 0.004, r.int(3, 12));
    const trend = r.int(60, 500);
    if (pick < CRASH_CHANCE + 0.3) return regime('up', r.between(0.0003, 0.0012) * trend, 0.0018, trend);
    if (pick < CRASH_CHANCE + 0.6) return regime('down', -r.between(0.0003, 0.0012) * trend, 0.0018, trend);
    return this.#range();
  }

  #range(): Regime {
    return regime('range', 0, 0.0015, this.#random.int(60, 600));
  }
}

/** A regime that moves the log price by `move` in total over `span` candles. */
function regime(kind: RegimeKind, move: number, vol: number, span: number): Regime {
  return { kind, drift: move / span, vol, span, left: span };
}
