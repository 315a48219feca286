import type { DealStatus } from '../deal/deal-status.js';
import type { OrderStatus } from '../order/order-status.js';
import type { Decimal } from '../shared/decimal.js';
import type { CurrencyPair } from '../currency-pair/currency-pair.entity.js';
import type { Deal } from '../deal/deal.entity.js';
import type { DomainEvent } from '../events.js';
import type { Order } from '../order/order.entity.js';
import type { Candle, Timeframe } from '../shared/candle.js';

/** Saving a deal saves its orders with it. */
export interface DealsRepository {
  save(deal: Deal): Promise<void>;
  getById(id: string): Promise<Deal | null>;
  /** Deals not yet closed or cancelled, oldest first; optionally of one pair. */
  getOpenDeals(symbol?: string): Promise<Deal[]>;
  /** Every deal, oldest first; optionally of one pair. */
  getAll(symbol?: string): Promise<Deal[]>;
  /** One page of deals, oldest first, read without loading the others: what the API and the dashboard list. */
  page(query: DealPageQuery): Promise<Deal[]>;
  /** Deals by pair and status with the PnL of the closed ones, without their orders: for metrics. */
  tally(): Promise<DealTally>;
  /** Per pair, when its latest deal ended (closed or cancelled), ms: what a pair's cooldown counts from. */
  lastEnded(): Promise<ReadonlyMap<string, number>>;
}

export interface DealPageQuery {
  readonly symbol?: string;
  /** Only the deals of this bot. */
  readonly bot?: string;
  readonly status?: DealStatus;
  /** createdAt from (inclusive) and to (exclusive), ms. */
  readonly from?: number;
  readonly to?: number;
  /** Only deals after this one in the order (createdAt, then id): a cursor. */
  readonly after?: { readonly createdAt: number; readonly id: string };
  readonly limit: number;
}

export interface DealTally {
  /** Deals per pair and status, with the summed PnL of the closed ones (null for other statuses). */
  readonly deals: readonly { readonly symbol: string; readonly status: DealStatus; readonly count: number; readonly pnl: Decimal | null }[];
  /** Orders per status. */
  readonly orders: readonly { readonly status: OrderStatus; readonly count: number }[];
}

export interface OrdersRepository {
  /** The order's deal must already be saved. */
  save(order: Order): Promise<void>;
  getById(clientOrderId: string): Promise<Order | null>;
  getAllByDeal(dealId: string): Promise<Order[]>;
  /** Orders not in a final status (new, open, partially_filled, unknown). */
  getNonFinal(): Promise<Order[]>;
}

/** Where a pair's settings came from: seeded from the config, or set by the operator (API, CLI). */
export type PairSource = 'config' | 'api';

/** A pair as the database keeps it, removed ones (tombstones) included. */
export interface PairRecord {
  readonly pair: CurrencyPair;
  readonly source: PairSource;
  /** When the operator removed it; null while it is traded. */
  readonly removedAt: number | null;
}

export interface PairsRepository {
  /** Inserts or replaces the pair (a removed pair is traded again); `source` is 'config' by default. */
  save(pair: CurrencyPair, source?: PairSource): Promise<void>;
  /** Marks the pair removed (a tombstone: it stays removed across restarts); nothing when unknown. */
  markRemoved(symbol: string, at: number): Promise<void>;
  /** The pair unless unknown or removed. */
  getBySymbol(symbol: string): Promise<CurrencyPair | null>;
  /** Pairs not removed, by symbol. */
  getAll(): Promise<CurrencyPair[]>;
  /** Every pair the database has seen, removed ones included, by symbol. */
  records(): Promise<PairRecord[]>;
}

/** A pause of new deals as stored: of one pair or (null) of all, until a time or (null) until resumed. */
export interface PauseRecord {
  readonly symbol: string | null;
  readonly until: number | null;
  readonly reason: string;
  readonly createdAt: number;
}

/** At most one pause per pair and one for all pairs. */
export interface PausesRepository {
  /** Replaces the pause of its pair (or the pause of all pairs). */
  save(pause: PauseRecord): Promise<void>;
  /** Deletes the pause of one pair, or with null the pause of all pairs (pairs' own pauses stay). */
  delete(symbol: string | null): Promise<void>;
  /** Deletes every pause. */
  clear(): Promise<void>;
  /** Every stored pause, the one of all pairs first, then by pair. */
  getAll(): Promise<PauseRecord[]>;
}

export interface CandlesRepository {
  /** Adds closed candles; a candle with an open time already stored replaces it. */
  append(symbol: string, timeframe: Timeframe, candles: readonly Candle[]): Promise<void>;
  /** The last `limit` candles, oldest first. */
  getLast(symbol: string, timeframe: Timeframe, limit: number): Promise<Candle[]>;
}

export interface OutboxEntry {
  readonly id: number;
  readonly event: DomainEvent;
}

export interface OutboxRepository {
  add(events: readonly DomainEvent[]): Promise<void>;
  /** Committed events not yet published, oldest first. */
  unpublished(limit: number): Promise<OutboxEntry[]>;
  markPublished(ids: readonly number[]): Promise<void>;
}

/** An operator request that carried an Idempotency-Key, and the answer it got. */
export interface ApiRequestRecord {
  readonly key: string;
  readonly method: string;
  readonly path: string;
  /** sha256 of the request body, hex. */
  readonly bodyHash: string;
  /** The answer's status; 0 while the call runs (written before it acts). */
  readonly status: number;
  /** The answer's body as JSON text ('' while the call runs). */
  readonly response: string;
  readonly createdAt: number;
}

/** Answers of requests by Idempotency-Key, so a repeat gets the first answer, across restarts. */
export interface ApiRequestsRepository {
  get(key: string): Promise<ApiRequestRecord | null>;
  /** Stores a new key's answer; a key already stored is left as it was. */
  add(record: ApiRequestRecord): Promise<void>;
  /** The answer of a key stored while its call ran (status 0). */
  finish(key: string, status: number, response: string): Promise<void>;
  /** Forgets a key whose call certainly did nothing (it may be used again). */
  remove(key: string): Promise<void>;
}

export interface Repositories {
  readonly deals: DealsRepository;
  readonly orders: OrdersRepository;
  readonly pairs: PairsRepository;
  readonly pauses: PausesRepository;
  readonly candles: CandlesRepository;
  readonly outbox: OutboxRepository;
  readonly apiRequests: ApiRequestsRepository;
}

/** Every state change and its events commit together, or not at all. */
export interface UnitOfWork {
  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Saves a deal with its orders and the events it produced (taken out of it), in one
   * transaction: what every trading use case does after each change. A store may do it
   * faster than a `run` would.
   */
  saveDeal(deal: Deal): Promise<void>;
  /** Saves several deals as `saveDeal` does, all in one transaction (one commit): a tick's new deals. */
  saveDeals(deals: readonly Deal[]): Promise<void>;
  /** Reads of committed state without taking the write lock: for reports, the API and the CLI. */
  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}
