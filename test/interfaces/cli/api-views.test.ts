import { describe, expect, it } from 'vitest';
import { balancesTable, dealsTable, pairsTable, pauseText, statusText, type DealView } from '../../../src/interfaces/cli/api-views.js';

const T0 = Date.UTC(2024, 0, 1);
const deal = (over: Partial<DealView>): DealView => ({ id: 'd1', pair: 'ETH/USDT', bot: 'default', status: 'closed', createdAt: T0, closedAt: T0 + 3_600_000, bought: '0.1', averageBuy: '3000', sold: '0.1', pnl: '1.25', unrealisedPnl: null, dust: null, reason: 'profit_markup', ...over });

describe('the API\'s answers as tables', () => {
  it('a closed deal shows its PnL; a working one its unrealised PnL marked ~; no deals says so', () => {
    const table = dealsTable([deal({}), deal({ id: 'd2', bot: 'alts', status: 'open', closedAt: null, sold: '0', pnl: null, unrealisedPnl: '-0.5', reason: null })]);
    expect(table.split('\n')).toEqual([
      'deal  bot      pair      status  opened            closed            bought  avg buy  sold  dust  PnL    reason',
      '----  -------  --------  ------  ----------------  ----------------  ------  -------  ----  ----  -----  -------------',
      'd1    default  ETH/USDT  closed  2024-01-01 00:00  2024-01-01 01:00     0.1     3000   0.1     -  1.25   profit_markup',
      'd2    alts     ETH/USDT  open    2024-01-01 00:00  -                    0.1     3000     0     -  ~-0.5',
    ]);
    expect(dealsTable([])).toBe('no deals');
  });

  it('a pause: none, until resumed, until a time, with its reason', () => {
    expect(pauseText(null)).toBe('-');
    expect(pauseText({ pair: null, until: null, reason: 'news' })).toBe('until resumed (news)');
    expect(pauseText({ pair: 'ETH/USDT', until: T0 + 7_200_000, reason: '' })).toBe('until 2024-01-01 02:00');
  });

  it('pairs with their settings, pause and source', () => {
    const table = pairsTable([{ symbol: 'ETH/USDT', bot: 'alts', dealQuota: '300', profitMarkup: '0.005', dealCount: 2, orderLifeTime: 900, paused: { pair: 'ETH/USDT', until: null, reason: 'manual' }, workingDeals: 1, lastPrice: '3010.5', source: 'api' }]);
    expect(table.split('\n')[2]).toBe('ETH/USDT  alts         300   0.005      2           900        1      3010.5  until resumed (manual)  api');
  });

  it('balances', () => {
    expect(balancesTable([{ currency: 'USDT', free: '9500', used: '500', total: '10000' }]).split('\n')[2]).toBe('USDT      9500   500  10000');
  });

  it('status: one line, the blocks, and the pairs with RSI to 2 places and MACD to 6 digits', () => {
    const text = statusText({
      mode: 'paper', exchange: 'paper (simulated market)', timeframe: '1m', startedAt: T0, uptimeSeconds: 3725, ticks: 42, openDeals: 1, blocks: ['order dlb-x-b1 unknown'],
      pairs: [{ pair: 'BTC/USDT', lastCandle: { openTime: T0, close: '60000' }, indicators: { rsi: 16.156371628960894, histogram: -55.48724395761434 }, workingDeals: 1, paused: null }],
    });
    expect(text.split('\n')).toEqual([
      'paper mode, exchange paper (simulated market), 1m candles, up 1h 2m since 2024-01-01 00:00 UTC, 42 ticks, 1 open deals',
      'blocked: order dlb-x-b1 unknown',
      '',
      'pair      last candle       close    RSI  MACD hist  working  paused',
      '--------  ----------------  -----  -----  ---------  -------  ------',
      'BTC/USDT  2024-01-01 00:00  60000  16.16   -55.4872        1       -',
    ]);
  });
});
