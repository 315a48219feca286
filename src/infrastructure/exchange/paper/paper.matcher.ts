import type { Candle } from '../../../domain/shared/candle.js';
import { dec, ONE, type Decimal } from '../../../domain/shared/decimal.js';
import type { BalanceLedger } from './balance.ledger.js';
import type { PaperOrder } from './paper-order.state.js';
import type { PaperFees } from './paper-fees.js';

/**
 * The paper exchange's matching rules for one resting order and one candle, and the
 * settlement of its fills in the ledger (DESIGN.md section 3, docs/trading-rules.md).
 */
export class PaperMatcher {
  readonly #ledger: BalanceLedger;
  readonly #fees: PaperFees;
  /** Thin liquidity, for tests: the next match of these orders fills only this much. */
  readonly #fillLimits = new Map<string, Decimal>();
  #filled: PaperOrder[] = [];

  constructor(ledger: BalanceLedger, fees: PaperFees) {
    this.#ledger = ledger;
    this.#fees = fees;
  }

  /** `amount` null forgets a limit. */
  limitNextFill(clientOrderId: string, amount: Decimal | null): void {
    if (amount === null) this.#fillLimits.delete(clientOrderId);
    else this.#fillLimits.set(clientOrderId, amount);
  }

  /** Orders filled (or partly filled) since the last call, each once; null when none. */
  takeFilled(): PaperOrder[] | null {
    if (this.#filled.length === 0) return null;
    const filled = this.#filled;
    this.#filled = [];
    return filled.length === 1 ? filled : [...new Set(filled)];
  }

  /** Fills what the candle reaches; true when the order is done (filled completely). */
  match(order: PaperOrder, candle: Candle): boolean {
    if (candle.low <= order.stop) {
      this.#fill(order, candle.open < order.stop ? dec(candle.open) : (order.stopPrice as Decimal), candle.openTime, true);
    } else if (order.type === 'market' && order.stopPrice === null) {
      this.#fill(order, dec(candle.open), candle.openTime, true);
    } else if (order.type === 'limit' && (order.side === 'buy' ? candle.low <= order.limit : candle.high >= order.limit)) {
      this.#fill(order, order.price as Decimal, candle.openTime, false);
    }
    return order.status === 'closed';
  }

  #fill(order: PaperOrder, price: Decimal, timestamp: number, taker: boolean): void {
    const { market } = order;
    const left = order.amount.minus(order.filled);
    const limit = this.#fillLimits.size === 0 ? undefined : this.#fillLimits.get(order.clientOrderId);
    const amount = limit !== undefined && limit.lt(left) ? limit : left;
    if (limit !== undefined) this.#fillLimits.delete(order.clientOrderId);
    const complete = amount.eq(left);
    const cost = price.times(amount);
    const fee = this.#fees.charge(order.side, market, cost, amount, taker ? market.takerFee : market.makerFee);
    if (order.side === 'buy') {
      const part = complete ? order.reserved : (order.price as Decimal).times(amount).times(ONE.plus(market.makerFee));
      this.#ledger.settle(market.quote, part, cost.plus(fee.fromQuote));
      order.reserved = order.reserved.minus(part);
      this.#ledger.credit(market.base, amount.minus(fee.fromBase));
    } else {
      this.#ledger.settle(market.base, amount, amount);
      order.reserved = order.reserved.minus(amount);
      this.#ledger.credit(market.quote, cost.minus(fee.fromQuote));
    }
    const id = `${order.exchangeOrderId}-${order.trades.length + 1}`;
    order.trades.push(Object.freeze(fee.currency === market.quote ? { id, price, amount, fee: fee.amount, timestamp } : { id, price, amount, fee: fee.amount, feeCurrency: fee.currency, feeQuote: fee.quoteValue, timestamp }));
    order.filled = order.filled.plus(amount);
    if (complete) order.status = 'closed';
    this.#filled.push(order);
  }
}
