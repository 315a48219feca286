import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { ExchangeOrder, OrderRequest } from '../../../domain/ports/exchange.port.js';
import type { LookAhead } from '../../../domain/ports/replay.port.js';
import type { Candle } from '../../../domain/shared/candle.js';
import { mayFill, type Book } from './paper-book.js';
import type { PaperAccountState } from './paper-account.state.js';
import { PaperExchange, type PaperExchangeOptions } from './paper.exchange.js';

/**
 * More state kept in the account file under `key`, written in the same write as the account
 * (so the two never disagree after a crash) and handed back, before the account loads, on a restart.
 */
export interface AccountFileSection {
  readonly key: string;
  save(): unknown;
  /** `saved`: what the file holds under `key` (undefined when it holds nothing there); throws to refuse the file. */
  load(saved: unknown): void;
}

/**
 * A paper exchange whose account outlives the bot, as a real exchange's does: every accepted
 * order, cancel and fill is written to a JSON file (write, fsync, rename) before the call
 * returns, and a restart loads it. So paper trading resumes where it stopped.
 */
export class DurablePaperExchange extends PaperExchange {
  readonly #section: AccountFileSection | undefined;

  constructor(
    options: PaperExchangeOptions,
    readonly file: string,
    section?: AccountFileSection,
  ) {
    super(options);
    this.#section = section;
    if (existsSync(file)) {
      let state: PaperAccountState;
      try {
        state = JSON.parse(readFileSync(file, 'utf8')) as PaperAccountState;
      } catch (error) {
        throw new Error(`${file}: the paper account file is not valid JSON (${(error as Error).message})`);
      }
      section?.load((state as unknown as Readonly<Record<string, unknown>>)[section.key]);
      this.importState(state);
    } else {
      this.#save();
    }
  }

  override async createOrder(request: OrderRequest): Promise<ExchangeOrder> {
    try {
      return await super.createOrder(request);
    } finally {
      this.#save();
    }
  }

  override async cancelOrder(symbol: string, clientOrderId: string): Promise<ExchangeOrder> {
    try {
      return await super.cancelOrder(symbol, clientOrderId);
    } finally {
      this.#save();
    }
  }

  /**
   * A candle that reaches no resting order changes only the last close (and a section's
   * position): written without forcing it to disk, which a killed process keeps anyway; the
   * fsync per candle cost a paper run on the simulated market half its time.
   */
  override onBookCandle(book: Book, candle: Candle, ahead?: LookAhead): void {
    const mayChange = book.resting.length > 0 && mayFill(book, candle, ahead);
    super.onBookCandle(book, candle, ahead);
    this.#save(mayChange);
  }

  #save(sync = true): void {
    const temporary = `${this.file}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      const section = this.#section;
      writeSync(fd, JSON.stringify(section === undefined ? this.exportState() : { ...this.exportState(), [section.key]: section.save() }));
      if (sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.file);
  }
}
