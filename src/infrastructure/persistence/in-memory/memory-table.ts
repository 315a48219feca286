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
  /** Made on the first write: most transactions write to few tables. */
  #writes: Map<string, V> | null = null;

  constructor(
    readonly base: MemoryTable<V>,
    readonly baseRows: Map<string, V>,
  ) {}

  get(key: string): V | undefined {
    const writes = this.#writes;
    return writes !== null && writes.has(key) ? writes.get(key) : this.baseRows.get(key);
  }

  set(key: string, value: V): void {
    (this.#writes ??= new Map()).set(key, value);
  }

  *values(): IterableIterator<V> {
    const writes = this.#writes;
    if (writes === null) {
      yield* this.baseRows.values();
      return;
    }
    for (const [key, value] of this.baseRows) yield writes.has(key) ? (writes.get(key) as V) : value;
    for (const [key, value] of writes) if (!this.baseRows.has(key)) yield value;
  }

  /** The rows this overlay wrote, in write order. */
  written(): V[] {
    return this.#writes === null ? [] : [...this.#writes.values()];
  }

  commit(): void {
    const writes = this.#writes;
    if (writes === null) return;
    for (const [key, value] of writes) this.baseRows.set(key, value);
    this.#writes = null;
  }
}
