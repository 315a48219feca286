import type { Balance, Balances } from '../../../domain/ports/exchange.port.js';
import { dec, ZERO, type Decimal, type DecimalInput } from '../../../domain/shared/decimal.js';

/** Amounts are replaced on every change, never changed in place: a published balance may keep them. */
interface Account {
  total: Decimal;
  used: Decimal;
}

/**
 * One currency's balance as handed out: frozen, its amounts Decimals no one changes, so it
 * can be handed out again until the account changes. A class: its getters live on the
 * prototype, where an object literal would make three closures and a slow frozen object.
 */
class PublishedBalance implements Balance {
  readonly #total: Decimal;
  readonly #used: Decimal;

  constructor({ total, used }: Account) {
    this.#total = total;
    this.#used = used;
    Object.freeze(this);
  }

  get free(): Decimal {
    return this.#total.minus(this.#used);
  }

  get used(): Decimal {
    return this.#used;
  }

  get total(): Decimal {
    return this.#total;
  }

  toJSON(): { free: Decimal; used: Decimal; total: Decimal } {
    return { free: this.free, used: this.used, total: this.total };
  }
}

function publish(account: Account): Balance {
  return new PublishedBalance(account);
}

/**
 * Per-currency totals and reservations. free = total - used is never negative: only
 * reserve() lowers free, and it refuses to go below zero.
 */
export class BalanceLedger {
  readonly #accounts = new Map<string, Account>();
  /** The last snapshot; the next one copies it and builds anew only the currencies changed since. */
  #snapshot: Balances | null = null;
  /** Currencies changed since the last snapshot; null: build every one (a currency was added or replaced). */
  #changed: Set<string> | null = null;

  constructor(initial: Readonly<Record<string, DecimalInput>>) {
    for (const [currency, value] of Object.entries(initial)) {
      const total = dec(value);
      if (total.lt(0)) throw new RangeError(`initial balance of ${currency} must be >= 0, got ${total.toString()}`);
      this.#accounts.set(currency, { total, used: ZERO });
    }
  }

  free(currency: string): Decimal {
    const account = this.#accounts.get(currency);
    return account === undefined ? ZERO : account.total.minus(account.used);
  }

  /** Reserves `amount` when the free balance covers it (null); otherwise changes nothing and returns the free balance. */
  tryReserve(currency: string, amount: Decimal): Decimal | null {
    const existing = this.#accounts.get(currency);
    const free = existing === undefined ? ZERO : existing.total.minus(existing.used);
    if (free.lt(amount)) return free;
    const account = existing ?? this.#account(currency);
    account.used = account.used.plus(amount);
    this.#touch(currency);
    return null;
  }

  /** tryReserve, throwing when the free balance does not cover `amount`. */
  reserve(currency: string, amount: Decimal): void {
    const free = this.tryReserve(currency, amount);
    if (free !== null) throw new Error(`ledger: cannot reserve ${amount.toString()} ${currency}, free is ${free.toString()}`);
  }

  release(currency: string, amount: Decimal): void {
    const account = this.#account(currency);
    if (account.used.lt(amount)) throw new Error(`ledger: cannot release ${amount.toString()} ${currency}, used is ${account.used.toString()}`);
    account.used = account.used.minus(amount);
    this.#touch(currency);
  }

  /** Pays `paid` out of a reservation of `reserved` (paid <= reserved); the rest returns to free. */
  settle(currency: string, reserved: Decimal, paid: Decimal): void {
    if (paid.gt(reserved)) throw new Error(`ledger: payment ${paid.toString()} ${currency} exceeds its reservation ${reserved.toString()}`);
    this.release(currency, reserved);
    const account = this.#account(currency);
    account.total = account.total.minus(paid);
    this.#touch(currency);
  }

  credit(currency: string, amount: Decimal): void {
    const account = this.#account(currency);
    account.total = account.total.plus(amount);
    this.#touch(currency);
  }

  /** Totals and reservations as exact text, for saving a paper account. */
  exportAccounts(): Record<string, { total: string; used: string }> {
    return Object.fromEntries([...this.#accounts].map(([currency, a]) => [currency, { total: a.total.toString(), used: a.used.toString() }]));
  }

  /** Replaces every account with saved ones. */
  importAccounts(accounts: Readonly<Record<string, { readonly total: string; readonly used: string }>>): void {
    this.#accounts.clear();
    this.#changed = null;
    for (const [currency, a] of Object.entries(accounts)) this.#accounts.set(currency, { total: dec(a.total), used: dec(a.used) });
  }

  /** The balances of `currencies` only (those the ledger has): no copy of the whole account. */
  some(currencies: readonly string[]): Balances {
    const result: Record<string, Balance> = {};
    for (const currency of currencies) {
      const account = this.#accounts.get(currency);
      if (account !== undefined) result[currency] = publish(account);
    }
    return Object.freeze(result);
  }

  /**
   * Every account, frozen. Unchanged since the last one: the same object. Otherwise a copy of
   * the last one (the same currencies in the same order) with the changed currencies built anew.
   */
  snapshot(): Balances {
    const last = this.#snapshot;
    const changed = this.#changed;
    if (last !== null && changed !== null && changed.size === 0) return last;
    let result: Record<string, Balance>;
    if (last === null || changed === null) {
      result = {};
      for (const [currency, account] of this.#accounts) result[currency] = publish(account);
    } else {
      result = { ...last };
      for (const currency of changed) result[currency] = publish(this.#accounts.get(currency) as Account);
    }
    this.#snapshot = Object.freeze(result);
    if (changed === null) this.#changed = new Set();
    else changed.clear();
    return this.#snapshot;
  }

  #touch(currency: string): void {
    this.#changed?.add(currency);
  }

  #account(currency: string): Account {
    let account = this.#accounts.get(currency);
    if (account === undefined) {
      account = { total: ZERO, used: ZERO };
      this.#accounts.set(currency, account);
      this.#changed = null;
    }
    return account;
  }
}
