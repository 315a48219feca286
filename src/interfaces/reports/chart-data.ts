import type { BacktestResult } from '../../application/backtest/backtest-result.js';
import { TIMEFRAME_MS, type Candle } from '../../domain/shared/candle.js';
import { orderLeg } from '../../domain/shared/client-order-id.js';
import { dcaLanes, type DcaLane } from './dca-lines.js';
import { barStart, indicatorPanes, NO_INDICATORS, type ChartedIndicators, type IndicatorPanes } from './indicator-panes.js';

/** [time (UTC seconds), open, high, low, close]: compact in the page, unpacked by its script. */
export type ChartBar = [number, number, number, number, number];

export interface ChartMarker {
  readonly time: number;
  readonly side: 'buy' | 'sell';
  readonly price: string;
  readonly amount: string;
  readonly dealId: string;
  /** A DCA safety buy's fill (absent for the others). */
  readonly safety?: true;
}

export interface PairChart {
  readonly symbol: string;
  /** Length of one bar in seconds: the timeframe, or a multiple of it when the candles were merged to fit. */
  readonly barSeconds: number;
  /** Decimal places that show the pair's prices (4e-5 BTC needs more than 2). */
  readonly precision: number;
  readonly bars: ChartBar[];
  readonly markers: ChartMarker[];
  /** The strategy's indicators, one value per bar, drawn in panes under the candles. */
  readonly indicators: IndicatorPanes;
  /** DCA deals' average buy price and take profit, as step lines over the candles (none without DCA deals). */
  readonly dca: DcaLane[];
}

/** The indicators to chart, and per pair the history the strategy warmed up on before the first candle. */
export interface ChartIndicatorsInput {
  readonly charted: ChartedIndicators;
  readonly warmup?: Readonly<Record<string, readonly Candle[]>>;
}

export interface ChartData {
  readonly quote: string;
  readonly pairs: PairChart[];
  /** [time (UTC seconds), equity], the starting equity first. */
  readonly equity: [number, number][];
  readonly equityPrecision: number;
}

/** At most this many bars per pair and points of equity go into the page; more are merged. */
export const MAX_CHART_POINTS = 20_000;

/** Decimal places that show values down to `smallest` with about 4 significant digits. */
function precisionFor(smallest: number): number {
  return Number.isFinite(smallest) && smallest > 0 ? Math.min(12, Math.max(2, 4 - Math.floor(Math.log10(smallest)))) : 2;
}

/** Candles merged into bars of `groupMs` (barStart): first open, highest high, lowest low, last close. */
function mergeBars(candles: readonly Candle[], groupMs: number): ChartBar[] {
  const bars: ChartBar[] = [];
  let current: ChartBar | null = null;
  for (const c of candles) {
    const time = barStart(c.openTime, groupMs) / 1000;
    if (current !== null && current[0] === time) {
      current[2] = Math.max(current[2], c.high);
      current[3] = Math.min(current[3], c.low);
      current[4] = c.close;
    } else {
      current = [time, c.open, c.high, c.low, c.close];
      bars.push(current);
    }
  }
  return bars;
}

function pairChart(result: BacktestResult, symbol: string, candles: readonly Candle[], maxPoints: number, indicators: ChartIndicatorsInput): PairChart {
  const step = TIMEFRAME_MS[result.timeframe];
  const slots = candles.length === 0 ? 0 : ((candles.at(-1) as Candle).openTime - (candles[0] as Candle).openTime) / step + 1;
  const groupMs = Math.max(1, Math.ceil(slots / maxPoints)) * step;
  const bars = mergeBars(candles, groupMs);
  const markers: ChartMarker[] = [];
  for (const deal of result.deals) {
    if (deal.symbol !== symbol) continue;
    for (const order of deal.orders) {
      for (const fill of order.fills) {
        const marker: ChartMarker = { time: (Math.floor(fill.timestamp / groupMs) * groupMs) / 1000, side: order.side, price: fill.price.toString(), amount: fill.amount.toString(), dealId: deal.id };
        markers.push(orderLeg(order.clientOrderId) === 'd' ? { ...marker, safety: true } : marker);
      }
    }
  }
  markers.sort((a, b) => a.time - b.time);
  const panes = indicatorPanes(candles, indicators.warmup?.[symbol] ?? [], indicators.charted, groupMs);
  const dca = dcaLanes(
    result.deals.filter((d) => d.symbol === symbol),
    groupMs,
    result.endTime,
  );
  return { symbol, barSeconds: groupMs / 1000, precision: precisionFor(bars.reduce((min, b) => Math.min(min, b[3]), Number.POSITIVE_INFINITY)), bars, markers, indicators: panes, dca };
}

/**
 * The starting equity, then the curve, downsampled to at most about `maxPoints`: of the whole
 * (start included) it keeps the last point of each run of `every` points, and always the very
 * last. Read from the curve's columns: only the points kept become objects.
 */
function equitySeries(result: BacktestResult, maxPoints: number): [number, number][] {
  const { times, equities, length } = result.equity;
  const total = length + 1;
  const every = Math.max(1, Math.ceil(total / maxPoints));
  // index k of the whole is the start for k = 0, curve point k - 1 after it
  const point = (k: number): [number, number] => (k === 0 ? [result.startTime / 1000, result.startingEquity.toNumber()] : [times[k - 1]! / 1000, equities[k - 1]!]);
  const kept: [number, number][] = [];
  for (let k = every - 1; k < total; k += every) kept.push(point(k));
  if (total % every !== 0) kept.push(point(total - 1));
  return kept;
}

/** Decimal places for the equity values: of the smallest non-zero magnitude, the start included. */
function equityPrecision(result: BacktestResult): number {
  const { equities, length } = result.equity;
  let min = Math.abs(result.startingEquity.toNumber()) || Number.POSITIVE_INFINITY;
  for (let i = 0; i < length; i += 1) min = Math.min(min, Math.abs(equities[i]!) || min);
  return precisionFor(min);
}

/** What the HTML report charts: candles, fills, DCA lines and the strategy's indicators per pair, and the equity curve. */
export function buildChartData(
  result: BacktestResult,
  candles: Readonly<Record<string, readonly Candle[]>>,
  maxPoints = MAX_CHART_POINTS,
  indicators: ChartIndicatorsInput = { charted: NO_INDICATORS },
): ChartData {
  return {
    quote: result.quote,
    pairs: result.pairs.map((symbol) => pairChart(result, symbol, candles[symbol] ?? [], maxPoints, indicators)),
    equity: equitySeries(result, maxPoints),
    equityPrecision: equityPrecision(result),
  };
}
