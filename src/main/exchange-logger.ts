import { pino } from 'pino';
import type { ExchangeLogger } from '../infrastructure/exchange/ccxt/secret-redactor.js';

/** The exchange connector's log: JSON lines on stderr, at DEALBOT_LOG_LEVEL (default info). */
export function exchangeLogger(): ExchangeLogger {
  return pino({ level: process.env.DEALBOT_LOG_LEVEL ?? 'info', base: null }, process.stderr);
}
