import { z } from 'zod';
import { ExitRules, type ExitRulesProps } from '../../domain/currency-pair/exit-rules.js';
import { RuleStrategy } from '../../domain/services/rules/rule.strategy.js';
import { TIMEFRAME_MS } from '../../domain/shared/candle.js';
import { ValidationError } from '../../domain/shared/domain-error.js';
import { dec } from '../../domain/shared/decimal.js';
import { botSchema, botsIssues, flattenBots, pairGroups } from './bots.schema.js';
import { MAX_FEE_RATE, periodIssues, quotaIssues, type LimitIssue } from './config.limits.js';
import { dcaIssues, dcaSchema, effectiveDca } from './dca.schema.js';
import { eventsSchema } from './events.schema.js';
import { DECIMAL, decimal } from './decimal-field.js';
import { optimizeSchema } from './optimize.schema.js';
import { exitsSchema, pairSchema, paperMarketSchema, strategySchema, symbolSchema } from './pair.schema.js';

const positiveInt = z.number().int('must be an integer');

/** A fee rate: 0 <= rate < MAX_FEE_RATE. */
const feeRate = decimal('non-negative').refine((v) => !DECIMAL.test(v) || dec(v).lt(MAX_FEE_RATE), { message: `must be < ${MAX_FEE_RATE} (a rate: 0.001 is 0.1%)` });

export const configSchema = z.strictObject({
  /** paper: simulated fills; live: real orders, only with an explicit --live on the command line. */
  mode: z.enum(['paper', 'live']).default('paper'),
  /** The exchange whose market data (and, live, whose account) is used; keys come from the environment. */
  exchange: z
    .strictObject({
      id: z.string().regex(/^[a-z0-9]+$/, 'must be a ccxt exchange id, e.g. binance').default('binance'),
      /** Overrides of ccxt's urls.api, e.g. a local test server. */
      urls: z.record(z.string(), z.unknown()).optional(),
      timeoutMs: z.number().int('must be an integer').min(100, 'must be >= 100').default(10_000),
      /** Live: the currency the account pays its fees in when it chose one (Binance's "pay fees with BNB": BNB). */
      feeCurrency: z.string().regex(/^[A-Z0-9]{1,20}$/, 'must be a currency code in capitals, e.g. BNB').optional(),
      /** Live: stops rest on the exchange where it holds them (Binance spot: OCO lists); false: the bot sells at market itself when a price reaches the stop. */
      stopsOnExchange: z.boolean().default(true),
    })
    .prefault({}),
  /** sqlite:./path.db (the default, created on first run), sqlite::memory:, or postgres://...; DATABASE_URL overrides. */
  database: z.string().min(1, 'must be a database URL').default('sqlite:./data/dealbot.db'),
  botPrefix: z.string().regex(/^[A-Za-z0-9]{1,6}-$/, 'must be 1-6 letters or digits followed by "-", e.g. dlb-').default('dlb-'),
  timeframe: z.enum(Object.keys(TIMEFRAME_MS) as [keyof typeof TIMEFRAME_MS, ...(keyof typeof TIMEFRAME_MS)[]]).default('1m'),
  windowSize: positiveInt.min(50, 'must be >= 50').max(5000, 'must be <= 5000').default(500),
  strategy: strategySchema
    .refine((s) => s.macdFast < s.macdSlow, { message: 'macdFast must be < macdSlow', path: ['macdFast'] })
    .prefault({}),
  paper: z
    .strictObject({
      balances: z.record(z.string().regex(/^[A-Z0-9]{1,20}$/, 'currency codes are capitals'), decimal('non-negative')),
      makerFee: feeRate.default('0.001'),
      takerFee: feeRate.default('0.001'),
      /** The currency paper fees are charged in: quote, received (Binance: a buy pays in the base it buys), or a third currency such as BNB (25 % off, from its balance). */
      feeCurrency: z.union([z.enum(['quote', 'received']), z.string().regex(/^[A-Z0-9]{1,20}$/, 'must be quote, received or a currency code in capitals, e.g. BNB')]).default('quote'),
      /** Paper markets (as a pair's paperMarket) of pairs the operator may add while the bot runs on the simulated or stored market, by symbol. */
      markets: z.record(symbolSchema, paperMarketSchema).default({}),
    })
    .prefault({ balances: { USDT: '10000' } }),
  market: z
    .strictObject({
      /** simulated: the seeded synthetic market; stored: candles imported with `dealbot data import`; exchange: live candles of `exchange`. */
      source: z.enum(['simulated', 'stored', 'exchange']).default('simulated'),
      dataDir: z.string().min(1, 'must name a folder').default('./data/candles'),
      seed: positiveInt.default(1),
      candles: positiveInt.min(1, 'must be >= 1').default(3000),
      paceMs: z.number().min(0, 'must be >= 0').default(10),
      startTime: z.string().datetime({ message: 'must be an ISO date-time like 2024-01-01T00:00:00Z' }).default('2024-01-01T00:00:00Z'),
    })
    .prefault({}),
  /** The operator's REST API and dashboard in the bot's process (docs/api.md); `dealbot run --api` turns it on. */
  api: z
    .strictObject({
      enabled: z.boolean().default(false),
      host: z.string().min(1, 'must name an address, e.g. 127.0.0.1').default('127.0.0.1'),
      port: z.number().int('must be an integer').min(0, 'must be 0-65535').max(65_535, 'must be 0-65535').default(8437),
    })
    .prefault({}),
  /** Where committed events go besides the database (docs/events/README.md). */
  events: eventsSchema,
  /** Default exit rules of every pair. */
  exits: exitsSchema.optional(),
  /** Default DCA settings of every pair (docs/trading-rules.md, "DCA"). */
  dca: dcaSchema.optional(),
  /** The pairs of the one bot (`default`) of a config without `bots:`. */
  pairs: z
    .array(pairSchema)
    .min(1, 'needs at least one pair')
    .refine((pairs) => new Set(pairs.map((p) => p.symbol)).size === pairs.length, { message: 'each symbol may appear once' })
    .default(() => NO_PAIRS),
  /** Several bots in one process, each with its pairs and quote budget (docs/trading-rules.md, "Bots"); instead of `pairs:`. */
  bots: z.array(botSchema).min(1, 'needs at least one bot').optional(),
  /** What `dealbot optimize` searches (docs/optimize.md); other commands ignore it. */
  optimize: optimizeSchema.optional(),
}).superRefine((config, ctx) => {
  if (config.pairs === NO_PAIRS && config.bots === undefined) ctx.addIssue({ code: 'custom', path: ['pairs'], message: 'is required (or a bots: list)' });
  for (const issue of botsIssues(config)) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
  // The paper exchange fills simulated and stored candles with these market rules; an exchange brings its own.
  const source = config.market.source;
  if (source === 'exchange') return;
  for (const { prefix, pairs } of pairGroups(config)) {
    pairs.forEach((pair, i) => {
      if (!pair.paperMarket) ctx.addIssue({ code: 'custom', path: [...prefix, 'pairs', i, 'paperMarket'], message: `is required for the ${source} market (${source === 'simulated' ? 'startPrice, ' : ''}priceStep, amountStep)` });
      else if (source === 'simulated' && pair.paperMarket.startPrice === undefined) ctx.addIssue({ code: 'custom', path: [...prefix, 'pairs', i, 'paperMarket', 'startPrice'], message: 'is required for the simulated market' });
    });
  }
})
  .superRefine((config, ctx) => {
    const groups = pairGroups(config);
    const symbols = new Set(groups.flatMap((g) => g.pairs.map((p) => p.symbol)));
    const check = (exits: ExitRulesProps | undefined, path: (string | number)[]): void => {
      try {
        ExitRules.create(exits);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        ctx.addIssue({ code: 'custom', path: [...path, ...fieldPath(error.field)], message: error.rule });
        return;
      }
      const reference = exits?.panicSell?.reference;
      if (reference !== undefined && !symbols.has(reference)) ctx.addIssue({ code: 'custom', path: [...path, 'panicSell', 'reference'], message: `"${reference}" must be one of the configured pairs` });
    };
    check(config.exits, ['exits']);
    for (const { prefix, pairs, exits, dca, strategy } of groups) {
      if (prefix.length > 0) check(exits, [...prefix, 'exits']);
      pairs.forEach((pair, i) => check(pair.exits, [...prefix, 'pairs', i, 'exits']));
      const at = (issue: LimitIssue): LimitIssue => ({ path: [...prefix, ...issue.path], message: issue.message });
      if (prefix.length > 0 && strategy.macdFast >= strategy.macdSlow) ctx.addIssue({ code: 'custom', path: [...prefix, 'strategy', 'macdFast'], message: 'macdFast must be < macdSlow' });
      if (strategy.start === 'asap' && strategy.rule !== undefined) ctx.addIssue({ code: 'custom', path: [...prefix, 'strategy', 'rule'], message: 'cannot be set with start: asap (asap opens without a signal)' });
      if (strategy.rule !== undefined) {
        try {
          new RuleStrategy(strategy.rule);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          ctx.addIssue({ code: 'custom', path: [...prefix, 'strategy', 'rule'], message: error.rule });
          continue;
        }
      }
      const limits = [...periodIssues(strategy, config.windowSize), ...quotaIssues(pairs, config.market.source === 'simulated'), ...dcaIssues(dca, pairs)];
      for (const issue of limits) ctx.addIssue({ code: 'custom', path: [...at(issue).path], message: issue.message });
    }
  })
  .overwrite((config) => {
    if (config.bots !== undefined) return flattenBots(config);
    if (config.exits === undefined && config.dca === undefined && config.pairs.every((pair) => pair.dca !== null)) return config;
    const pairs = config.pairs.map(({ dca: own, ...pair }) => {
      const dca = effectiveDca(config.dca, own);
      return { ...pair, ...(config.exits === undefined ? {} : { exits: { ...config.exits, ...pair.exits } }), ...(dca === null ? {} : { dca }) };
    });
    return { ...config, pairs };
  });

/** `takeProfit.targets[0].profit` -> ['takeProfit', 'targets', 0, 'profit'] */
function fieldPath(field: string): (string | number)[] {
  return field.split(/\.|\[|\]\.?/).filter((part) => part !== '').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export type DealbotConfig = z.infer<typeof configSchema>;
export type PairConfig = z.infer<typeof pairSchema>;
export type { BotConfig } from './bots.schema.js';

/** The `pairs` of a config that gave none (it has `bots:`, or is refused). */
const NO_PAIRS: PairConfig[] = Object.freeze([]) as unknown as PairConfig[];
