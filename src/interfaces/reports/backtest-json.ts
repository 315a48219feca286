import type { Deal } from '../../domain/deal/deal.entity.js';
import { dealToSnapshot } from '../../domain/deal/deal.snapshot.js';

/** Deals per chunk of the JSON report: a few hundred KB of text at a time. */
const CHUNK_DEALS = 64;

/**
 * `report` with `deals` (every deal, as its snapshot) added last, as JSON.stringify(..., null, 2)
 * writes it, byte for byte, but in chunks: each deal is turned into text only when its chunk
 * is written, so the whole report is never one string.
 */
export function* reportJsonChunks(report: Readonly<Record<string, unknown>>, deals: readonly Deal[]): Generator<string> {
  const head = JSON.stringify(report, null, 2);
  // the object's closing "\n}" comes after the deals
  const open = head === '{}' ? '{' : `${head.slice(0, -2)},`;
  if (deals.length === 0) {
    yield `${open}\n  "deals": []\n}`;
    return;
  }
  yield `${open}\n  "deals": [\n`;
  for (let from = 0; from < deals.length; from += CHUNK_DEALS) {
    const to = Math.min(deals.length, from + CHUNK_DEALS);
    const items: string[] = [];
    // a deal nested two levels deep: its lines indented by four more spaces
    for (let i = from; i < to; i += 1) items.push(`    ${JSON.stringify(dealToSnapshot(deals[i]!), null, 2).replaceAll('\n', '\n    ')}`);
    yield `${items.join(',\n')}${to < deals.length ? ',\n' : ''}`;
  }
  yield '\n  ]\n}';
}
