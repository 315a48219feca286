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

  delete(key: string): void {
    this.#rows.delete(key);
  }

  overlay(): TableOverlay<V> {
    return new TableOverlay(this, this.#rows);
  }
}

export class TableOverlay<V> {
  readonly #writes = new Map<string, V>();

  constructor(
    readonly base: MemoryTable<V>,
    readonly baseRows: Map<string, V>,
  ) {}

  get(key: string): V | undefined {
    return this.#writes.has(key) ? this.#writes.get(key) : this.baseRows.get(key);
  }

  set(key: string, value: V): void {
    this.#writes.set(key, value);
  }

  *values(): IterableIterator<V> {
    for (const [key, value] of this.baseRows) yield this.#writes.has(key) ? (this.#writes.get(key) as V) : value;
    for (const [key, value] of this.#writes) if (!this.baseRows.has(key)) yield value;
  }

  /** The rows this overlay wrote, in write order. */
  written(): V[] {
    return [...this.#writes.values()];
  }

  commit(): void {
    for (const [key, value] of this.#writes) this.baseRows.set(key, value);
    this.#writes.clear();
  }
}
