/** Why a deal was closed or began closing; recorded as the deal's reason. */
export const EXIT_REASONS = {
  /** The resting limit sell at profitMarkup filled. */
  profitMarkup: 'profit_markup',
  /** The configured take-profit targets filled. */
  takeProfit: 'take_profit',
  stopLoss: 'stop_loss',
  trailingStop: 'trailing_stop',
  timeExit: 'time_exit',
  /** A pair or its reference pair crashed. */
  panicSell: 'panic_sell',
  operatorClose: 'operator_close',
  closeAll: 'close_all',
  operatorPanicSell: 'operator_panic_sell',
  /** Nothing the buy brought could be sold: below the amount step or the market minimum. */
  belowMinimum: 'below_minimum',
} as const;

export type ExitReason = (typeof EXIT_REASONS)[keyof typeof EXIT_REASONS];

/** Reason given to the resting sells the bot cancels to move their stop (not a failed attempt). */
export const STOP_MOVED = 'replaced: the stop moved';
