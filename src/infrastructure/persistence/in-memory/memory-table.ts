/**
 * A keyed table with transactional overlays: a transaction writes into its own overlay and
 * merges into the base only on commit, so a failed unit of work leaves nothing behind.
 */
export class MemoryTable<V> {
  readonly #rows = new Map<string, V>();

  get(key: string): V | undefined {
    return this.#rows.get(key);
  }

  values(): IterableIterator<V> {
    return this.#rows.values();
  }

  set(key: string, value: V): void {
    this.#rows.set(key, value);
  }

  delete(key: string): void {
    this.#rows.delete(key);
  }

  overlay(): TableOverlay<V> {
    return new TableOverlay(this, this.#rows);
  }
}

/**
 * One transaction's writes to a table. Most transactions write a few rows (a deal and its
 * orders), so the writes are two short arrays searched from the end, not a Map per
 * transaction: a backtest makes thousands of transactions a second.
 */
export class TableOverlay<V> {
  readonly #keys: string[] = [];
  readonly #values: V[] = [];
  /** Index of each written key, made once a transaction writes many rows. */
  #index: Map<string, number> | null = null;

  constructor(
    readonly base: MemoryTable<V>,
    readonly baseRows: Map<string, V>,
  ) {}

  get(key: string): V | undefined {
    const at = this.#find(key);
    return at >= 0 ? this.#values[at] : this.baseRows.get(key);
  }

  set(key: string, value: V): void {
    const at = this.#find(key);
    if (at >= 0) {
      this.#values[at] = value;
      return;
    }
    this.#index?.set(key, this.#keys.length);
    this.#keys.push(key);
    this.#values.push(value);
    if (this.#index === null && this.#keys.length > MANY_WRITES) this.#index = new Map(this.#keys.map((k, i) => [k, i]));
  }

  *values(): IterableIterator<V> {
    if (this.#keys.length === 0) {
      yield* this.baseRows.values();
      return;
    }
    for (const [key, value] of this.baseRows) {
      const at = this.#find(key);
      yield at >= 0 ? (this.#values[at] as V) : value;
    }
    for (let i = 0; i < this.#keys.length; i += 1) if (!this.baseRows.has(this.#keys[i]!)) yield this.#values[i]!;
  }

  /** The rows this overlay wrote, in write order, taken out of it: a commit will not write them. */
  take(): V[] {
    const values = this.#values.slice();
    this.#keys.length = 0;
    this.#values.length = 0;
    this.#index = null;
    return values;
  }

  commit(): void {
    const keys = this.#keys;
    const values = this.#values;
    for (let i = 0; i < keys.length; i += 1) this.baseRows.set(keys[i]!, values[i]!);
    keys.length = 0;
    values.length = 0;
    this.#index = null;
  }

  #find(key: string): number {
    const index = this.#index;
    if (index !== null) return index.get(key) ?? -1;
    const keys = this.#keys;
    for (let i = keys.length - 1; i >= 0; i -= 1) if (keys[i] === key) return i;
    return -1;
  }
}

/** Past this many rows a transaction's writes are indexed. */
const MANY_WRITES = 16;
