import type { Balance, Balances } from '../../../domain/ports/exchange.port.js';
import { dec } from '../../../domain/shared/decimal.js';

/** One asset's amounts as the exchange wrote them: decimal text, never a float. */
export interface AssetAmounts {
  readonly free: string;
  readonly locked: string;
}

/**
 * The absolute amounts of some assets at the account's update time `updateTime`: a REST read
 * (all assets, Binance GET /api/v3/account) or an account event (the assets a change may have
 * moved, Binance outboundAccountPosition, `u`).
 */
export interface AccountPosition {
  readonly updateTime: number;
  readonly assets: ReadonlyMap<string, AssetAmounts>;
}

/** A REST balance read on its way: the stream connection it was sent on and the book's sequence then. */
export interface SnapshotTicket {
  readonly epoch: number;
  readonly seq: number;
}

/** An order request the bot sent over REST whose effect on balances the stream has not shown yet. */
interface Unreported {
  readonly kind: 'create' | 'cancel';
  /** The book's sequence when the exchange answered about the order (ack, refusal, fetchOrder); null while none did. */
  answeredAt: number | null;
}

/**
 * The account's balances from the user-data stream, and when they may be trusted. fetchBalance
 * answers from here only when no balance change can be missing from the book:
 * 1. the stream is subscribed (confirmed by the exchange), and the book was seeded by a REST read
 *    sent after that subscription, with no drop since: a drop or reconnect empties the book and
 *    balances come over REST until a read on the new connection seeds it again;
 * 2. every account event is applied on top of the REST read unless it is older than the read's
 *    `updateTime` (events are absolute amounts, so one already in the read changes nothing);
 * 3. every executionReport (and balanceUpdate) received is followed by an account event, or
 *    preceded the sending of the REST read that seeded the book: a change the exchange announced
 *    but whose balances have not arrived means REST;
 * 4. no order the bot created or cancelled over REST is unreported: from the moment the request
 *    is sent until the order's executionReport arrives (a cancel: a final one; then 3 applies),
 *    or a REST read sent after the exchange answered about it (acknowledged, refused, or read
 *    by fetchOrder) seeds the book.
 * Whenever one fails, the caller reads over REST at once: nothing here waits. 3 relies on the
 * exchange sending a change's account event after its executionReport, on the same connection.
 * Sequences (`seq`) order what this process saw: stream events, orders sent and answered, REST reads sent.
 */
export class BalanceBook {
  #epoch = 0;
  #subscribed = false;
  #seq = 0;
  #amounts: Map<string, AssetAmounts> | null = null;
  #updateTime = 0;
  /** The sequence at which the REST read that seeded the book was sent. */
  #seededAt = -1;
  #lastAccountAt = -1;
  #lastAnnouncedAt = -1;
  readonly #unreported = new Map<string, Unreported>();
  /** Account events received while REST reads are on their way: applied over whichever seeds the book. */
  readonly #recent: { readonly seq: number; readonly position: AccountPosition }[] = [];
  #readsInFlight = 0;

  /** A new stream connection is being made: everything known from the last one is void. */
  connecting(): void {
    this.#reset();
  }

  /** The exchange confirmed the user-data subscription: from now on every change is streamed. */
  subscribed(): void {
    this.#subscribed = true;
  }

  /** The stream dropped (or closed): REST until a new connection is subscribed and read. */
  dropped(): void {
    this.#reset();
  }

  /** An account event arrived. */
  account(position: AccountPosition): void {
    const seq = ++this.#seq;
    if (this.#readsInFlight > 0) this.#recent.push({ seq, position });
    if (this.#amounts !== null) this.#apply(seq, position);
  }

  /**
   * An executionReport (or another announced change: balanceUpdate) arrived; `clientOrderId` is
   * the order's the bot knows it by, `ended` whether the order is final.
   */
  announced(clientOrderId: string | null, ended: boolean): void {
    this.#lastAnnouncedAt = ++this.#seq;
    if (clientOrderId === null) return;
    const unreported = this.#unreported.get(clientOrderId);
    if (unreported !== undefined && (unreported.kind === 'create' || ended)) this.#unreported.delete(clientOrderId);
  }

  /** An order request is about to be sent over REST. */
  sending(clientOrderId: string, kind: 'create' | 'cancel'): void {
    this.#unreported.set(clientOrderId, { kind, answeredAt: null });
    this.#seq += 1;
  }

  /** The exchange answered about the order (acknowledged, refused, or a read of it): a later REST read shows its effect. */
  answered(clientOrderId: string): void {
    const unreported = this.#unreported.get(clientOrderId);
    if (unreported !== undefined && unreported.answeredAt === null) unreported.answeredAt = ++this.#seq;
  }

  /** A REST balance read is about to be sent; null when it cannot seed the book (no subscribed stream). */
  reading(): SnapshotTicket | null {
    if (!this.#subscribed) return null;
    this.#readsInFlight += 1;
    return { epoch: this.#epoch, seq: ++this.#seq };
  }

  /** The read's answer (null: it failed). It seeds the book unless the stream dropped (or reconnected) since it was sent. */
  read(ticket: SnapshotTicket, position: AccountPosition | null): void {
    if (ticket.epoch !== this.#epoch) return;
    this.#readsInFlight -= 1;
    if (position !== null) {
      this.#amounts = new Map(position.assets);
      this.#updateTime = position.updateTime;
      this.#seededAt = ticket.seq;
      for (const [clientOrderId, u] of this.#unreported) if (u.answeredAt !== null && u.answeredAt < ticket.seq) this.#unreported.delete(clientOrderId);
      for (const event of this.#recent) if (event.seq > ticket.seq) this.#apply(event.seq, event.position);
    }
    if (this.#readsInFlight === 0) this.#recent.length = 0;
  }

  /** The balances of `currencies` (all, when absent) when the stream vouches for them; null: read them over REST. */
  current(currencies?: readonly string[]): Balances | null {
    const amounts = this.#amounts;
    if (amounts === null || !this.#subscribed || this.#unreported.size > 0) return null;
    if (this.#lastAnnouncedAt >= Math.max(this.#lastAccountAt, this.#seededAt)) return null;
    const out: Record<string, Balance> = {};
    for (const currency of currencies ?? amounts.keys()) {
      const a = amounts.get(currency);
      if (a === undefined) continue;
      const free = dec(a.free);
      const used = dec(a.locked);
      out[currency] = Object.freeze({ free, used, total: free.plus(used) });
    }
    return Object.freeze(out);
  }

  /** An event older than the book changes nothing (the book holds its amounts or newer ones), yet reports the changes announced before it. */
  #apply(seq: number, position: AccountPosition): void {
    this.#lastAccountAt = seq;
    if (position.updateTime < this.#updateTime) return;
    for (const [asset, amounts] of position.assets) this.#amounts!.set(asset, amounts);
    this.#updateTime = position.updateTime;
  }

  #reset(): void {
    this.#epoch += 1;
    this.#subscribed = false;
    this.#amounts = null;
    this.#seededAt = -1;
    this.#lastAccountAt = -1;
    this.#recent.length = 0;
    this.#readsInFlight = 0;
  }
}
