import type { Decimal } from '../../src/domain/shared/exact-decimal.js';

/**
 * How a Decimal is held, seen through its public methods: [m, k] for m / 10^k (the short form,
 * with the fewest decimals), or ['big', text] when the value does not fit it.
 */
export function form(x: Decimal): [number, number] | ['big', string] {
  const k = x.decimals();
  const m = x.wholeAtScale(k);
  return Number.isNaN(m) ? ['big', x.toString()] : [m, k];
}
