import type { Candle } from '../../../src/domain/shared/candle.js';
import { dec, ZERO, type Decimal } from '../../../src/domain/shared/decimal.js';
import { BinanceRefusal } from './sim-book.js';
import type { SimMarket } from './sim-market.js';

/**
 * Binance's public ticker streams and GET /api/v3/ticker/24hr (web-socket-streams.md,
 * market-data-endpoints.md), computed from the klines the server holds: the last price is the
 * close of the newest kline update, the 24 h figures come from the last 24 h of its candles.
 * Streams: <symbol>@miniTicker, <symbol>@ticker, <symbol>@bookTicker, !miniTicker@arr,
 * !ticker@arr. Binance pushes the 24 h tickers at most once a second; this server pushes one on
 * every kline update (each is a trade), so a test controls exactly when a price arrives.
 * The server keeps no depth: the best bid is the last price and the best ask one tick above.
 */

const DAY_MS = 86_400_000;
const f8 = (value: Decimal): string => value.toFixed(8);
const BOOK_QTY = '1.00000000';

/** A ticker event as the server sent it, for tests that time what follows. */
export interface SimTickerSent {
  readonly symbol: string;
  readonly price: number;
  /** On the simulator's clock. */
  readonly at: number;
}

interface DayStats {
  readonly last: Decimal;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly volume: Decimal;
  readonly quoteVolume: Decimal;
  readonly openTime: number;
  readonly closeTime: number;
  readonly count: number;
}

/** The 24 h rolling figures of `rows` (oldest first) up to the newest one; null without candles. */
function dayStats(rows: readonly Candle[]): DayStats | null {
  const newest = rows.at(-1);
  if (newest === undefined) return null;
  const day = rows.filter((c) => c.openTime > newest.openTime - DAY_MS);
  let high = dec(newest.high);
  let low = dec(newest.low);
  let volume = ZERO;
  let quoteVolume = ZERO;
  for (const c of day) {
    if (dec(c.high).gt(high)) high = dec(c.high);
    if (dec(c.low).lt(low)) low = dec(c.low);
    volume = volume.plus(dec(c.volume));
    quoteVolume = quoteVolume.plus(dec(c.volume).times(dec(c.close)));
  }
  const first = day[0] ?? newest;
  return { last: dec(newest.close), open: dec(first.open), high, low, volume, quoteVolume, openTime: first.openTime, closeTime: newest.openTime, count: day.length };
}

function miniTicker(market: SimMarket, s: DayStats, eventTime: number) {
  return { e: '24hrMiniTicker', E: eventTime, s: market.id, c: f8(s.last), o: f8(s.open), h: f8(s.high), l: f8(s.low), v: f8(s.volume), q: f8(s.quoteVolume) };
}

function fullTicker(market: SimMarket, s: DayStats, eventTime: number) {
  const change = s.last.minus(s.open);
  const percent = s.open.sign() === 0 ? ZERO : change.div(s.open).times(100);
  const vwap = s.volume.sign() === 0 ? s.last : s.quoteVolume.div(s.volume);
  return {
    e: '24hrTicker',
    E: eventTime,
    s: market.id,
    p: f8(change),
    P: percent.toFixed(3),
    w: f8(vwap),
    x: f8(s.open),
    c: f8(s.last),
    Q: BOOK_QTY,
    b: f8(s.last),
    B: BOOK_QTY,
    a: f8(s.last.plus(market.tick)),
    A: BOOK_QTY,
    o: f8(s.open),
    h: f8(s.high),
    l: f8(s.low),
    v: f8(s.volume),
    q: f8(s.quoteVolume),
    O: s.openTime,
    C: s.closeTime,
    F: 0,
    L: s.count - 1,
    n: s.count,
  };
}

/** One GET /api/v3/ticker/24hr entry (type FULL). */
function restTicker(market: SimMarket, s: DayStats) {
  const t = fullTicker(market, s, 0);
  return {
    symbol: market.id,
    priceChange: t.p,
    priceChangePercent: t.P,
    weightedAvgPrice: t.w,
    prevClosePrice: t.x,
    lastPrice: t.c,
    lastQty: t.Q,
    bidPrice: t.b,
    bidQty: t.B,
    askPrice: t.a,
    askQty: t.A,
    openPrice: t.o,
    highPrice: t.h,
    lowPrice: t.l,
    volume: t.v,
    quoteVolume: t.q,
    openTime: t.O,
    closeTime: t.C,
    firstId: t.F,
    lastId: t.L,
    count: t.n,
  };
}

export interface SimTickerState {
  readonly markets: ReadonlyMap<string, SimMarket>;
  readonly klines: (marketId: string, interval: string) => readonly Candle[];
}

/** GET /api/v3/ticker/24hr: one market (`symbol`), some (`symbols`, a JSON array) or all. */
export function ticker24hr(state: SimTickerState, p: URLSearchParams): unknown {
  const stats = (market: SimMarket) => restTicker(market, dayStats(state.klines(market.id, '1m')) ?? emptyStats());
  const one = p.get('symbol');
  const many = p.get('symbols');
  if (one !== null && many !== null) throw new BinanceRefusal(400, -1128, 'Combination of optional parameters invalid.');
  const find = (id: string): SimMarket => {
    const market = state.markets.get(id);
    if (market === undefined) throw new BinanceRefusal(400, -1121, 'Invalid symbol.');
    return market;
  };
  if (one !== null) return stats(find(one));
  if (many === null) return [...state.markets.values()].map(stats);
  let ids: unknown;
  try {
    ids = JSON.parse(many);
  } catch {
    ids = null;
  }
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) throw new BinanceRefusal(400, -1100, "Illegal characters found in parameter 'symbols'.");
  return (ids as string[]).map((id) => stats(find(id)));
}

function emptyStats(): DayStats {
  return { last: ZERO, open: ZERO, high: ZERO, low: ZERO, volume: ZERO, quoteVolume: ZERO, openTime: 0, closeTime: 0, count: 0 };
}

interface TickerStreams {
  readonly mini: string;
  readonly full: string;
  readonly book: string;
  readonly miniAll: string;
  readonly fullAll: string;
}

function tickerStreams(market: SimMarket): TickerStreams {
  const stream = market.id.toLowerCase();
  return { mini: `${stream}@miniTicker`, full: `${stream}@ticker`, book: `${stream}@bookTicker`, miniAll: '!miniTicker@arr', fullAll: '!ticker@arr' };
}

/** Where ticker events go: sent to a stream's subscribers; asked first whether any stream has one. */
export interface SimTickerOutlet {
  publish(streamName: string, event: unknown): void;
  listens(streamNames: readonly string[]): boolean;
}

/**
 * Publishes the ticker streams of a market whenever one of its klines is updated. The 24 h
 * figures are computed only when a connection listens to one of the market's ticker streams:
 * they read the day's candles, and the latency bench pushes 200 kline updates a tick.
 */
export class SimTickers {
  /** Every ticker update (one per kline update, subscribers or not), oldest first. */
  readonly sent: SimTickerSent[] = [];

  constructor(
    private readonly outlet: SimTickerOutlet,
    private readonly now: () => number,
  ) {}

  /** The price of `market` moved: `rows` are its candles of the updated interval, the newest last. */
  onKlineUpdate(market: SimMarket, rows: readonly Candle[]): void {
    const newest = rows.at(-1);
    if (newest === undefined) return;
    const at = this.now();
    const streams = tickerStreams(market);
    if (this.outlet.listens(Object.values(streams))) this.#publish(market, dayStats(rows)!, at, streams);
    this.sent.push({ symbol: market.id, price: dec(newest.close).toNumber(), at });
  }

  #publish(market: SimMarket, s: DayStats, at: number, streams: TickerStreams): void {
    const mini = miniTicker(market, s, at);
    const full = fullTicker(market, s, at);
    this.outlet.publish(streams.mini, mini);
    this.outlet.publish(streams.full, full);
    this.outlet.publish(streams.book, { u: this.sent.length + 1, s: market.id, b: full.b, B: full.B, a: full.a, A: full.A });
    this.outlet.publish(streams.miniAll, [mini]);
    this.outlet.publish(streams.fullAll, [full]);
  }
}
