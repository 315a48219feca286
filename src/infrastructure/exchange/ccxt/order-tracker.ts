import type { ExchangeOrder, ExchangeOrderStatus } from '../../../domain/ports/exchange.port.js';

const FINAL: ReadonlySet<ExchangeOrderStatus> = new Set(['closed', 'canceled', 'expired', 'rejected']);

/** The latest views kept (~750 bytes each), for tests and monitoring; the oldest goes first. */
export const LAST_SEEN_LIMIT = 1_000;

/**
 * Which orders are the bot's, which of them are still working as far as the connector saw,
 * and the latest view of each: what the order stream filters on and re-reads after a drop.
 */
export class OrderTracker {
  /** clientOrderIds this connector sent or was asked about that the prefix does not already claim (a long run's own ids would only pile up here). */
  readonly #mine = new Set<string>();
  /** The bot's working (not final) orders as far as this connector saw: clientOrderId -> symbol. Re-read after every (re)subscription. */
  readonly #working = new Map<string, string>();
  readonly #lastSeen = new Map<string, ExchangeOrder>();

  /** The bot's clientOrderId prefix; undefined: every order counts. */
  constructor(private readonly clientOrderIdPrefix: string | undefined) {}

  /** An order about to be sent: the bot's and working. */
  sending(clientOrderId: string, symbol: string): void {
    this.#claim(clientOrderId);
    this.#working.set(clientOrderId, symbol);
  }

  /** Asked about: a working order of the bot until seen final, even when the read fails. */
  askedAbout(clientOrderId: string, symbol: string): void {
    this.#claim(clientOrderId);
    if (!this.#working.has(clientOrderId)) this.#working.set(clientOrderId, symbol);
  }

  /** How many ids and views the tracker holds (a long run's memory): the claimed ids, the working orders, the views. */
  get retained(): number {
    return this.#mine.size + this.#working.size + this.#lastSeen.size;
  }

  #claim(clientOrderId: string): void {
    const prefix = this.clientOrderIdPrefix;
    if (prefix === undefined || !clientOrderId.startsWith(prefix)) this.#mine.add(clientOrderId);
  }

  /** The exchange does not know the order: nothing left to watch. */
  unknownToExchange(clientOrderId: string): void {
    this.#working.delete(clientOrderId);
  }

  /** Notes what an answer says about the order; `track` false: an open order is not added to the working ones. */
  note(order: ExchangeOrder, track: boolean): void {
    this.#lastSeen.delete(order.clientOrderId);
    this.#lastSeen.set(order.clientOrderId, order);
    if (this.#lastSeen.size > LAST_SEEN_LIMIT) this.#lastSeen.delete(this.#lastSeen.keys().next().value!);
    if (FINAL.has(order.status)) this.#working.delete(order.clientOrderId);
    else if (track) this.#working.set(order.clientOrderId, order.symbol);
  }

  accepts(clientOrderId: string | undefined): boolean {
    if (clientOrderId === undefined || clientOrderId === '') return false;
    const prefix = this.clientOrderIdPrefix;
    return prefix === undefined || clientOrderId.startsWith(prefix) || this.#mine.has(clientOrderId) || this.#working.has(clientOrderId);
  }

  lastSeen(clientOrderId: string): ExchangeOrder | undefined {
    return this.#lastSeen.get(clientOrderId);
  }

  /** A copy: re-reading an order changes the working set. */
  working(): [clientOrderId: string, symbol: string][] {
    return [...this.#working];
  }

  workingSymbols(): string[] {
    return [...new Set(this.#working.values())];
  }
}
