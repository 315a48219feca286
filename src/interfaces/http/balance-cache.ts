import type { Balances, Exchange } from '../../domain/ports/exchange.port.js';

/**
 * The account's balances for readers of the API: asked of the exchange at most once per
 * `maxAgeMs`, and once for every reader that asks meanwhile. Live, each fetch is a REST call
 * with a weight in the exchange's rate limit: two hundred dashboards and scripts polling
 * `/status` must not become two hundred calls a second that starve (or get banned) the
 * trading loop's own calls. Trading never reads balances through here.
 */
export class BalanceCache {
  #value: Balances | null = null;
  #at = Number.NEGATIVE_INFINITY;
  #pending: Promise<Balances> | null = null;

  constructor(
    private readonly exchange: Pick<Exchange, 'fetchBalance'>,
    private readonly now: () => number = Date.now,
    readonly maxAgeMs = 2_000,
  ) {}

  /** The balances, at most `maxAgeMs` old; optionally only some currencies. */
  async get(currencies?: readonly string[]): Promise<Balances> {
    const all = this.#value !== null && this.now() - this.#at < this.maxAgeMs ? this.#value : await this.#fetch();
    if (currencies === undefined) return all;
    return Object.fromEntries(currencies.filter((c) => all[c] !== undefined).map((c) => [c, all[c]!]));
  }

  #fetch(): Promise<Balances> {
    this.#pending ??= this.exchange
      .fetchBalance()
      .then((balances) => {
        this.#value = balances;
        this.#at = this.now();
        return balances;
      })
      .finally(() => {
        this.#pending = null;
      });
    return this.#pending;
  }
}
