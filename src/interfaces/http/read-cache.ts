/**
 * The last answer of each read, kept while nothing it shows can have changed: no domain event,
 * no tick, and at most `maxAgeMs` old (uptime, balances and timed pauses move on their own).
 * Two hundred readers polling the same pages then cost one handler run per change, not one
 * per request, and the event loop stays the trading loop's.
 */
export class ReadCache {
  readonly #answers = new Map<string, { readonly version: number; readonly at: number; readonly payload: string }>();

  constructor(
    private readonly version: () => number,
    private readonly now: () => number,
    readonly maxAgeMs = 1_000,
    readonly maxEntries = 500,
  ) {}

  /** The kept answer of `url`, if still current. */
  get(url: string): string | null {
    const kept = this.#answers.get(url);
    if (kept === undefined || kept.version !== this.version() || this.now() - kept.at >= this.maxAgeMs) return null;
    return kept.payload;
  }

  /** Keeps the answer of `url` as it was made at `version` (read when the request began). */
  set(url: string, version: number, payload: string): void {
    if (version !== this.version()) return; // something changed while it was made
    if (this.#answers.size >= this.maxEntries) this.#answers.clear();
    this.#answers.set(url, { version, at: this.now(), payload });
  }
}
