import { describe, expect, it } from 'vitest';
import { EXIT_REASONS, STOP_MOVED } from '../../../../src/domain/services/exits/exit-reason.js';

describe('exit reasons', () => {
  it('are the names the README and the stored deals use', () => {
    expect(EXIT_REASONS).toEqual({
      profitMarkup: 'profit_markup',
      takeProfit: 'take_profit',
      stopLoss: 'stop_loss',
      trailingStop: 'trailing_stop',
      timeExit: 'time_exit',
      panicSell: 'panic_sell',
      operatorClose: 'operator_close',
      closeAll: 'close_all',
      operatorPanicSell: 'operator_panic_sell',
      belowMinimum: 'below_minimum',
    });
    expect(STOP_MOVED).toBe('replaced: the stop moved');
  });
});
