import { CurrencyPair } from '../../../../src/domain/currency-pair/currency-pair.entity.js';
import type { DcaSettingsProps } from '../../../../src/domain/currency-pair/dca-settings.js';
import type { Deal } from '../../../../src/domain/deal/deal.entity.js';
import type { Order } from '../../../../src/domain/order/order.entity.js';
import { TradingService, type DealAction, type DealContext } from '../../../../src/domain/services/trading.service.js';
import { dec, type Decimal } from '../../../../src/domain/shared/decimal.js';
import type { MarketRules } from '../../../../src/domain/shared/market-rules.js';

/** Fees 0.1 %: a buy's in the base asset (Binance), a sell's in quote. */
export const DCA_MARKET: MarketRules = { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', amountStep: dec('0.00001'), priceStep: dec('0.01'), minAmount: dec('0.00001'), minCost: dec('1'), makerFee: dec('0.001'), takerFee: dec('0.001') };

/** Base 10, safety 20 x 2^(n-1), deviation 1 % with step scale 1.5 (-1 %, -2.5 %, -4.75 %), take profit 1.5 %: max budget 150. */
export const DCA: DcaSettingsProps = { baseOrder: '10', safetyOrder: '20', maxSafetyOrders: 3, maxActiveSafetyOrders: 1, deviation: '0.01', stepScale: '1.5', volumeScale: '2', takeProfit: '0.015' };

export function dcaPair(dca: Partial<DcaSettingsProps> = {}, dealQuota = '150'): CurrencyPair {
  return CurrencyPair.create({ symbol: 'BTC/USDT', orderLifeTime: 600, dealQuota, profitMarkup: '0.01', dealCount: 1, dca: { ...DCA, ...dca } });
}

/**
 * Drives one DCA deal through the domain as the application would: every action is sent
 * (accepted by the exchange), fills are applied, the cancels a deal waits for are made, and the
 * deal moved on after each.
 */
export class DcaDriver {
  readonly trading = new TradingService();
  readonly sent: Order[] = [];
  deal!: Deal;
  at = 60_000;
  #trade = 0;

  constructor(readonly pair: CurrencyPair, readonly market: MarketRules = DCA_MARKET) {}

  ctx(price: number | null = null): DealContext {
    return { pair: this.pair, market: this.market, at: this.at, prefix: 'dlb-', stops: false, price };
  }

  /** Opens the deal on a BULLISH signal at `price` and sends its base buy. */
  open(price: string, freeQuote = '1000'): Decimal {
    const decision = this.trading.openDealIfNeeded('BULLISH', this.pair, { openDeals: 0, freeQuote: dec(freeQuote), price: dec(price), market: this.market, at: this.at, dealId: '42', prefix: 'dlb-' });
    if (decision.kind !== 'open') throw new Error(decision.reason);
    this.deal = decision.deal;
    this.send([{ type: 'submit', order: this.deal.buyOrder }]);
    return decision.reserve;
  }

  send(actions: readonly DealAction[]): void {
    for (const { order } of actions) {
      order.accept(`e-${order.clientOrderId}`, this.at);
      this.sent.push(order);
    }
  }

  /** The order fills (all that remains, at its limit or at `price`), fee 0.1 %: in base for a buy, in quote for a sell. */
  fill(id: string, price?: string, amount?: string): void {
    const order = this.order(id);
    const size = amount === undefined ? order.remaining : dec(amount);
    const at = dec(price ?? (order.price as Decimal).toString());
    const fee = order.side === 'buy' ? size.times('0.001') : at.times(size).times('0.001');
    order.applyFill({ tradeId: `t${(this.#trade += 1)}`, price: at, amount: size, fee, feeCurrency: order.side === 'buy' ? 'BTC' : 'USDT', timestamp: this.at }, this.at);
  }

  /** Moves the deal on, then makes the cancels it waits for (moving it on after each), sending what it asks for. */
  step(price: number | null = null): void {
    this.send(this.trading.advance(this.deal, this.ctx(price)));
    for (const { order, reason } of this.trading.dueCancels(this.deal, this.pair)) {
      if (!order.isFinal) order.cancel(this.at, reason);
      this.send(this.trading.advance(this.deal, this.ctx(price)));
    }
  }

  order(id: string): Order {
    const order = this.deal.order(`dlb-42-${id}`);
    if (order === undefined) throw new Error(`no order ${id}`);
    return order;
  }

  /** The ids (leg and attempt) of the orders not yet final. */
  working(): string[] {
    return this.deal.orders.filter((o) => !o.isFinal).map((o) => o.clientOrderId.slice('dlb-42-'.length));
  }
}
