import { CurrencyPair, type CurrencyPairProps } from '../../domain/currency-pair/currency-pair.entity.js';
import type { Deal } from '../../domain/deal/deal.entity.js';
import type { MarketFeed } from '../../domain/ports/market-feed.port.js';
import type { PairSource } from '../../domain/ports/repositories.port.js';
import type { Strategy } from '../../domain/services/strategy.js';
import { TIMEFRAME_MS, type Candle, type Timeframe } from '../../domain/shared/candle.js';
import { ValidationError } from '../../domain/shared/domain-error.js';
import type { TradedPair, TradingContext } from '../shared/trading-context.js';
import { attachPanicWatches, pairState, refreshPair, type PairState } from '../trading-loop/pair-state.js';
import { PairConflictError, PairNotFoundError } from './pair-errors.js';
import type { PairMarkets } from './pair-markets.js';

/** The loop's pairs: what the use cases read (`traded`, the context's `pairs`), and the loop's state of each once started. */
export interface PairTable {
  readonly traded: Map<string, TradedPair>;
  readonly sources: Map<string, PairSource>;
  /** In the order they were added; empty before the loop starts. */
  readonly states: PairState[];
  readonly bySymbol: Map<string, PairState>;
}

/** What a pair change needs from its loop. */
export interface PairChangeDeps {
  readonly ctx: TradingContext;
  readonly feed: MarketFeed;
  readonly strategy: Strategy;
  readonly markets: PairMarkets | undefined;
  readonly timeframe: Timeframe;
  readonly windowSize: number;
  readonly stops: boolean;
  /** Has the loop started (its pairs have states and the feed streams)? */
  readonly started: boolean;
  /** Told the history each pair warms up on (the API's charts start with it). */
  readonly onHistory?: ((symbol: string, history: readonly Candle[]) => void) | undefined;
}

/** A pair's state with its strategy warmed up on history (the feed's, unless given), as at the loop's start. */
export async function warmedState(deps: PairChangeDeps, traded: TradedPair, deals: Deal[], history?: readonly Candle[]): Promise<PairState> {
  const { symbol } = traded.pair;
  const state = pairState(traded, deps.strategy.forPair(symbol), deals);
  const candles = history ?? (await deps.feed.history(symbol, deps.timeframe, deps.windowSize));
  deps.onHistory?.(symbol, candles);
  for (const candle of candles) {
    state.strategy.onCandle(candle);
    state.last = candle;
  }
  state.price = state.last?.close ?? Number.NaN;
  refreshPair(state, deps.stops);
  return state;
}

/** Starts trading a new pair: checked, its market opened, its history read, stored (source 'api'), then traded. */
export async function addPair(table: PairTable, deps: PairChangeDeps, props: CurrencyPairProps): Promise<CurrencyPair> {
  const pair = CurrencyPair.create(props);
  const { symbol } = pair;
  if (table.traded.has(symbol)) throw new PairConflictError(symbol, `pair ${symbol} is already traded`);
  checkPanicReference(table, pair);
  if (deps.markets === undefined || (deps.started && deps.feed.watch === undefined)) throw new PairConflictError(symbol, `pairs cannot be added while this bot runs on this market`);
  const market = await deps.markets.marketFor(symbol);
  const traded: TradedPair = { pair, market };
  let history: readonly Candle[] | null = null;
  if (deps.started) {
    try {
      history = await deps.feed.watch!(symbol, deps.timeframe, deps.windowSize);
    } catch (error) {
      throw new ValidationError('symbol', (error as Error).message);
    }
  }
  let state: PairState | null = null;
  try {
    if (history !== null) {
      state = await warmedState(deps, traded, [], history);
      // a pair traded before keeps the cooldown after its last deal
      state.lastEndedAt = (await deps.ctx.uow.read((r) => r.deals.lastEnded())).get(symbol) ?? Number.NEGATIVE_INFINITY;
    }
    await deps.ctx.uow.run((r) => r.pairs.save(pair, 'api'));
  } catch (error) {
    if (deps.started) deps.feed.unwatch?.(symbol);
    throw error;
  }
  table.traded.set(symbol, traded);
  table.sources.set(symbol, 'api');
  if (state !== null) {
    table.states.push(state);
    table.bySymbol.set(symbol, state);
    attachPanicWatches(table.bySymbol, TIMEFRAME_MS[deps.timeframe], [pair]);
  }
  return pair;
}

/** New settings for a traded pair (all but its symbol), stored (source 'api'); its working deals see new exit rules at once. */
export async function updatePair(table: PairTable, deps: PairChangeDeps, symbol: string, changes: Partial<Omit<CurrencyPairProps, 'symbol'>>): Promise<CurrencyPair> {
  const current = table.traded.get(symbol);
  if (current === undefined) throw new PairNotFoundError(symbol);
  if ('symbol' in changes && (changes as { symbol?: unknown }).symbol !== symbol) throw new ValidationError('symbol', 'cannot be changed: remove the pair and add another');
  const pair = CurrencyPair.create({ ...current.pair.toProps(), ...changes, symbol });
  checkPanicReference(table, pair);
  await deps.ctx.uow.run((r) => r.pairs.save(pair, 'api'));
  const traded: TradedPair = { pair, market: current.market };
  table.traded.set(symbol, traded);
  table.sources.set(symbol, 'api');
  const state = table.bySymbol.get(symbol);
  if (state !== undefined) {
    state.traded = traded;
    refreshPair(state, deps.stops);
    for (const other of table.states) other.panics = other.panics.filter((w) => w.pair !== symbol);
    attachPanicWatches(table.bySymbol, TIMEFRAME_MS[deps.timeframe], [pair]);
  }
  return pair;
}

/** Stops trading a pair without working deals; stored as removed, so a restart does not trade it again. */
export async function removePair(table: PairTable, deps: PairChangeDeps, symbol: string): Promise<void> {
  if (!table.traded.has(symbol)) throw new PairNotFoundError(symbol);
  const working = table.bySymbol.get(symbol)?.deals.length ?? (await deps.ctx.uow.read((r) => r.deals.getOpenDeals(symbol))).length;
  if (working > 0) throw new PairConflictError(symbol, `pair ${symbol} has ${working} working deals: close or cancel them first`);
  for (const { pair } of table.traded.values()) {
    if (pair.symbol !== symbol && pair.exits.panicSell?.reference === symbol) throw new PairConflictError(symbol, `pair ${pair.symbol}'s panic sell follows ${symbol}: change that first`);
  }
  await deps.ctx.uow.run((r) => r.pairs.markRemoved(symbol, deps.ctx.clock.now()));
  deps.feed.unwatch?.(symbol);
  table.traded.delete(symbol);
  table.sources.delete(symbol);
  const state = table.bySymbol.get(symbol);
  if (state === undefined) return;
  table.bySymbol.delete(symbol);
  table.states.splice(table.states.indexOf(state), 1);
  for (const other of table.states) other.panics = other.panics.filter((w) => w.pair !== symbol);
}

/** A panic sell may follow another pair only while that pair is traded. */
function checkPanicReference(table: PairTable, pair: CurrencyPair): void {
  const reference = pair.exits.panicSell?.reference;
  if (reference === undefined || reference === null || reference === pair.symbol || table.traded.has(reference)) return;
  throw new ValidationError('exits.panicSell.reference', `${reference} is not a traded pair`);
}
