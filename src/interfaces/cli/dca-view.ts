import { percent, type DcaSettings } from '../../domain/currency-pair/dca-settings.js';
import { averageTakeProfitPrice } from '../../domain/services/dca/average-price.js';
import { ladderPlan, type LadderPlan } from '../../domain/services/dca/safety-ladder.js';
import { dec, type Decimal } from '../../domain/shared/decimal.js';
import type { MarketRules } from '../../domain/shared/market-rules.js';
import type { DealbotConfig, PairConfig } from '../../infrastructure/config/config.schema.js';
import { dcaSettingsOf } from '../../infrastructure/config/dca.schema.js';
import { renderTable } from './text-table.js';

/** What `config check` says of the pairs that trade DCA deals: their budgets and ladders, then their warnings. */
export interface DcaView {
  readonly lines: readonly string[];
  readonly warnings: readonly string[];
}

export function dcaView(config: DealbotConfig): DcaView {
  const lines: string[] = [];
  const warnings: string[] = [];
  config.pairs.forEach((pair, i) => {
    const settings = dcaSettingsOf(pair);
    if (settings === null) return;
    const [base = '', quote = ''] = pair.symbol.split('/');
    const priced = pricedPlan(settings, config, pair, base, quote);
    lines.push(`${pair.symbol}: DCA, ${budgetLine(settings, pair, quote)}`, `  ${exitLine(settings)}`);
    lines.push(indent(priced === null ? bareTable(settings, quote) : pricedTable(settings, priced, base, quote)));
    if (priced === null) lines.push('  prices follow the base order\'s fill (the simulated market\'s startPrice gives a reference)');
    warnings.push(...pairWarnings(settings, priced?.plan ?? null, `pairs[${i}].dca (${pair.symbol})`));
  });
  return { lines, warnings };
}

/** A ladder priced from a reference price: the simulated market's start price, the one known before any candle. */
interface PricedPlan {
  readonly plan: LadderPlan;
  readonly startPrice: Decimal;
  readonly market: MarketRules;
}

function pricedPlan(settings: DcaSettings, config: DealbotConfig, pair: PairConfig, base: string, quote: string): PricedPlan | null {
  const paper = pair.paperMarket;
  if (config.market.source !== 'simulated' || paper?.startPrice === undefined) return null;
  const market: MarketRules = { symbol: pair.symbol, base, quote, priceStep: dec(paper.priceStep), amountStep: dec(paper.amountStep), minAmount: dec(paper.minAmount), minCost: dec(paper.minCost), makerFee: dec(0), takerFee: dec(0) };
  const startPrice = dec(paper.startPrice);
  return { plan: ladderPlan(settings, startPrice, market), startPrice, market };
}

/** `max budget for this pair: 300 USDT (2 deals x 150: base order 10 + 3 safety orders 140; dealQuota 500)` */
function budgetLine(settings: DcaSettings, pair: PairConfig, quote: string): string {
  const deals = pair.dealCount === 1 ? '1 deal' : `${pair.dealCount} deals x ${settings.maxBudget.toString()}`;
  return `max budget for this pair: ${settings.maxBudget.times(pair.dealCount).toString()} ${quote} (${deals}: ${settings.budgetText()}; dealQuota ${pair.dealQuota})`;
}

function exitLine(settings: DcaSettings): string {
  const stop = settings.stopLoss === null ? 'no stop loss' : `stop loss ${percent(settings.stopLoss.drop)} below the ${settings.stopLoss.from === 'base' ? 'base order\'s price' : 'average'}`;
  const active = settings.maxActiveSafetyOrders;
  return `take profit ${percent(settings.takeProfit)} above the average; ${stop}; ${active} safety order${active === 1 ? '' : 's'} resting at a time`;
}

function bareTable(settings: DcaSettings, quote: string): string {
  let total = settings.baseOrder;
  const rows = settings.steps.map((step) => {
    total = total.plus(step.size);
    return [String(step.number), `-${percent(step.deviation)}`, step.size.toString(), total.toString()];
  });
  return renderTable(['safety order', 'deviation', `size ${quote}`, `deal total ${quote}`], [['base', '0%', settings.baseOrder.toString(), settings.baseOrder.toString()], ...rows]);
}

function pricedTable(settings: DcaSettings, { plan, startPrice, market }: PricedPlan, base: string, quote: string): string {
  const shown = (value: Decimal | null): string => (value === null ? '-' : value.round(market.priceStep.decimals()).toString());
  const baseAverage = plan.base.refused === null ? plan.base.price : null;
  const baseTakeProfit = baseAverage === null ? null : averageTakeProfitPrice(baseAverage, settings.takeProfit, market.priceStep);
  const baseRow = ['base', '0%', settings.baseOrder.toString(), settings.baseOrder.toString(), plan.base.price.toString(), plan.base.amount.toString(), shown(baseAverage), shown(baseTakeProfit)];
  const rows = plan.rows.map((row) => [String(row.number), `-${percent(row.deviation)}`, row.size.toString(), row.budgetUsed.toString(), row.price.toString(), row.amount.toString(), shown(row.average), shown(row.takeProfitPrice)]);
  return renderTable(['safety order', 'deviation', `size ${quote}`, `deal total ${quote}`, `price (start ${startPrice.toString()})`, `amount ${base}`, 'average', 'take profit'], [baseRow, ...rows]);
}

/** Orders the exchange would refuse at the reference price, and safety orders a stop from the base price sells before. */
function pairWarnings(settings: DcaSettings, plan: LadderPlan | null, where: string): string[] {
  const warnings: string[] = [];
  if (plan !== null) {
    if (plan.base.refused !== null) warnings.push(`warning: ${where}: at the start price the base order would be refused: ${plan.base.refused}`);
    for (const row of plan.rows) if (row.refused !== null) warnings.push(`warning: ${where}: at the start price safety order ${row.number} would be refused: ${row.refused}`);
  }
  const past = settings.stepsPastBaseStop();
  if (past.length > 0) {
    const numbers = past.length === 1 ? `safety order ${past[0]?.number} rests` : `safety orders ${past[0]?.number}-${past[past.length - 1]?.number} rest`;
    warnings.push(`warning: ${where}: ${numbers} at or below the stop loss (${percent(settings.stopLoss?.drop ?? dec(0))} below the base order's price): the stop sells the deal before the price reaches ${past.length === 1 ? 'it' : 'them'}`);
  }
  return warnings;
}

function indent(table: string): string {
  return table
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
