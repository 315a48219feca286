import type { ColumnType, Generated } from 'kysely';

/**
 * The tables as Kysely sees them. Money is exact decimal text (TEXT in SQLite, NUMERIC read
 * as text in PostgreSQL); times are UTC milliseconds; candles are floats.
 */
export interface CurrencyPairsTable {
  symbol: string;
  base: string;
  quote: string;
  order_life_time: number;
  deal_quota: string;
  profit_markup: string;
  deal_count: number;
  /** Since 0007_pair_exits: the exit rules' settings, each null while its rule is off. */
  stop_loss: string | null;
  trailing_activation: string | null;
  trailing_distance: string | null;
  time_exit_hours: number | null;
  panic_drop: string | null;
  panic_window_minutes: number | null;
  panic_cooldown_minutes: number | null;
  /** The pair whose fall triggers the panic sell; null: the pair itself. */
  panic_reference: string | null;
  /** Since 0008_operator_state: 'config' (seeded from the config) or 'api' (set by the operator). */
  source: ColumnType<string, string | undefined, string>;
  /** Since 0008_operator_state: when the operator removed the pair; null while traded. */
  removed_at: number | null;
  /** Since 0012_dca: the pair's DCA settings as JSON (exact decimals as text); null without DCA. */
  dca: ColumnType<string | null, string | null | undefined, string | null>;
  /** Since 0015_pair_cooldown: minutes between a deal's end and the next deal; null: none. */
  cooldown_minutes: ColumnType<number | null, number | null | undefined, number | null>;
  /** Since 0014_bots: the bot the pair trades for; 'default' without `bots:`. */
  bot: ColumnType<string, string | undefined, string>;
}

/** Since 0008_operator_state: pauses of new deals; `pair` null for the pause of all pairs. */
export interface PausesTable {
  pair: string | null;
  until: number | null;
  reason: string;
  created_at: number;
}

/** Since 0007_pair_exits: a pair's take-profit ladder, `position` 0 the lowest profit. */
export interface TakeProfitTargetsTable {
  symbol: string;
  position: number;
  profit: string;
  share: string;
}

export interface DealsTable {
  id: string;
  symbol: string;
  status: string;
  created_at: number;
  closed_at: number | null;
  pnl: string | null;
  reason: string | null;
  /** Since 0003_exits: the trailing stop's highest price seen. */
  high_water_mark: string | null;
  /** Since 0004_recovered: 1 for a deal adopted from the exchange at start-up. */
  recovered: number;
  /** Since 0005_fee_currency: what was left unsold at the close. */
  dust: string | null;
  /** Since 0012_dca: a DCA deal's ended buys' filled amount its take profit was placed for. */
  take_profit_basis: ColumnType<string | null, string | null | undefined, string | null>;
  /** Since 0014_bots: the bot whose deal it is; 'default' without `bots:`. */
  bot: ColumnType<string, string | undefined, string>;
}

export interface OrdersTable {
  client_order_id: string;
  deal_id: string;
  /** 0 for the buy, then each sell attempt in order. */
  position: number;
  exchange_order_id: string | null;
  symbol: string;
  side: string;
  type: string;
  status: string;
  price: string | null;
  amount: string;
  /** Since 0003_exits: the stop price a sell carries. */
  stop_price: string | null;
  reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface FillsTable {
  client_order_id: string;
  trade_id: string;
  /** The fill's place in its order's list of fills. */
  position: number;
  price: string;
  amount: string;
  fee: string;
  /** Since 0005_fee_currency: the fee's currency; null means the pair's quote. */
  fee_currency: string | null;
  /** Since 0005_fee_currency: a third-currency fee's value in quote, where known. */
  fee_quote: string | null;
  traded_at: number;
}

export interface CandlesTable {
  symbol: string;
  timeframe: string;
  open_time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface OutboxTable {
  id: Generated<number>;
  type: string;
  /** The domain event as JSON text. */
  event: string;
  occurred_at: number;
  published: ColumnType<number, number | undefined, number>;
  published_at: number | null;
  /** Since 0011_event_delivery: the id consumers de-duplicate by; null on older rows. */
  event_id: string | null;
}

/** Since 0011_event_delivery: the last outbox id each event destination confirmed. */
export interface OutboxCursorsTable {
  destination: string;
  sequence: ColumnType<number, number, number>;
  updated_at: number;
}

/** Since 0009_api_requests: answers of operator requests by Idempotency-Key. */
export interface ApiRequestsTable {
  idempotency_key: string;
  method: string;
  path: string;
  body_sha256: string;
  status: number;
  /** The answer's body as JSON text. */
  response: string;
  created_at: number;
}

/** Since 0013_studies: optimisation studies, as `dealbot optimize --study` stores them. */
export interface StudiesTable {
  id: string;
  config_path: string;
  config_text: string;
  data_dir: string;
  sampler: string;
  seed: number;
  /** The objective as JSON. */
  objective: string;
  planned: number;
  created_at: number;
}

/** Since 0013_studies: a study's finished trials, one row per (study, index). */
export interface StudyTrialsTable {
  study_id: string;
  trial_index: number;
  /** The trial's parameter values as JSON. */
  trial_values: string;
  status: string;
  /** Null for -Infinity (no score). */
  score: number | null;
  reason: string | null;
  /** The backtest's figures as JSON; null for a failed trial. */
  figures: string | null;
}

export interface DealbotSchema {
  currency_pairs: CurrencyPairsTable;
  take_profit_targets: TakeProfitTargetsTable;
  pauses: PausesTable;
  deals: DealsTable;
  orders: OrdersTable;
  fills: FillsTable;
  candles: CandlesTable;
  outbox: OutboxTable;
  outbox_cursors: OutboxCursorsTable;
  api_requests: ApiRequestsTable;
  studies: StudiesTable;
  study_trials: StudyTrialsTable;
}
