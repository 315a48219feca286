import { z } from 'zod';
import { pauseSchema, positiveDecimal, symbol } from './common.js';

const positiveNumber = z.number().positive('must be > 0');

/** Exit rules as the config's `exits:` writes them (decimals as strings); null turns a rule off. */
export const exitsSchema = z.strictObject({
  stopLoss: positiveDecimal.nullable().optional(),
  trailingStop: z.strictObject({ activation: positiveDecimal, distance: positiveDecimal }).nullable().optional(),
  takeProfit: z.strictObject({ targets: z.array(z.strictObject({ profit: positiveDecimal, share: positiveDecimal })).min(1, 'needs at least one target') }).nullable().optional(),
  timeExit: z.strictObject({ hours: positiveNumber }).nullable().optional(),
  panicSell: z
    .strictObject({ drop: positiveDecimal, windowMinutes: positiveNumber, cooldownMinutes: z.number().min(0, 'must be >= 0').default(60), reference: symbol.optional() })
    .nullable()
    .optional(),
});

const settings = {
  dealQuota: positiveDecimal,
  profitMarkup: positiveDecimal,
  dealCount: z.number().int('must be an integer').min(1, 'must be >= 1').max(1000, 'must be <= 1000'),
  orderLifeTime: z.number().positive('must be > 0 seconds').max(31_536_000, 'must be <= 31536000 seconds'),
  cooldownMinutes: z.number().min(0, 'must be >= 0').max(525_600, 'must be <= 525600 minutes').optional(),
  exits: exitsSchema.optional(),
};

/** `PairSettings` of docs/api.md: a pair as the config's `pairs:` writes it. */
export const pairSettingsSchema = z.strictObject({ symbol, ...settings });

/** A change of a pair's settings: any of them but the symbol. */
export const pairChangesSchema = z.strictObject({
  dealQuota: settings.dealQuota.optional(),
  profitMarkup: settings.profitMarkup.optional(),
  dealCount: settings.dealCount.optional(),
  orderLifeTime: settings.orderLifeTime.optional(),
  cooldownMinutes: settings.cooldownMinutes,
  exits: exitsSchema.optional(),
});

export const pairViewSchema = z
  .object({
    symbol: z.string(),
    bot: z.string().meta({ description: "The bot the pair trades for; 'default' without bots: in the config, and for pairs added at runtime." }),
    dealQuota: z.string(),
    profitMarkup: z.string(),
    dealCount: z.number().int(),
    orderLifeTime: z.number(),
    cooldownMinutes: z.number().optional(),
    exits: z.record(z.string(), z.unknown()).optional(),
    paused: pauseSchema.nullable(),
    workingDeals: z.number().int(),
    lastPrice: z.number().nullable(),
    source: z.enum(['config', 'api']),
  })
  .meta({ id: 'Pair' });

/** A pair in a path: `/pairs/ETH/BTC`. */
export const pairParams = z.strictObject({
  base: z.string().regex(/^[A-Z0-9]{1,20}$/, 'must be a currency code in capitals, e.g. ETH'),
  quote: z.string().regex(/^[A-Z0-9]{1,20}$/, 'must be a currency code in capitals, e.g. BTC'),
});
