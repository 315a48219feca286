/** Where the relay hands a price: the trading loop's onTicker in the composition. */
export type PriceSink = (symbol: string, price: number, at: number) => Promise<unknown>;

/**
 * Hands prices to a slow consumer one at a time, keeping only the newest price per symbol
 * while it works: a burst of messages for one symbol costs at most one check running and one
 * waiting, and what waits never exceeds one entry per symbol. Symbols take turns (a symbol
 * that ticks again goes to the back).
 */
export class LatestPriceRelay {
  readonly #waiting = new Map<string, { readonly price: number; readonly at: number }>();
  #draining = false;
  #idle: Promise<void> = Promise.resolve();
  /** Prices offered and prices handed on (the rest were replaced by newer ones). */
  offered = 0;
  handed = 0;

  constructor(
    private readonly sink: PriceSink,
    private readonly onError: (symbol: string, error: unknown) => void,
  ) {}

  offer(symbol: string, price: number, at: number): void {
    this.offered += 1;
    this.#waiting.delete(symbol);
    this.#waiting.set(symbol, { price, at });
    if (!this.#draining) this.#idle = this.#drain();
  }

  /** Resolves once every price offered so far has been handed on or replaced. */
  idle(): Promise<void> {
    return this.#idle;
  }

  /** Prices waiting for the consumer (at most one per symbol). */
  get waiting(): number {
    return this.#waiting.size;
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      for (let next = this.#first(); next !== undefined; next = this.#first()) {
        const [symbol, { price, at }] = next;
        this.#waiting.delete(symbol);
        this.handed += 1;
        try {
          await this.sink(symbol, price, at);
        } catch (error) {
          this.onError(symbol, error);
        }
      }
    } finally {
      // set in the same turn as the last look at #waiting: an offer after it starts a new drain
      this.#draining = false;
    }
  }

  #first(): [string, { readonly price: number; readonly at: number }] | undefined {
    return this.#waiting.entries().next().value;
  }
}
