import type { Order } from 'ccxt';
import { describe, expect, it } from 'vitest';
import { OrderRefusedError } from '../../../../src/domain/ports/exchange.errors.js';
import type { ExchangeOrder, ExchangeOrderStatus } from '../../../../src/domain/ports/exchange.port.js';
import { dec, ZERO } from '../../../../src/domain/shared/decimal.js';
import { legClientIds, listIdOfLeg, listOrder, ocoSellParams, parseOrderList, type ListLeg } from '../../../../src/infrastructure/exchange/ccxt/oco-lists.js';

/** The Binance list protocol's pure parts: params, leg ids, and the list as one order (the states the local server cannot reach: partial fills). */

const LIST = 'dlb-abc12340001-s1';

const sell = (clientOrderId = LIST) => ({ clientOrderId, symbol: 'BTC/USDT', side: 'sell' as const, type: 'limit' as const, amount: dec('0.00858'), price: dec('64020'), stopPrice: dec('57036') });

function leg(type: 'LIMIT_MAKER' | 'STOP_LOSS' | 'STOP_LOSS_LIMIT', status: ExchangeOrderStatus, filled = '0', price = '64020'): ListLeg {
  const f = dec(filled);
  const trades = f.eq(0) ? [] : [{ id: `${type}-1`, price: dec(price), amount: f, fee: dec(price).times(f).times('0.001'), timestamp: 1 }];
  const order: ExchangeOrder = { exchangeOrderId: type, clientOrderId: `${LIST}.${type === 'LIMIT_MAKER' ? 'tp' : 'sl'}`, symbol: 'BTC/USDT', side: 'sell', type: type === 'STOP_LOSS' ? 'market' : 'limit', price: type === 'STOP_LOSS' ? null : dec(price), amount: dec('0.00858'), status, filled: f, cost: dec(price).times(f), fee: trades[0]?.fee ?? ZERO, trades, timestamp: 5 };
  return { raw: { info: { type, stopPrice: type === 'LIMIT_MAKER' ? '0.00000000' : '57036.00000000' } } as unknown as Order, order };
}

const view = { orderListId: 7, listClientOrderId: LIST, symbol: 'BTCUSDT', listOrderStatus: 'EXECUTING', transactionTime: 3, legs: [] };

describe('OCO list protocol', () => {
  it('sells LIMIT_MAKER above at the price and STOP_LOSS below at the stop, legs named after the list', () => {
    expect(ocoSellParams(sell(), 'BTCUSDT')).toEqual({
      symbol: 'BTCUSDT',
      side: 'SELL',
      quantity: '0.00858',
      listClientOrderId: LIST,
      aboveType: 'LIMIT_MAKER',
      abovePrice: '64020',
      aboveClientOrderId: `${LIST}.tp`,
      belowType: 'STOP_LOSS',
      belowStopPrice: '57036',
      belowClientOrderId: `${LIST}.sl`,
      newOrderRespType: 'RESULT',
    });
    expect(ocoSellParams({ ...sell(), amount: dec('0.0000001') }, 'BTCUSDT')['quantity']).toBe('0.0000001'); // never exponent notation
    expect([listIdOfLeg(legClientIds(LIST).limit), listIdOfLeg(legClientIds(LIST).stop), listIdOfLeg(LIST), listIdOfLeg('.sl'), listIdOfLeg(undefined)]).toEqual([LIST, LIST, undefined, undefined, undefined]);
  });

  it('refuses before sending: leg ids past 36 characters, a stop not below the price, a buy', () => {
    const long = 'dlb-' + 'x'.repeat(30); // 34: its legs would be 37
    expect(() => ocoSellParams(sell(long), 'BTCUSDT')).toThrow(OrderRefusedError);
    expect(() => ocoSellParams(sell('dlb-' + 'x'.repeat(29)), 'BTCUSDT')).not.toThrow();
    expect(() => ocoSellParams({ ...sell(), stopPrice: dec('64020') }, 'BTCUSDT')).toThrow('is not below the limit price');
    expect(() => ocoSellParams({ ...sell(), side: 'buy' }, 'BTCUSDT')).toThrow(OrderRefusedError);
  });

  it('reads a list answer; refuses one without its two legs', () => {
    const raw = { orderListId: 7, contingencyType: 'OCO', listStatusType: 'EXEC_STARTED', listOrderStatus: 'EXECUTING', listClientOrderId: LIST, transactionTime: 3, symbol: 'BTCUSDT', orders: [{ symbol: 'BTCUSDT', orderId: 1001, clientOrderId: `${LIST}.sl` }, { symbol: 'BTCUSDT', orderId: 1002, clientOrderId: `${LIST}.tp` }] };
    expect(parseOrderList(raw)).toEqual({ ...view, legs: [{ orderId: '1001', clientOrderId: `${LIST}.sl` }, { orderId: '1002', clientOrderId: `${LIST}.tp` }] });
    expect(() => parseOrderList({ ...raw, orders: raw.orders.slice(1) })).toThrow('without a complete order list');
  });

  it('one order: open while a leg works, even partly filled; closed once a leg filled; canceled with what filled before the cancel', () => {
    const open = listOrder(view, [leg('STOP_LOSS', 'open'), leg('LIMIT_MAKER', 'open', '0.003')], 'BTC/USDT');
    expect([open.status, open.price?.toString(), open.stopPrice?.toString(), open.amount.toString(), open.filled.toString(), open.exchangeOrderId, open.clientOrderId]).toEqual(['open', '64020', '57036', '0.00858', '0.003', 'oco:7', LIST]);
    const canceled = listOrder(view, [leg('STOP_LOSS', 'canceled'), leg('LIMIT_MAKER', 'canceled', '0.003')], 'BTC/USDT');
    expect([canceled.status, canceled.filled.toString(), canceled.cost.toString(), canceled.fee.toString(), canceled.trades?.length]).toEqual(['canceled', '0.003', '192.06', '0.19206', 1]);
    const stopped = listOrder(view, [leg('STOP_LOSS', 'closed', '0.00858', '57000'), leg('LIMIT_MAKER', 'expired')], 'BTC/USDT');
    expect([stopped.status, stopped.filled.toString(), stopped.cost.toString(), stopped.trades?.map((t) => t.price.toString())]).toEqual(['closed', '0.00858', '489.06', ['57000']]);
    // a triggered STOP_LOSS_LIMIT may still rest on the book while the list is ALL_DONE: still open
    expect(listOrder({ ...view, listOrderStatus: 'ALL_DONE' }, [leg('STOP_LOSS_LIMIT', 'open'), leg('LIMIT_MAKER', 'expired')], 'BTC/USDT').status).toBe('open');
    expect(listOrder(view, [leg('STOP_LOSS', 'expired'), leg('LIMIT_MAKER', 'expired')], 'BTC/USDT').status).toBe('expired');
  });
});
