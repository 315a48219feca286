/** One measured figure. `ratio` is `value / reference.value` when a reference is given. */
export interface BenchResult {
  suite: string;
  name: string;
  value: number;
  unit: string;
  reference?: { name: string; value: number };
  ratio?: number;
  note?: string;
}

/** What every `bench/*.bench.ts` module default-exports. */
export type BenchSuite = () => Promise<BenchResult[]>;
