import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { ExchangeOrder, OrderRequest } from '../../../domain/ports/exchange.port.js';
import type { Candle } from '../../../domain/shared/candle.js';
import type { Book } from './paper-book.js';
import type { PaperAccountState } from './paper-account.state.js';
import { PaperExchange, type PaperExchangeOptions } from './paper.exchange.js';

/**
 * A paper exchange whose account outlives the bot, as a real exchange's does: every accepted
 * order, cancel and fill is written to a JSON file (write, fsync, rename) before the call
 * returns, and a restart loads it. So paper trading resumes where it stopped.
 */
export class DurablePaperExchange extends PaperExchange {
  constructor(
    options: PaperExchangeOptions,
    readonly file: string,
  ) {
    super(options);
    if (existsSync(file)) {
      let state: PaperAccountState;
      try {
        state = JSON.parse(readFileSync(file, 'utf8')) as PaperAccountState;
      } catch (error) {
        throw new Error(`${file}: the paper account file is not valid JSON (${(error as Error).message})`);
      }
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

  override onBookCandle(book: Book, candle: Candle): void {
    super.onBookCandle(book, candle);
    this.#save();
  }

  #save(): void {
    const temporary = `${this.file}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, JSON.stringify(this.exportState()));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, this.file);
  }
}
