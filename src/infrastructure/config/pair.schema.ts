import { z } from 'zod';
import { BOT_NAME } from '../../domain/bot/bot-name.js';
import { decimal } from './decimal-field.js';
import { pairDcaSchema } from './dca.schema.js';

const positiveInt = z.number().int('must be an integer');

export const botNameSchema = z.string().regex(BOT_NAME, 'must be 1-32 lower-case letters, digits or dashes, starting with a letter or digit');

/** Shapes of a pair, its exits and markets, and of a strategy: the parts the top level and each bot share. */
export const paperMarketSchema = z.strictObject({
  /** Only the simulated market uses it. */
  startPrice: z.number().positive('must be > 0').max(1e12, 'must be <= 1000000000000').optional(),
  priceStep: decimal('positive'),
  amountStep: decimal('positive'),
  minAmount: decimal('non-negative').default('0'),
  minCost: decimal('non-negative').default('0'),
});

export const symbolSchema = z.string().regex(/^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/, 'must look like BASE/QUOTE in capitals, e.g. BTC/USDT');

/** Exit rules (docs/trading-rules.md): each optional; on a pair, null turns off a rule of the top-level defaults. */
export const exitsSchema = z.strictObject({
  stopLoss: decimal('positive').nullable().optional(),
  trailingStop: z.strictObject({ activation: decimal('positive'), distance: decimal('positive') }).nullable().optional(),
  takeProfit: z.strictObject({ targets: z.array(z.strictObject({ profit: decimal('positive'), share: decimal('positive') })) }).nullable().optional(),
  timeExit: z.strictObject({ hours: z.number().positive('must be > 0') }).nullable().optional(),
  panicSell: z
    .strictObject({
      drop: decimal('positive'),
      windowMinutes: z.number().positive('must be > 0'),
      cooldownMinutes: z.number().min(0, 'must be >= 0').default(60),
      reference: symbolSchema.optional(),
    })
    .nullable()
    .optional(),
});

export const pairSchema = z.strictObject({
  symbol: symbolSchema,
  dealQuota: decimal('positive'),
  profitMarkup: decimal('positive'),
  dealCount: positiveInt.min(1, 'must be >= 1'),
  orderLifeTime: z.number().positive('must be > 0 seconds'),
  /** Minutes after a deal on the pair ends before the next may open (0: none). */
  cooldownMinutes: z.number().min(0, 'must be >= 0 minutes').max(525_600, 'must be <= 525600 minutes (a year)').optional(),
  paperMarket: paperMarketSchema.optional(),
  /** This pair's exit rules, over the top-level `exits`. */
  exits: exitsSchema.optional(),
  /** This pair's DCA settings, over the top-level `dca`; null: no DCA on this pair. */
  dca: pairDcaSchema,
  /** Set from the `bots:` list the pair is declared under; refused when written on a pair. */
  bot: botNameSchema.optional(),
});

/** The strategy block (top level, or a bot's over it field by field). */
export const strategySchema = z.strictObject({
  rsiPeriod: positiveInt.min(2, 'must be >= 2').default(14),
  macdFast: positiveInt.min(1, 'must be >= 1').default(12),
  macdSlow: positiveInt.min(2, 'must be >= 2').default(26),
  macdSignal: positiveInt.min(1, 'must be >= 1').default(9),
  rsiBuyBelow: z.number().min(0).max(100).default(50),
  rsiSellAbove: z.number().min(0).max(100).default(50),
  /** signal: a deal opens on the strategy's (or the rule's) BULLISH signal; asap: whenever the pair has room (dealCount, cooldown, funds). */
  start: z.enum(['signal', 'asap']).default('signal'),
  /** A declarative entry rule instead of the default, e.g. "rsi(14) < 30 and crossover(macd, signal)". */
  rule: z.string().min(1, 'must not be empty').optional(),
});

