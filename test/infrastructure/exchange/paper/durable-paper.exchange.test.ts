import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dec } from '../../../../src/domain/shared/decimal.js';
import { SimulatedClock } from '../../../../src/infrastructure/clock/simulated.clock.js';
import { DurablePaperExchange } from '../../../../src/infrastructure/exchange/paper/durable-paper.exchange.js';
import { marketFor } from '../../../support/paper-harness.js';

const MINUTE = 60_000;

function open(file: string, clock = new SimulatedClock(MINUTE)): DurablePaperExchange {
  return new DurablePaperExchange({ markets: [marketFor('BTC/USDT')], balances: { USDT: '1000' }, clock }, file);
}

const buy = (id: string, price: string) => ({ clientOrderId: id, symbol: 'BTC/USDT', side: 'buy' as const, type: 'limit' as const, amount: dec('1'), price: dec(price) });

describe('DurablePaperExchange', () => {
  it('keeps its account across restarts: balances, resting orders, fills, the id sequence', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dealbot-paper-')), 'state.db.paper.json');
    const first = open(file);
    expect(existsSync(file)).toBe(true);
    await first.createOrder(buy('dlb-a-b1', '100'));
    await first.createOrder(buy('dlb-b-b1', '90'));
    await first.cancelOrder('BTC/USDT', 'dlb-b-b1');

    const second = open(file); // the bot restarted; the exchange remembers
    expect(second.balances().USDT?.used.toString()).toBe('100.1');
    expect((await second.fetchOpenOrders()).map((o) => o.clientOrderId)).toEqual(['dlb-a-b1']);
    expect((await second.fetchOrder('BTC/USDT', 'dlb-b-b1'))?.status).toBe('canceled');
    second.onCandle('BTC/USDT', { openTime: MINUTE, open: 101, high: 102, low: 99, close: 100, volume: 1 });

    const third = open(file);
    const filled = await third.fetchOrder('BTC/USDT', 'dlb-a-b1');
    expect(filled?.status).toBe('closed');
    expect(filled?.trades?.map((t) => [t.id, t.price.toString(), t.fee.toString()])).toEqual([['paper-1-1', '100', '0.1']]);
    expect(third.balances().USDT?.total.toString()).toBe('899.9');
    expect(third.balances().BTC?.total.toString()).toBe('1');
    expect((await third.createOrder(buy('dlb-c-b1', '95'))).exchangeOrderId).toBe('paper-3');
    await expect(third.createOrder(buy('dlb-a-b1', '95'))).rejects.toThrow(/already used/);
  });

  it('refuses a file that is not a saved account, and writes nothing over it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dealbot-paper-')), 'broken.json');
    writeFileSync(file, '{ not json');
    expect(() => open(file)).toThrow(`${file}: the paper account file is not valid JSON`);
    expect(readFileSync(file, 'utf8')).toBe('{ not json');
  });
});
