/**
 * Reconciliation left orders only an operator can settle. In a file of its own so that the
 * CLI can recognise it without loading the loop (the CLI's start-up stays light).
 */
export class TradingBlockedError extends Error {
  override readonly name = 'TradingBlockedError';
}
