import type { PairRecord } from '../../domain/ports/repositories.port.js';

/** A pair a run starts with: from the config (its settings as given; `record` is what the database holds of it), or as the database keeps it. */
export type StartPair<S> = { readonly from: 'config'; readonly settings: S; readonly record: PairRecord | undefined } | { readonly from: 'database'; readonly record: PairRecord };

/**
 * The pairs a run trades (docs/api.md, "Pairs and pauses across restarts"): each config pair
 * unless the operator removed it, with the database's settings once the operator added or
 * changed it (source api); then the pairs the operator added that the config does not list, in
 * the database's order. A config-sourced pair no longer in the config is not traded. The one
 * rule behind a bot's start (src/main/stored-pairs.ts) and `dealbot pairs list` without a bot.
 */
export function startPairs<S extends { readonly symbol: string }>(records: readonly PairRecord[], config: readonly S[]): StartPair<S>[] {
  const bySymbol = new Map(records.map((record) => [record.pair.symbol, record]));
  const started: StartPair<S>[] = [];
  for (const settings of config) {
    const record = bySymbol.get(settings.symbol);
    if (record !== undefined && record.removedAt !== null) continue;
    started.push(record?.source === 'api' ? { from: 'database', record } : { from: 'config', settings, record });
  }
  const listed = new Set(config.map((p) => p.symbol));
  for (const record of records) if (record.source === 'api' && record.removedAt === null && !listed.has(record.pair.symbol)) started.push({ from: 'database', record });
  return started;
}
