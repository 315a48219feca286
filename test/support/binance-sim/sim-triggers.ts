import type { Decimal } from '../../../src/domain/shared/decimal.js';
import type { SimOrder, SimOrderType, SimSide } from './sim-orders.js';
import type { CandlePath, Crossing, PathPoint } from './sim-price-path.js';

/** Binance's stop order types: they wait for their stopPrice, then work as a limit or market order. */
export const STOP_TYPES: readonly SimOrderType[] = ['STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];

export const isStop = (type: SimOrderType): boolean => STOP_TYPES.includes(type);

/** The types that carry a limit price. */
export const isPriced = (type: SimOrderType): boolean => type === 'LIMIT' || type === 'LIMIT_MAKER' || type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT';

/**
 * Where the last price must go for a stop to trigger (rest-api.md, "Trigger order price rules"):
 * a SELL STOP_LOSS and a BUY TAKE_PROFIT when it falls to the stopPrice, a BUY STOP_LOSS and a
 * SELL TAKE_PROFIT when it rises to it.
 */
export function triggerCrossing(side: SimSide, type: SimOrderType): Crossing {
  const stopLoss = type === 'STOP_LOSS' || type === 'STOP_LOSS_LIMIT';
  return (side === 'SELL') === stopLoss ? 'atOrBelow' : 'atOrAbove';
}

/** Where the market must be for a resting limit to trade: a sell at or above its price, a buy at or below. */
export const fillCrossing = (side: SimSide): Crossing => (side === 'SELL' ? 'atOrAbove' : 'atOrBelow');

/** One change the candle makes to a resting order. */
export type SimMove =
  /** A stop reached its stopPrice: it starts working (on the book, or as a market order). */
  | { readonly kind: 'trigger'; readonly order: SimOrder; readonly at: PathPoint }
  | { readonly kind: 'fill'; readonly order: SimOrder; readonly at: PathPoint; readonly price: Decimal; readonly maker: boolean }
  /** The other leg of an OCO whose other leg was touched or triggered first. */
  | { readonly kind: 'expire'; readonly order: SimOrder; readonly at: PathPoint };

/** The moves of one order on this candle, in time order. */
function movesOf(order: SimOrder, path: CandlePath): SimMove[] {
  if (order.type === 'MARKET') return [{ kind: 'fill', order, at: path.start, price: path.start.price, maker: false }];
  if (order.workingTime !== -1) {
    const at = path.first(fillCrossing(order.side), order.price!);
    return at === null ? [] : [{ kind: 'fill', order, at, price: order.price!, maker: true }];
  }
  const triggered = path.first(triggerCrossing(order.side, order.type), order.stopPrice!);
  if (triggered === null) return [];
  const trigger: SimMove = { kind: 'trigger', order, at: triggered };
  if (order.price === null) return [trigger, { kind: 'fill', order, at: triggered, price: triggered.price, maker: false }];
  const filled = path.first(fillCrossing(order.side), order.price, triggered);
  if (filled === null) return [trigger];
  // marketable the moment it triggers: it takes liquidity; reached later, it rested on the book first
  return [trigger, { kind: 'fill', order, at: filled, price: order.price, maker: filled.time > triggered.time }];
}

/**
 * Every move the candle makes to `orders` (the resting orders of one market), in time order.
 * `partner` names the other leg of an OCO still executing: whichever leg acts first (is
 * touched, or triggers) wins, and the other expires at that moment.
 */
export function planMoves(path: CandlePath, orders: readonly SimOrder[], partner: (order: SimOrder) => SimOrder | null): SimMove[] {
  const moves: SimMove[] = [];
  const done = new Set<SimOrder>();
  for (const order of orders) {
    if (done.has(order)) continue;
    done.add(order);
    const other = partner(order);
    if (other === null || !orders.includes(other)) {
      moves.push(...movesOf(order, path));
      continue;
    }
    done.add(other);
    const [mine, theirs] = [movesOf(order, path), movesOf(other, path)];
    const first = (m: SimMove[]): number => m[0]?.at.time ?? Infinity;
    if (mine.length === 0 && theirs.length === 0) continue;
    const [winner, loser] = first(mine) <= first(theirs) ? [mine, other] : [theirs, order];
    const [head, ...rest] = winner as [SimMove, ...SimMove[]];
    moves.push(head, { kind: 'expire', order: loser, at: head.at }, ...rest);
  }
  // stable: moves at one moment keep the order above (order placement, an OCO's winner before its loser)
  return moves.map((move, index) => ({ move, index })).sort((a, b) => a.move.at.time - b.move.at.time || a.index - b.index).map((x) => x.move);
}
