import {
  DuplicateOrderError,
  ExchangeError,
  FatalExchangeError,
  OrderOutcomeUnknownError,
  OrderRefusedError,
  TemporaryExchangeError,
} from '../../../domain/ports/exchange.errors.js';
import type { ExchangeCapabilities } from './capabilities.js';
import { httpDetailsOf } from './ccxt-client.js';
import { ccxtErrors } from './ccxt-loader.js';
import type { SecretRedactor } from './secret-redactor.js';

const {
  AuthenticationError,
  BadRequest,
  BadSymbol,
  BaseError,
  DDoSProtection,
  DuplicateOrderId,
  InsufficientFunds,
  InvalidOrder,
  NetworkError,
  NotSupported,
  OperationFailed,
  OrderNotFound,
  RateLimitExceeded,
  ArgumentsRequired,
} = ccxtErrors;

/** A read may be retried; a create or cancel may have taken effect even when no answer came. */
export type Operation = 'read' | 'create' | 'cancel';

export interface TranslationContext {
  readonly exchangeId: string;
  readonly operation: Operation;
  /** What was being done, e.g. "createOrder BTC/USDT dlb-42-b1"; goes into the message. */
  readonly action: string;
  readonly clientOrderId?: string;
  readonly capabilities: ExchangeCapabilities;
  readonly redactor: SecretRedactor;
}

/**
 * THE place where ccxt's errors become the domain's (exchange.errors.ts). Messages are
 * stripped of credentials and URL query strings. The order of the checks matters: ccxt's
 * classes nest (OrderNotFound and DuplicateOrderId are InvalidOrders, DDoSProtection and
 * RequestTimeout are NetworkErrors, PermissionDenied is an AuthenticationError).
 */
export function translateError(error: unknown, ctx: TranslationContext): ExchangeError {
  if (error instanceof ExchangeError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const message = `${ctx.exchangeId} ${ctx.action}: ${ctx.redactor.text(raw)}`;
  const http = httpDetailsOf(error);
  const retryAfterMs = http?.retryAfterMs ?? null;
  const writing = ctx.operation !== 'read';

  if (http !== undefined && ctx.capabilities.banStatuses.includes(http.status)) return new FatalExchangeError(`${message} (HTTP ${http.status}: banned)`);
  if (error instanceof AuthenticationError) return new FatalExchangeError(message); // incl. PermissionDenied, AccountSuspended
  if (ctx.operation === 'create' && isDuplicate(error, raw, ctx.capabilities)) return new DuplicateOrderError(message, ctx.clientOrderId ?? '');
  if (error instanceof InsufficientFunds) return new OrderRefusedError(message, 'insufficient_funds');
  if (error instanceof OrderNotFound) return new OrderRefusedError(message, 'order_not_found');
  if (error instanceof BadSymbol) return new OrderRefusedError(message, 'bad_symbol');
  if (error instanceof InvalidOrder) return new OrderRefusedError(message, 'invalid_order');
  // 429 / rate limits: the exchange refused before doing anything, so even a create was not placed.
  if (error instanceof RateLimitExceeded || (error instanceof DDoSProtection && http?.status === 429)) return new TemporaryExchangeError(message, retryAfterMs);
  if (error instanceof NetworkError || error instanceof OperationFailed) {
    // Timeouts, resets, 5xx: a write may have been applied; only the exchange can tell.
    return writing ? new OrderOutcomeUnknownError(message) : new TemporaryExchangeError(message, retryAfterMs);
  }
  if (error instanceof NotSupported || error instanceof ArgumentsRequired) return new FatalExchangeError(message);
  if (error instanceof BadRequest) return ctx.operation === 'create' ? new OrderRefusedError(message, 'invalid_order') : new FatalExchangeError(message);
  if (error instanceof BaseError) {
    // The exchange answered with an error of its own: a refusal for a write, possibly passing for a read.
    return writing ? new OrderRefusedError(message, 'invalid_order') : new TemporaryExchangeError(message, retryAfterMs);
  }
  // Not from ccxt at all (a bug or the runtime): for a write we cannot know what was sent.
  return writing ? new OrderOutcomeUnknownError(message) : new TemporaryExchangeError(message);
}

function isDuplicate(error: unknown, message: string, capabilities: ExchangeCapabilities): boolean {
  if (error instanceof DuplicateOrderId) return true;
  return error instanceof BaseError && capabilities.duplicateOrderMessages.some((m) => message.includes(m));
}
