import type { CurrencyPair } from '../../currency-pair/currency-pair.entity.js';
import type { Deal } from '../../deal/deal.entity.js';
import { orderLeg } from '../../shared/client-order-id.js';
import { dec, type Decimal } from '../../shared/decimal.js';
import type { MarketRules } from '../../shared/market-rules.js';
import { EXIT_REASONS, type ExitReason } from './exit-reason.js';
import type { ExitRules } from '../../currency-pair/exit-rules.js';
import type { DcaSettings } from '../../currency-pair/dca-settings.js';
import { protectiveStop, stopForSell, type ProtectiveStop } from './exit.evaluator.js';
import { timeExitDeadline } from './time-exit.rule.js';
import { trailingActivationPrice } from './trailing-stop.rule.js';

/** What one candle or tick asks of an open deal. */
export type ExitVerdict =
  | { readonly kind: 'close'; readonly reason: ExitReason }
  /** The stop moved (or the resting sells lack it): re-place them with the new one. */
  | { readonly kind: 'restop' }
  /** The high-water mark rose without moving the stop: save the deal. */
  | { readonly kind: 'mark' };

const verdict = <V extends ExitVerdict>(v: V): V => Object.freeze(v);
const CLOSE: Readonly<Record<ExitReason, ExitVerdict>> = Object.freeze(Object.fromEntries(Object.values(EXIT_REASONS).map((r) => [r, verdict({ kind: 'close', reason: r })])) as Record<ExitReason, ExitVerdict>);
const RESTOP = verdict({ kind: 'restop' });
const MARK = verdict({ kind: 'mark' });

/**
 * The exit rules of one open deal, with their prices mirrored in floats: a candle that changes
 * nothing is a few comparisons. The same `evaluate` serves closed candles and realtime ticks
 * (a tick is a candle with high = close = price, opening at its time).
 */
export class ExitWatch {
  readonly deal: Deal;
  readonly #exits: ExitRules;
  readonly #dca: DcaSettings | null;
  readonly #market: MarketRules;
  readonly #stops: boolean;
  readonly #deadline: number;
  /** The buy's last fill: candles from before it say nothing about the high since. */
  readonly #armedFrom: number;
  readonly #activation: Decimal | null;
  readonly #activationFloat: number;
  #stop: ProtectiveStop | null = null;
  #stopFloat = Number.NaN;
  /** At or below this price the bot sells at market itself: the stop, unless it rests on the exchange (NaN then). */
  #sellAtFloat = Number.NaN;
  #markFloat = Number.NaN;
  // Stryker disable next-line BooleanLiteral: #refresh() in the constructor sets it before any use
  #mismatch = false;

  /** `stops`: the exchange holds stop prices, so resting sells carry the stop. */
  constructor(deal: Deal, pair: CurrencyPair, market: MarketRules, stops: boolean) {
    this.deal = deal;
    this.#exits = pair.exits;
    this.#dca = pair.dca;
    this.#market = market;
    // a DCA deal's take profit moves with its average: its stop is watched here and sold at market
    this.#stops = stops && pair.dca === null;
    this.#deadline = timeExitDeadline(deal.createdAt, pair.exits.timeExitMs);
    this.#armedFrom = deal.buyOrder.fills.at(-1)?.timestamp ?? Number.POSITIVE_INFINITY;
    const average = deal.averagePrice;
    this.#activation = average !== null && pair.exits.trailingStop !== null ? trailingActivationPrice(average, pair.exits.trailingStop) : null;
    this.#activationFloat = this.#activation === null ? Number.NaN : this.#activation.toNumber();
    this.#refresh();
  }

  /** The stop the resting sells should carry now; null without one. */
  get stop(): ProtectiveStop | null {
    return this.#stop;
  }

  /** Could this candle make the watch act? Compares floats and changes nothing. */
  mayAct(openTime: number, high: number, close: number, at: number): boolean {
    return this.#mismatch || close <= this.#sellAtFloat || at >= this.#deadline || this.#newHigh(openTime, high);
  }

  /** Takes in a closed candle (or a tick) at time `at`: raises the high-water mark, then decides. */
  evaluate(openTime: number, high: number, close: number, at: number): ExitVerdict | null {
    if (this.deal.status !== 'open') return null;
    let marked = false;
    if (this.#newHigh(openTime, high)) {
      const mark = dec(high);
      if ((this.#activation === null || mark.gte(this.#activation)) && this.deal.raiseHighWaterMark(mark)) {
        marked = true;
        this.#refresh();
      }
    }
    if (this.#stop !== null && close <= this.#sellAtFloat) return CLOSE[this.#stop.reason];
    if (at >= this.#deadline) return CLOSE[EXIT_REASONS.timeExit];
    if (this.#mismatch) return RESTOP;
    return marked ? MARK : null;
  }

  #newHigh(openTime: number, high: number): boolean {
    if (this.#activation === null || openTime <= this.#armedFrom) return false;
    return Number.isNaN(this.#markFloat) ? high >= this.#activationFloat : high > this.#markFloat;
  }

  #refresh(): void {
    this.#stop = protectiveStop(this.deal, this.#exits, this.#market, this.#dca);
    this.#stopFloat = this.#stop === null ? Number.NaN : this.#stop.price.toNumber();
    const mark = this.deal.highWaterMark;
    this.#markFloat = mark === null ? Number.NaN : mark.toNumber();
    this.#mismatch = this.#stops && this.#sellsLackTheStop();
    // the exchange sells at the stop itself: a price at or beyond it must not start a second, market sell
    this.#sellAtFloat = this.#stops && !this.#mismatch && this.#stopRests() ? Number.NaN : this.#stopFloat;
  }

  /** Every resting take-profit sell is on the exchange (open) carrying the stop, and there is one. */
  #stopRests(): boolean {
    let resting = 0;
    for (const sell of this.deal.workingSells) {
      if (orderLeg(sell.clientOrderId) !== 's') continue;
      if (sell.status !== 'open' && sell.status !== 'partially_filled') return false;
      resting += 1;
    }
    return resting > 0;
  }

  /** A resting take-profit sell carries no stop, or one below the stop it should carry. */
  #sellsLackTheStop(): boolean {
    for (const sell of this.deal.workingSells) {
      if (orderLeg(sell.clientOrderId) !== 's') continue;
      const expected = stopForSell(this.#stop, sell.price);
      const actual = sell.stopPrice;
      if (expected !== null && (actual === null || actual.lt(expected))) return true;
    }
    return false;
  }
}

/** Could this candle make any of `watches` act (ExitWatch.mayAct)? False for none; a plain loop, no closure per call. */
export function anyMayAct(watches: readonly ExitWatch[], openTime: number, high: number, close: number, at: number): boolean {
  for (let i = 0; i < watches.length; i += 1) if (watches[i]!.mayAct(openTime, high, close, at)) return true;
  return false;
}
