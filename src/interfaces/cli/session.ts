import type { TradingContext } from '../../application/shared/trading-context.js';
import type { TradingLoop } from '../../application/trading-loop/trading-loop.js';
import type { Deal } from '../../domain/deal/deal.entity.js';
import type { EventPublisher } from '../../domain/ports/event-publisher.port.js';
import type { DealbotConfig } from '../../infrastructure/config/config.schema.js';
import type { OpenDatabaseOptions, SqlDatabase } from '../../infrastructure/persistence/sql/index.js';
import type { ApiCredentials } from '../../infrastructure/config/credentials.js';
import type { ReconcileReport } from '../../application/reconcile-orders/reconcile-orders.use-case.js';
import type { ExchangeLogger } from '../../infrastructure/exchange/ccxt/secret-redactor.js';
import type { BacktestSetup } from '../../application/backtest/backtest-runner.js';
import type { TrialEvaluator } from '../../application/optimize/study.js';
import type { Objective, ParamValue, StudyRepository } from '../../domain/ports/studies.port.js';
import type { ReplayWindow } from '../../application/optimize/walk-forward.js';
import type { StrategyOver } from '../../application/check-bias/look-ahead.js';
import type { CandleColumns } from '../../infrastructure/market-data/candle-store/candle-columns.js';
import type { CandleSeries } from '../../infrastructure/market-data/candle-replay.market-feed.js';
import type { CandleStore } from '../../infrastructure/market-data/candle-store/candle-store.js';
import type { DecimalInput } from '../../domain/shared/decimal.js';
import type { DownloadCandles } from '../../application/download-candles/download-candles.use-case.js';
import type { ApiHub, ApiServerOptions } from '../http/api-hub.js';
import type { DestinationConfig } from '../../infrastructure/config/events.schema.js';
import type { EventDestination } from '../../infrastructure/events/event-destination.js';
import type { RelaySetup } from '../../infrastructure/events/event-relays.js';
import type { RelayStatus } from '../../infrastructure/events/destination-relay.js';

/** Starting balances and fees that replace the config's for one run. */
export interface PaperAccountOverrides {
  readonly balances?: Readonly<Record<string, DecimalInput>>;
  readonly makerFee?: DecimalInput;
  readonly takerFee?: DecimalInput;
}

/** A composed trading session, as the CLI drives it. */
export interface TradingSession {
  readonly loop: TradingLoop;
  readonly ctx: TradingContext;
  /** Where state is kept, credentials removed. */
  readonly database: string;
  /** Delivery of committed events to each destination (none when the run was given none). */
  readonly eventRelays?: { status(): RelayStatus[] };
  readDeals(): Promise<Deal[]>;
  close(): Promise<void>;
}

/** `data download` composed: one exchange's candles into the candle store. */
export interface DownloadSession {
  readonly exchangeId: string;
  readonly download: DownloadCandles;
  close(): Promise<void>;
}

/** Backtests of trial configs on worker threads sharing one copy of the candles (`dealbot optimize`). */
export interface TrialPool extends TrialEvaluator<DealbotConfig> {
  /** The same workers backtesting a sub-period of the candles only (walk-forward). */
  over(window: ReplayWindow): TrialEvaluator<DealbotConfig>;
  close(): Promise<void>;
}

/** A study's trials put on the BullMQ queue for `dealbot worker` processes (`dealbot optimize --queue`). */
export interface QueuedStudy {
  readonly studyId: string;
  readonly dataDir: string;
  readonly objective: Objective;
  /** The trial's config text (the study's text with its values set). */
  readonly configText: (values: Readonly<Record<string, ParamValue>>) => string;
  /** Trials on the queue at once. */
  readonly inFlight: number;
}

/** The queue, connected: trials go out through it, their results are read from the database. */
export interface TrialQueueHandle {
  evaluator(studies: StudyRepository, study: QueuedStudy): TrialEvaluator<DealbotConfig>;
  close(): Promise<void>;
}

export interface TrialWorkerSetup {
  readonly lockMs: number;
  readonly concurrency: number;
  readonly onStart?: (job: { readonly studyId: string; readonly index: number }) => void;
  readonly onError?: (job: { readonly studyId: string; readonly index: number }, error: unknown) => void;
}

/** What main.ts hands the CLI: the compositions, and the few adapters a command uses itself, chosen there. */
export interface CliDeps {
  /** `events`: destinations the session relays committed events to, and closes. */
  composePaperSession(config: DealbotConfig, publisher: EventPublisher, series?: Readonly<Record<string, CandleSeries>>, idTag?: string, events?: RelaySetup): Promise<TradingSession>;
  composeRealtimeSession(
    config: DealbotConfig,
    publisher: EventPublisher,
    options?: { credentials?: ApiCredentials; sandbox?: boolean; logger?: ExchangeLogger; onReconciled?: (report: ReconcileReport) => void; events?: RelaySetup },
  ): Promise<TradingSession>;
  /** The destinations of `events.destinations` (connected); without it a run relays to none. */
  eventDestinations?(config: DealbotConfig): Promise<EventDestination[]>;
  openDatabase(url: string, options?: OpenDatabaseOptions): Promise<SqlDatabase>;
  /** `replay.from`: the replay starts there; the candles before it warm the indicators up. */
  composeBacktest(config: DealbotConfig, series: Readonly<Record<string, CandleSeries>>, account?: PaperAccountOverrides, replay?: { readonly from?: number }): Promise<BacktestSetup>;
  /** `workers` threads (default: one per CPU) that backtest trial configs on these candles, copied once into shared memory. */
  startTrialPool(series: Readonly<Record<string, CandleColumns>>, workers?: number): Promise<TrialPool>;
  composeDownload(exchange: DealbotConfig['exchange'], dataDir: string): Promise<DownloadSession>;
  /** Where the exchange connector logs its requests, retries and errors (its library loads on the first call). */
  exchangeLogger(): Promise<ExchangeLogger>;
  /** The config's strategy as `dealbot check-bias` runs it over the candles it may see (the config's strategies read only the candles fed to them). */
  strategyOver(config: DealbotConfig): Promise<StrategyOver>;
  /** The stored candles in `dataDir` (`dealbot data import/download` fill it). */
  candleStore(dataDir: string): Promise<CandleStore>;
  /** The REST API over a run's session (src/main/api.ts; Fastify loads with it). */
  prepareApi(config: DealbotConfig, options: ApiServerOptions): Promise<ApiHub>;
  /** The destination one `events.destinations` entry configures (URLs and secrets from the environment), connected on its first send. */
  eventDestination(config: DestinationConfig): Promise<EventDestination>;
  /** The BullMQ queue at the Redis `url` (`dealbot optimize --queue`); unreachable: a one-line error. */
  openTrialQueue(url: string, name: string): Promise<TrialQueueHandle>;
  /** `dealbot worker`: once the queue answers, opens `studies`, then runs trial jobs from the queue, storing each trial there, until closed. */
  startTrialWorker(url: string, name: string, studies: () => Promise<StudyRepository>, setup: TrialWorkerSetup): Promise<{ close(): Promise<void> }>;
  readonly defaultConfigPath: string;
}
