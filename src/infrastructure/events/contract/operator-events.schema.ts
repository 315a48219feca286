import { z } from 'zod';
import { OPERATOR_RESOLUTIONS } from '../../../domain/order/operator-resolution.js';
import { BOT_SCOPE, envelopeOf, PAIR_SCOPE } from './envelope.schema.js';
import { epochMs, id, orderStatus, reason, side } from './fields.schema.js';

export const orderResolvedByOperatorSchema = envelopeOf(
  'OrderResolvedByOperator',
  // an exchange order the database lacks may name no deal: dealId is then ''
  { dealId: z.string(), symbol: id },
  {
    orderId: id,
    side,
    resolution: z.enum(OPERATOR_RESOLUTIONS),
    note: z.string().nullable(),
    localStatus: orderStatus.nullable().meta({ description: "The order's status here before the resolution; null when the database had no such order." }),
    exchangeSaid: z.string(),
  },
  'An operator ended an order the exchange has no trace of.',
);

export const operatorActedSchema = envelopeOf(
  'OperatorActed',
  BOT_SCOPE,
  {
    action: id.meta({ description: "The API route's action, e.g. close_deal, pause." }),
    parameters: z.record(z.string(), z.unknown()).meta({ description: 'The parameters as the operator gave them; never a secret.' }),
    status: z.int().min(100).max(599).meta({ description: 'The HTTP status the action answered with.' }),
    outcome: z.string(),
    idempotencyKey: z.string().nullable(),
  },
  'The operator acted through the API.',
);

export const tradingPausedSchema = envelopeOf(
  'TradingPaused',
  PAIR_SCOPE,
  {
    until: epochMs.nullable().meta({ description: 'When the pause ends by itself (ms since the epoch), or null: until resumed.' }),
    reason,
  },
  'New deals are paused on a pair (symbol) or on every pair (symbol null); working deals go on.',
);

export const tradingResumedSchema = envelopeOf('TradingResumed', PAIR_SCOPE, {}, 'The pause of a pair (symbol), or every pause (symbol null), was lifted.');
