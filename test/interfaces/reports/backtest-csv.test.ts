import { describe, expect, it } from 'vitest';
import { computeBacktestMetrics } from '../../../src/application/backtest/backtest-metrics.js';
import { equityCurveOf } from '../../../src/application/backtest/backtest-result.js';
import { maxDrawdown } from '../../../src/application/backtest/equity-statistics.js';
import { dec, sumDecimals } from '../../../src/domain/shared/decimal.js';
import { DcaDriver, dcaPair } from '../../domain/services/dca/dca-fixtures.js';
import { csvLine, DEAL_COLUMNS, dealsCsv, equityCsv } from '../../../src/interfaces/reports/backtest-csv.js';
import { makeDeal, scenario } from '../../application/backtest/backtest-fixtures.js';

/** A small CSV reader for the test: quoted cells with doubled quotes, no line breaks inside cells. */
function readCsv(text: string): Record<string, string>[] {
  const [header, ...rows] = text.trimEnd().split('\n').map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1]!.replace(/^"(.*)"$/, '$1').replaceAll('""', '"')));
  return rows.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i] ?? ''])));
}

describe('deals.csv', () => {
  const rows = readCsv(dealsCsv(scenario().deals));

  it('has one row per deal with both orders, exact decimals and ISO times', () => {
    expect(Object.keys(rows[0]!)).toEqual([...DEAL_COLUMNS]);
    expect(rows.map((r) => r.id)).toEqual(['d1', 'd5', 'd2', 'd3', 'd4']);
    expect(rows[0]).toEqual({
      id: 'd1', pair: 'BTC/USDT', status: 'closed', reason: 'profit_markup', created: '2024-01-01T01:00:00.000Z', closed: '2024-01-01T06:00:00.000Z',
      buy_order_id: 'dlb-d1-b1', buy_type: 'limit', buy_price: '100', buy_amount: '2', buy_filled: '2', buy_average: '100', buy_fee: '0.2', bought_at: '2024-01-01T02:00:00.000Z',
      sell_orders: '1', sell_order_id: 'dlb-d1-s1', sell_type: 'limit', sell_price: '110', sell_amount: '2', sell_filled: '2', sell_average: '110', sell_fee: '0.22', sold_at: '2024-01-01T05:00:00.000Z',
      pnl: '19.58',
      dust: '',
      safety_buys: '',
    });
  });

  it("a DCA deal's row covers every buy: filled, average and fee over the base and safety buys, and each safety buy listed", () => {
    const d = new DcaDriver(dcaPair());
    d.open('100');
    d.fill('b1');
    d.step();
    d.fill('d1');
    d.step();
    const [row] = readCsv(dealsCsv([d.deal]));
    expect(row).toMatchObject({ buy_order_id: 'dlb-42-b1', buy_amount: '0.1', buy_filled: '0.30202', buy_average: d.deal.averagePrice!.toString(), sell_order_id: 'dlb-42-s2', safety_buys: 'dlb-42-d1 99 0.20202 0.20202;dlb-42-d2 97.5 0.41025 0' });
    expect(dec(row!.buy_fee!).eq(dec('0.0001').times('100').plus(dec('0.00020202').times('99')))).toBe(true); // base fees at their fill price
  });

  it('leaves cells empty where there is nothing: a market sell has no price, a cancelled deal no sell, an open deal no PnL', () => {
    expect(rows[2]).toMatchObject({ sell_type: 'market', sell_price: '', sell_average: '95', pnl: '-5.195' });
    expect(rows[3]).toMatchObject({ status: 'cancelled', reason: 'order lifetime exceeded', closed: '2024-01-02T04:00:00.000Z', buy_filled: '0', buy_average: '', bought_at: '', sell_orders: '0', sell_order_id: '', sell_fee: '', pnl: '' });
    expect(rows[4]).toMatchObject({ status: 'open', closed: '', sell_price: '11', sell_filled: '0', sell_average: '', sold_at: '', pnl: '' });
  });

  it('adds up: the PnL column sums to the metrics PnL exactly, and recomputes from the order columns', () => {
    const metrics = computeBacktestMetrics(scenario());
    const closed = rows.filter((r) => r.status === 'closed');
    expect(sumDecimals(closed.map((r) => dec(r.pnl!))).toString()).toBe(metrics.pnl.toString());
    for (const r of closed) {
      const pnl = dec(r.sell_average!).times(r.sell_filled!).minus(dec(r.buy_average!).times(r.buy_filled!)).minus(r.buy_fee!).minus(r.sell_fee!);
      expect(pnl.toString()).toBe(r.pnl);
    }
    expect(sumDecimals(rows.flatMap((r) => [dec(r.buy_fee!), dec(r.sell_fee || '0')])).toString()).toBe(metrics.fees.toString());
  });

  it('quotes cells with commas and quotes', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', null, 3])).toBe('a,"b,c","say ""hi""",,3');
    const odd = makeDeal('q', 'BTC/USDT', 0, { price: '1', amount: '1', fee: '0', at: 1 }, { cancelled: 2 });
    expect(readCsv(dealsCsv([odd]))[0]!.reason).toBe('order lifetime exceeded');
  });
});

describe('equity.csv', () => {
  it('starts with the starting equity, then one row per tick; the drawdown recomputes from it', () => {
    const result = scenario();
    const text = equityCsv(result);
    expect(text.split('\n').slice(0, 3)).toEqual(['time,timestamp_ms,equity_usdt', '2024-01-01T00:00:00.000Z,1704067200000,1000', '2024-01-01T06:00:00.000Z,1704088800000,1010']);
    const points = readCsv(text).map((r) => ({ time: Number(r.timestamp_ms), equity: Number(r.equity_usdt) }));
    expect(points).toHaveLength(result.equity.length + 1);
    expect(maxDrawdown(equityCurveOf(points))).toEqual(computeBacktestMetrics(result).maxDrawdown);
  });
});
