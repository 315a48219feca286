/**
 * Timing inside the bot process of the latency benchmark, on its monotonic clock
 * (performance.now): when the closing kline of a tick arrived, when each create-order request
 * of a buy left (undici's `undici:client:sendHeaders`: the request's head is written to the
 * socket next), and how long the tick's write-ahead commit took.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { LoopWatch } from '../../src/application/trading-loop/trading-loop.js';
import type { Deal } from '../../src/domain/deal/deal.entity.js';
import type { Repositories, UnitOfWork } from '../../src/domain/ports/repositories.port.js';
import type { CcxtClient } from '../../src/infrastructure/exchange/ccxt/ccxt-client.js';

/** What one tick measured, in ms. */
export interface TickTiming {
  /** Per buy request: from the arrival of the kline that closed the tick to the request leaving. */
  readonly buys: number[];
  /** From that arrival to the tick handed to the loop (the feed assembling the tick). */
  readonly assembled: number;
  /** From that arrival to the balance read (GET /api/v3/account) leaving and to its answer: what the entries wait on before the commit. */
  readonly balance: readonly [number, number] | null;
  /** The write-ahead transaction of the tick (its commit's fsync included); null when the tick stored nothing before sending. */
  readonly commit: number | null;
  /** All of `saveDeals`: the transaction, then the outbox relay's publishing after it. */
  readonly save: number | null;
}

interface SentRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

const isBuyOrder = (request: SentRequest): boolean =>
  request.method === 'POST' && request.path.startsWith('/api/v3/order') && !request.path.startsWith('/api/v3/orderList') && /(^|[?&])side=BUY(&|$)/.test(`${request.path.split('?')[1] ?? ''}&${bodyText(request.body)}`);

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  return '';
}

const isKline = (message: unknown): boolean => {
  const m = message as { e?: unknown; data?: { e?: unknown } } | null;
  return m?.e === 'kline' || m?.data?.e === 'kline';
};

export class InBotTiming {
  #lastKlineAt = Number.NaN;
  #tickAt = Number.NaN;
  #buys: number[] = [];
  #assembled = Number.NaN;
  #balanceSent = Number.NaN;
  #balance: [number, number] | null = null;
  #commit: number | null = null;
  #save: number | null = null;
  #saving = false;

  constructor() {
    subscribe('undici:client:sendHeaders', (message) => {
      const { request } = message as { request: SentRequest };
      if (isBuyOrder(request)) this.#buys.push(performance.now() - this.#tickAt);
      else if (request.method === 'GET' && request.path.startsWith('/api/v3/account')) this.#balanceSent = performance.now() - this.#tickAt;
    });
    subscribe('undici:request:headers', (message) => {
      const { request } = message as { request: SentRequest };
      if (request.method === 'GET' && request.path.startsWith('/api/v3/account')) this.#balance = [this.#balanceSent, performance.now() - this.#tickAt];
    });
  }

  /** Notes the arrival of every kline message on the feed's websocket client (before its first subscription). */
  watchKlines(client: CcxtClient): void {
    const handle = client.handleMessage.bind(client);
    client.handleMessage = (ws: unknown, message: unknown): unknown => {
      if (isKline(message)) this.#lastKlineAt = performance.now();
      return handle(ws as never, message as never);
    };
  }

  /** The loop's watch, with the tick's closing kline noted on its arrival (the last kline before the tick was complete). */
  loopWatch(inner: LoopWatch | undefined): LoopWatch {
    return {
      started: () => inner?.started?.(),
      warmedUp: (symbol, history) => inner?.warmedUp?.(symbol, history),
      arrived: (tick) => {
        this.#tickAt = this.#lastKlineAt;
        this.#assembled = performance.now() - this.#tickAt;
        this.#buys = [];
        this.#balance = null;
        this.#commit = null;
        this.#save = null;
        inner?.arrived?.(tick);
      },
    };
  }

  /** `store` with its transactions timed while `saveDeals` runs on `outer`. */
  timedStore<U extends UnitOfWork>(store: U): U {
    const run = store.run.bind(store);
    store.run = async <T>(work: (repos: Repositories) => Promise<T>): Promise<T> => {
      if (!this.#saving || this.#commit !== null) return run(work); // the first transaction of a save is its write-ahead commit; the relay's follow

      const started = performance.now();
      try {
        return await run(work);
      } finally {
        this.#commit = performance.now() - started;
      }
    };
    return store;
  }

  /** `outer` with its `saveDeals` (the tick's write-ahead commit) timed. */
  timedSaves<U extends UnitOfWork>(outer: U): U {
    const saveDeals = outer.saveDeals.bind(outer);
    outer.saveDeals = async (deals: readonly Deal[]): Promise<void> => {
      const started = performance.now();
      this.#commit = null;
      this.#saving = true;
      try {
        await saveDeals(deals);
      } finally {
        this.#saving = false;
        this.#save = performance.now() - started;
      }
    };
    return outer;
  }

  /** What the tick that just ended measured. */
  take(): TickTiming {
    return { buys: this.#buys, assembled: this.#assembled, balance: this.#balance, commit: this.#commit, save: this.#save };
  }
}
