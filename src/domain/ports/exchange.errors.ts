import { DomainError } from '../shared/domain-error.js';

/** Exchange failures grouped by how the bot reacts. Adapters translate into these in one place. */
export abstract class ExchangeError extends DomainError {}

/** Network trouble, timeouts on reads, rate limits, maintenance: retry with backoff. */
export class TemporaryExchangeError extends ExchangeError {
  override readonly name = 'TemporaryExchangeError';
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message, 'EXCHANGE_TEMPORARY');
  }
}

/** The exchange refused this order (funds, size, symbol): do not retry; the deal records why. */
export class OrderRefusedError extends ExchangeError {
  override readonly name = 'OrderRefusedError';
  constructor(
    message: string,
    readonly reason: 'insufficient_funds' | 'invalid_order' | 'bad_symbol' | 'order_not_found',
  ) {
    super(message, 'ORDER_REFUSED');
  }
}

/** A create or cancel was sent and its answer lost: ask the exchange before anything else. */
export class OrderOutcomeUnknownError extends ExchangeError {
  override readonly name = 'OrderOutcomeUnknownError';
  constructor(message: string) {
    super(message, 'ORDER_OUTCOME_UNKNOWN');
  }
}

/** Authentication failures, bans: stop trading and ask a human. */
export class FatalExchangeError extends ExchangeError {
  override readonly name = 'FatalExchangeError';
  constructor(message: string) {
    super(message, 'EXCHANGE_FATAL');
  }
}

/** The exchange already has an order with this clientOrderId: it was placed; fetch it. */
export class DuplicateOrderError extends ExchangeError {
  override readonly name = 'DuplicateOrderError';
  constructor(
    message: string,
    readonly clientOrderId: string,
  ) {
    super(message, 'ORDER_DUPLICATE');
  }
}
