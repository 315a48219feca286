import type { PairStrategy, Strategy } from '../services/strategy.js';

/** Several bots' strategies as one: each pair gets its bot's; a pair no bot names (added at runtime) gets `fallback`. */
export class BotStrategies implements Strategy {
  readonly name: string;
  readonly #bySymbol: ReadonlyMap<string, Strategy>;

  constructor(
    bySymbol: ReadonlyMap<string, Strategy>,
    private readonly fallback: Strategy,
  ) {
    this.#bySymbol = bySymbol;
    this.name = [...new Set([...bySymbol.values()].map((s) => s.name))].join('+');
  }

  forPair(symbol: string): PairStrategy {
    return (this.#bySymbol.get(symbol) ?? this.fallback).forPair(symbol);
  }
}
