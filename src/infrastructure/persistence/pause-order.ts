import type { PauseRecord } from '../../domain/ports/repositories.port.js';

/** How every pauses repository lists its pauses: the pause of all pairs first, then by pair. */
export function pauseOrder(a: PauseRecord, b: PauseRecord): number {
  if (a.symbol === b.symbol) return 0;
  if (a.symbol === null) return -1;
  if (b.symbol === null) return 1;
  return a.symbol < b.symbol ? -1 : 1;
}
