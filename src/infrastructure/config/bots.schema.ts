import { z } from 'zod';
import type { LimitIssue } from './config.limits.js';
import { effectiveDca, pairDcaSchema, type DcaConfig } from './dca.schema.js';
import { decimal } from './decimal-field.js';
import { botNameSchema, exitsSchema, pairSchema, type strategySchema } from './pair.schema.js';

const positiveInt = z.number().int('must be an integer');

/**
 * One bot of `bots:` (docs/trading-rules.md, "Bots"): its pairs, a quote budget per currency its
 * pairs trade in, and a strategy, exits and DCA over the top-level ones field by field.
 */
export const botSchema = z.strictObject({
  name: botNameSchema,
  /** Over the top-level strategy field by field; `rule: null` trades this bot on the indicators where the top level has a rule. */
  strategy: z
    .strictObject({
      rsiPeriod: positiveInt.min(2, 'must be >= 2').optional(),
      macdFast: positiveInt.min(1, 'must be >= 1').optional(),
      macdSlow: positiveInt.min(2, 'must be >= 2').optional(),
      macdSignal: positiveInt.min(1, 'must be >= 1').optional(),
      rsiBuyBelow: z.number().min(0).max(100).optional(),
      rsiSellAbove: z.number().min(0).max(100).optional(),
      start: z.enum(['signal', 'asap']).optional(),
      rule: z.string().min(1, 'must not be empty').nullable().optional(),
    })
    .optional(),
  exits: exitsSchema.optional(),
  /** Over the top-level dca; null: no DCA on this bot's pairs (a pair may still set its own). */
  dca: pairDcaSchema,
  /** The most the bot's working deals may hold, per quote currency: one entry for each currency its pairs trade in. */
  budget: z.record(z.string().regex(/^[A-Z0-9]{1,20}$/, 'currency codes are capitals'), decimal('positive')),
  pairs: z.array(pairSchema).min(1, 'needs at least one pair'),
});

export type BotConfig = z.infer<typeof botSchema>;
type Strategy = z.infer<typeof strategySchema>;
type PairConfig = z.infer<typeof pairSchema>;

/** The parts of the config the bots touch. */
interface BotsConfig {
  readonly pairs: PairConfig[];
  readonly bots?: BotConfig[] | undefined;
  readonly strategy: Strategy;
  readonly exits?: z.infer<typeof exitsSchema> | undefined;
  readonly dca?: DcaConfig | undefined;
}

/** Pairs declared together: the top-level `pairs:` (prefix []) or one bot's (prefix ['bots', i]), with the settings over them. */
export interface PairGroup {
  readonly prefix: readonly (string | number)[];
  readonly pairs: readonly PairConfig[];
  readonly exits: BotsConfig['exits'];
  /** The top-level dca with the bot's over it. */
  readonly dca: DcaConfig | undefined;
  readonly strategy: Strategy;
}

export function pairGroups(config: BotsConfig): PairGroup[] {
  if (config.bots === undefined) return [{ prefix: [], pairs: config.pairs, exits: undefined, dca: config.dca, strategy: config.strategy }];
  return config.bots.map((bot, i) => {
    const dca = effectiveDca(config.dca, bot.dca);
    return { prefix: ['bots', i], pairs: bot.pairs, exits: bot.exits, dca: dca === null ? undefined : (dca as DcaConfig), strategy: botStrategy(config.strategy, bot) };
  });
}

/** A bot's strategy: the top-level one with the bot's fields over it. */
export function botStrategy(top: Strategy, bot: Pick<BotConfig, 'strategy'>): Strategy {
  const own = Object.fromEntries(Object.entries(bot.strategy ?? {}).filter(([, value]) => value !== undefined));
  const { rule, ...fields } = { ...top, ...own } as Strategy & { rule?: string | null };
  return rule === null || rule === undefined ? fields : { ...fields, rule };
}

/** The refusals about the bots themselves: bots with top-level pairs, names, a symbol in two bots, a missing budget, `bot` written on a pair. */
export function botsIssues(config: BotsConfig): LimitIssue[] {
  const issues: LimitIssue[] = [];
  config.pairs.forEach((pair, i) => {
    if (pair.bot !== undefined) issues.push({ path: ['pairs', i, 'bot'], message: 'is set by the bots: list; declare the pair under its bot' });
  });
  if (config.bots === undefined) return issues;
  if (config.pairs.length > 0) return [{ path: ['bots'], message: 'and top-level pairs: cannot go together; move each pair under its bot' }];
  const owners = new Map<string, { readonly bot: string; readonly at: number }>();
  const names = new Map<string, number>();
  config.bots.forEach((bot, b) => {
    const first = names.get(bot.name);
    if (first !== undefined) issues.push({ path: ['bots', b, 'name'], message: `"${bot.name}" is the name of bots[${first}] too; names must be unique` });
    else names.set(bot.name, b);
    const quotes = new Set<string>();
    bot.pairs.forEach((pair, i) => {
      if (pair.bot !== undefined) issues.push({ path: ['bots', b, 'pairs', i, 'bot'], message: 'is set by the bots: list; leave it out' });
      const owner = owners.get(pair.symbol);
      if (owner?.at === b) issues.push({ path: ['bots', b, 'pairs', i, 'symbol'], message: `${pair.symbol} appears twice in bot "${bot.name}"; each symbol may appear once` });
      else if (owner !== undefined) issues.push({ path: ['bots', b, 'pairs', i, 'symbol'], message: `${pair.symbol} belongs to bot "${owner.bot}" and bot "${bot.name}"; a symbol may belong to one bot only` });
      else owners.set(pair.symbol, { bot: bot.name, at: b });
      quotes.add(pair.symbol.split('/')[1] as string);
    });
    for (const quote of quotes) {
      if (bot.budget[quote] === undefined) issues.push({ path: ['bots', b, 'budget', quote], message: `is required: the bot trades ${bot.pairs.filter((p) => p.symbol.endsWith(`/${quote}`)).map((p) => p.symbol).join(', ')}` });
    }
    for (const quote of Object.keys(bot.budget)) {
      if (!quotes.has(quote)) issues.push({ path: ['bots', b, 'budget', quote], message: `no pair of bot "${bot.name}" trades in ${quote}` });
    }
  });
  return issues;
}

/** Where the config's i-th (flattened) pair was written: `pairs[i]`, or `bots[b].pairs[k]`. */
export function pairPath(config: Pick<BotsConfig, 'bots'>, i: number): string {
  if (config.bots === undefined) return `pairs[${i}]`;
  let left = i;
  for (const [b, bot] of config.bots.entries()) {
    if (left < bot.pairs.length) return `bots[${b}].pairs[${left}]`;
    left -= bot.pairs.length;
  }
  return `pairs[${i}]`;
}

/** The bots' pairs as the config's `pairs`, each with its bot's name and its exits and DCA over the bot's over the top level's. */
export function flattenBots<C extends BotsConfig>(config: C): C {
  if (config.bots === undefined) return config;
  const pairs = config.bots.flatMap((bot) => {
    const block = effectiveDca(config.dca, bot.dca);
    return bot.pairs.map(({ dca: own, ...pair }): PairConfig => {
      const dca = effectiveDca(block === null ? undefined : (block as DcaConfig), own);
      const exits = config.exits === undefined && bot.exits === undefined ? pair.exits : { ...config.exits, ...bot.exits, ...pair.exits };
      return { ...pair, ...(exits === undefined ? {} : { exits }), ...(dca === null ? {} : { dca }), bot: bot.name };
    });
  });
  return { ...config, pairs };
}
