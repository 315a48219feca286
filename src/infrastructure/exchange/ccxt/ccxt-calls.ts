import type { ExchangeCapabilities } from './capabilities.js';
import { translateError, type Operation } from './ccxt-errors.js';
import { retryRead, type RetryPolicy } from './read-retry.js';
import type { ExchangeLogger, SecretRedactor } from './secret-redactor.js';

export interface CcxtCallsOptions {
  readonly exchangeId: string;
  readonly capabilities: ExchangeCapabilities;
  readonly redactor: SecretRedactor;
  readonly log: ExchangeLogger;
  readonly retry: RetryPolicy;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Where every ccxt call's failure becomes one of the domain's error kinds, without credentials,
 * and is logged once. Reads are retried on temporary trouble; creates and cancels never are.
 */
export class CcxtCalls {
  constructor(private readonly options: CcxtCallsOptions) {}

  read<T>(label: string, call: () => Promise<T>): Promise<T> {
    const attempt = async (): Promise<T> => {
      try {
        return await call();
      } catch (error) {
        throw this.fail(error, 'read', label);
      }
    };
    const { retry, sleep, log } = this.options;
    return retryRead(label, attempt, { policy: retry, sleep, log });
  }

  fail(error: unknown, operation: Operation, action: string, clientOrderId?: string): Error {
    const { exchangeId, capabilities, redactor, log } = this.options;
    const translated = translateError(error, { exchangeId, operation, action, clientOrderId, capabilities, redactor });
    const level = operation === 'read' ? 'debug' : 'warn';
    log[level]({ action, error: translated.name, message: translated.message }, 'exchange call failed');
    return translated;
  }
}
