import type { Balance, Balances } from '../../../domain/ports/exchange.port.js';
import { copyDecimal, dec, ZERO, type Decimal, type DecimalInput } from '../../../domain/shared/decimal.js';

interface Account {
  total: Decimal;
  used: Decimal;
}


/**
 * Per-currency totals and reservations. free = total - used is never negative: only
 * reserve() lowers free, and it refuses to go below zero.
 */
export class BalanceLedger {
  readonly #accounts = new Map<string, Account>();

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

  reserve(currency: string, amount: Decimal): void {
    const account = this.#account(currency);
    if (account.total.minus(account.used).lt(amount)) {
      throw new Error(`ledger: cannot reserve ${amount.toString()} ${currency}, free is ${this.free(currency).toString()}`);
    }
    account.used = account.used.plus(amount);
  }

  release(currency: string, amount: Decimal): void {
    const account = this.#account(currency);
    if (account.used.lt(amount)) throw new Error(`ledger: cannot release ${amount.toString()} ${currency}, used is ${account.used.toString()}`);
    account.used = account.used.minus(amount);
  }

  /** Pays `paid` out of a reservation of `reserved` (paid <= reserved); the rest returns to free. */
  settle(currency: string, reserved: Decimal, paid: Decimal): void {
    if (paid.gt(reserved)) throw new Error(`ledger: payment ${paid.toString()} ${currency} exceeds its reservation ${reserved.toString()}`);
    this.release(currency, reserved);
    const account = this.#account(currency);
    account.total = account.total.minus(paid);
  }

  credit(currency: string, amount: Decimal): void {
    const account = this.#account(currency);
    account.total = account.total.plus(amount);
  }

  /** Totals and reservations as exact text, for saving a paper account. */
  exportAccounts(): Record<string, { total: string; used: string }> {
    return Object.fromEntries([...this.#accounts].map(([currency, a]) => [currency, { total: a.total.toString(), used: a.used.toString() }]));
  }

  /** Replaces every account with saved ones. */
  importAccounts(accounts: Readonly<Record<string, { readonly total: string; readonly used: string }>>): void {
    this.#accounts.clear();
    for (const [currency, a] of Object.entries(accounts)) this.#accounts.set(currency, { total: dec(a.total), used: dec(a.used) });
  }

  snapshot(): Balances {
    const result: Record<string, Balance> = {};
    for (const [currency, { total, used }] of this.#accounts) {
      result[currency] = Object.freeze({ free: total.minus(used), used: copyDecimal(used), total: copyDecimal(total) });
    }
    return Object.freeze(result);
  }

  #account(currency: string): Account {
    let account = this.#accounts.get(currency);
    if (account === undefined) {
      account = { total: ZERO, used: ZERO };
      this.#accounts.set(currency, account);
    }
    return account;
  }
}
