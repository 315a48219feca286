import type { Kysely, Selectable } from 'kysely';
import { DEFAULT_BOT } from '../../../domain/bot/bot-name.js';
import { CurrencyPair, type CurrencyPairProps } from '../../../domain/currency-pair/currency-pair.entity.js';
import type { PairRecord, PairSource, PairsRepository } from '../../../domain/ports/repositories.port.js';
import type { ExitRulesProps } from '../../../domain/currency-pair/exit-rules.js';
import type { DcaSettings, DcaSettingsProps } from '../../../domain/currency-pair/dca-settings.js';
import type { CurrencyPairsTable, DealbotSchema, TakeProfitTargetsTable } from './schema.js';
import { groupBy } from './sql.rows.js';

type Db = Kysely<DealbotSchema>;
type PairRow = Selectable<CurrencyPairsTable>;
type TargetRow = Selectable<TakeProfitTargetsTable>;

/**
 * Pairs with their exit rules: settings in the pair's row, the take-profit ladder in rows of its
 * own. A removed pair keeps its row, with the time it was removed.
 */
export class SqlPairsRepository implements PairsRepository {
  constructor(private readonly db: Db) {}

  async save(pair: CurrencyPair, source: PairSource = 'config'): Promise<void> {
    const row = pairToRow(pair, source);
    const { symbol: _symbol, ...changes } = row;
    await this.db
      .insertInto('currency_pairs')
      .values(row)
      .onConflict((oc) => oc.column('symbol').doUpdateSet(changes))
      .execute();
    // the ladder is replaced whole: a pair saved with fewer targets, or none, keeps no old ones
    await this.db.deleteFrom('take_profit_targets').where('symbol', '=', pair.symbol).execute();
    const targets = targetRows(pair);
    if (targets.length > 0) await this.db.insertInto('take_profit_targets').values(targets).execute();
  }

  async markRemoved(symbol: string, at: number): Promise<void> {
    await this.db.updateTable('currency_pairs').set({ removed_at: at }).where('symbol', '=', symbol).execute();
  }

  async getBySymbol(symbol: string): Promise<CurrencyPair | null> {
    const row = await this.db.selectFrom('currency_pairs').selectAll().where('symbol', '=', symbol).where('removed_at', 'is', null).executeTakeFirst();
    if (!row) return null;
    const targets = await this.db.selectFrom('take_profit_targets').selectAll().where('symbol', '=', symbol).orderBy('position').execute();
    return CurrencyPair.create(pairFromRow(row, targets));
  }

  async getAll(): Promise<CurrencyPair[]> {
    return (await this.records()).filter((r) => r.removedAt === null).map((r) => r.pair);
  }

  async records(): Promise<PairRecord[]> {
    const rows = await this.db.selectFrom('currency_pairs').selectAll().orderBy('symbol').execute();
    const targets = groupBy(await this.db.selectFrom('take_profit_targets').selectAll().orderBy('symbol').orderBy('position').execute(), (t) => t.symbol);
    return rows.map((row) => ({
      pair: CurrencyPair.create(pairFromRow(row, targets.get(row.symbol) ?? [])),
      source: row.source === 'api' ? 'api' : 'config',
      removedAt: row.removed_at === null ? null : Number(row.removed_at),
    }));
  }
}

/**
 * The pair's row. Decimals are written as the validated rules hold them; hours and minutes as
 * configured (a number), since the rules keep them only converted to milliseconds.
 */
function pairToRow(pair: CurrencyPair, source: PairSource): PairRow {
  const exits = pair.exits;
  const props = exits.toProps();
  const panic = exits.panicSell === null ? null : props.panicSell;
  return {
    symbol: pair.symbol,
    source,
    removed_at: null,
    base: pair.base,
    quote: pair.quote,
    order_life_time: pair.orderLifeTime,
    deal_quota: pair.dealQuota.toString(),
    profit_markup: pair.profitMarkup.toString(),
    deal_count: pair.dealCount,
    cooldown_minutes: pair.cooldownMinutes > 0 ? pair.cooldownMinutes : null,
    stop_loss: exits.stopLoss?.toString() ?? null,
    trailing_activation: exits.trailingStop?.activation.toString() ?? null,
    trailing_distance: exits.trailingStop?.distance.toString() ?? null,
    time_exit_hours: exits.timeExitMs === null ? null : (props.timeExit?.hours ?? null),
    panic_drop: exits.panicSell?.drop.toString() ?? null,
    panic_window_minutes: panic?.windowMinutes ?? null,
    panic_cooldown_minutes: panic?.cooldownMinutes ?? null,
    panic_reference: exits.panicSell?.reference ?? null,
    dca: pair.dca === null ? null : JSON.stringify(dcaProps(pair.dca)),
    bot: pair.bot,
  };
}

/** The validated DCA settings with their decimals as exact text (what the `dca` column holds as JSON). */
function dcaProps(dca: DcaSettings): DcaSettingsProps {
  const { stopLoss } = dca;
  return {
    baseOrder: dca.baseOrder.toString(),
    safetyOrder: dca.safetyOrder.toString(),
    maxSafetyOrders: dca.maxSafetyOrders,
    maxActiveSafetyOrders: dca.maxActiveSafetyOrders,
    deviation: dca.deviation.toString(),
    stepScale: dca.stepScale.toString(),
    volumeScale: dca.volumeScale.toString(),
    takeProfit: dca.takeProfit.toString(),
    stopLoss: stopLoss === null ? null : { drop: stopLoss.drop.toString(), from: stopLoss.from },
  };
}

function targetRows(pair: CurrencyPair): TargetRow[] {
  return (pair.exits.takeProfit ?? []).map((t, position) => ({ symbol: pair.symbol, position, profit: t.profit.toString(), share: t.share.toString() }));
}

function pairFromRow(row: PairRow, targets: readonly TargetRow[]): CurrencyPairProps {
  const exits = exitsFromRow(row, targets);
  return {
    symbol: row.symbol,
    orderLifeTime: row.order_life_time,
    dealQuota: row.deal_quota,
    profitMarkup: row.profit_markup,
    dealCount: row.deal_count,
    ...(row.cooldown_minutes !== null && row.cooldown_minutes !== undefined && { cooldownMinutes: Number(row.cooldown_minutes) }),
    ...(exits !== null && { exits }),
    ...(row.dca !== null && row.dca !== undefined && { dca: JSON.parse(row.dca) as DcaSettingsProps }),
    ...(row.bot !== undefined && row.bot !== DEFAULT_BOT && { bot: row.bot }),
  };
}

/** The rules that are on; null when none is. */
function exitsFromRow(row: PairRow, targets: readonly TargetRow[]): ExitRulesProps | null {
  const exits = {
    ...(row.stop_loss !== null && { stopLoss: row.stop_loss }),
    ...(row.trailing_activation !== null && row.trailing_distance !== null && { trailingStop: { activation: row.trailing_activation, distance: row.trailing_distance } }),
    ...(targets.length > 0 && { takeProfit: { targets: targets.map((t) => ({ profit: t.profit, share: t.share })) } }),
    ...(row.time_exit_hours !== null && { timeExit: { hours: Number(row.time_exit_hours) } }),
    ...(row.panic_drop !== null && {
      panicSell: {
        drop: row.panic_drop,
        windowMinutes: Number(row.panic_window_minutes),
        cooldownMinutes: Number(row.panic_cooldown_minutes),
        ...(row.panic_reference !== null && { reference: row.panic_reference }),
      },
    }),
  };
  return Object.keys(exits).length === 0 ? null : exits;
}
