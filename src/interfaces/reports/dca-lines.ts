import type { Deal } from '../../domain/deal/deal.entity.js';
import { orderLeg } from '../../domain/shared/client-order-id.js';
import { ZERO } from '../../domain/shared/decimal.js';

/** [time (UTC seconds), value]; a value of null is a gap between two deals. */
export type LinePoint = [number, number | null];

/**
 * One lane of DCA lines on a pair's chart: the average buy price and the take-profit price of
 * deals that never overlap in time, as step lines with a gap between deals. Lanes keep the
 * page to a few series however many deals there are (as many lanes as deals worked at once).
 */
export interface DcaLane {
  readonly average: LinePoint[];
  readonly takeProfit: LinePoint[];
}

interface DealLines {
  readonly start: number;
  readonly end: number;
  readonly average: LinePoint[];
  readonly takeProfit: LinePoint[];
}

/** Adds (time, value) to a step line; a later value at the same bar time replaces the earlier one. */
function put(line: LinePoint[], time: number, value: number): void {
  const last = line.at(-1);
  if (last !== undefined && last[0] === time) last[1] = value;
  else line.push([time, value]);
}

/**
 * A DCA deal's lines, times snapped to bars of `groupMs`: its average after each buy fill
 * (exactly sum(price x amount) / sum(amount), drawn as a float) and each take-profit sell's price
 * from when it was placed, both held to the deal's close (or `endMs` while it still works).
 */
function dealLines(deal: Deal, groupMs: number, endMs: number): DealLines | null {
  const bar = (ms: number): number => (Math.floor(ms / groupMs) * groupMs) / 1000;
  const fills = deal.buyOrders.flatMap((o) => o.fills).sort((a, b) => a.timestamp - b.timestamp);
  if (fills.length === 0) return null;
  const average: LinePoint[] = [];
  let cost = ZERO;
  let amount = ZERO;
  for (const fill of fills) {
    cost = cost.plus(fill.price.times(fill.amount));
    amount = amount.plus(fill.amount);
    put(average, bar(fill.timestamp), cost.div(amount).toNumber());
  }
  const takeProfit: LinePoint[] = [];
  for (const sell of deal.sellOrders) if (orderLeg(sell.clientOrderId) === 's' && sell.price !== null) put(takeProfit, bar(sell.createdAt), sell.price.toNumber());
  const end = bar(deal.closedAt ?? endMs);
  for (const line of [average, takeProfit]) {
    const last = line.at(-1);
    if (last !== undefined && last[0] < end) line.push([end, last[1]]);
  }
  const start = Math.min(average[0]![0], takeProfit[0]?.[0] ?? Infinity);
  return { start, end: Math.max(average.at(-1)![0], takeProfit.at(-1)?.[0] ?? 0), average, takeProfit };
}

/**
 * The DCA deals' (those that placed a take profit from the average) lines of one pair, in lanes:
 * a deal joins the first lane whose last deal ended at least two bars before it starts, so the
 * gap point fits between them.
 */
export function dcaLanes(deals: readonly Deal[], groupMs: number, endMs: number): DcaLane[] {
  const barSeconds = groupMs / 1000;
  const lines = deals
    .filter((d) => d.takeProfitBasis !== null)
    .map((d) => dealLines(d, groupMs, endMs))
    .filter((l): l is DealLines => l !== null)
    .sort((a, b) => a.start - b.start);
  const lanes: { end: number; lane: DcaLane }[] = [];
  for (const deal of lines) {
    const open = lanes.find((l) => l.end + 2 * barSeconds <= deal.start);
    if (open === undefined) {
      lanes.push({ end: deal.end, lane: { average: [...deal.average], takeProfit: [...deal.takeProfit] } });
      continue;
    }
    open.lane.average.push([open.end + barSeconds, null], ...deal.average);
    open.lane.takeProfit.push([open.end + barSeconds, null], ...deal.takeProfit);
    open.end = deal.end;
  }
  return lanes.map((l) => l.lane);
}
