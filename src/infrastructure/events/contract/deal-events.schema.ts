import { z } from 'zod';
import { DEAL_SCOPE, envelopeOf } from './envelope.schema.js';
import { BOT_NAME } from '../../../domain/bot/bot-name.js';
import { decimal, id, reason, signedDecimal } from './fields.schema.js';

/** Present on the deals of a bot other than the default (config `bots:`): its name. Absent: the default bot. */
const bot = z.string().regex(BOT_NAME).optional().meta({ description: 'The bot whose deal it is; absent for the default bot.' });

export const dealOpenedSchema = envelopeOf(
  'DealOpened',
  DEAL_SCOPE,
  {
    buyOrderId: id,
    price: z.union([decimal, z.literal('market')]).meta({ description: 'The limit price of the buy, or "market".' }),
    amount: decimal,
    bot,
  },
  'A deal began: its buy order is on the exchange.',
);

export const dealBoughtSchema = envelopeOf(
  'DealBought',
  DEAL_SCOPE,
  {
    amount: decimal.meta({ description: 'What the buy filled, in the base currency.' }),
    averagePrice: decimal,
    sellOrderId: id.nullable().meta({ description: 'The first sell placed, or null when none could be.' }),
    bot,
  },
  'The buy ended with a fill; the sells are placed.',
);

export const dealClosingSchema = envelopeOf('DealClosing', DEAL_SCOPE, { reason, bot }, 'An exit rule or the operator replaces the resting sell with a market sell.');

export const dealClosedSchema = envelopeOf(
  'DealClosed',
  DEAL_SCOPE,
  {
    pnl: signedDecimal.meta({ description: 'Realised profit or loss in the quote currency, fees deducted.' }),
    fees: decimal.meta({ description: 'Every fee valued in quote where a value was known.' }),
    reason,
    dust: decimal.optional().meta({ description: 'What was left that no order could sell, in the base currency.' }),
    unpricedFees: z.record(id, decimal).optional().meta({ description: 'Fees paid in a currency no price was known for: amount by currency.' }),
    bot,
  },
  'Everything bought is sold (or left as dust): the deal is final.',
);

export const dealWaitingSchema = envelopeOf('DealWaiting', DEAL_SCOPE, { reason, bot }, 'The deal cannot go on by itself: an operator must act.');

export const dealCancelledSchema = envelopeOf('DealCancelled', DEAL_SCOPE, { reason, bot }, 'The buy ended with nothing filled: the deal is final.');
