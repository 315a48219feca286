import { z } from 'zod';
import { DEAL_SCOPE, envelopeOf } from './envelope.schema.js';
import { decimal, id, orderType, reason, side } from './fields.schema.js';

/** Every order event names the order (its client order id) and its side. */
const order = { orderId: id.meta({ description: "The order's client order id." }), side };

export const orderPlacedSchema = envelopeOf(
  'OrderPlaced',
  DEAL_SCOPE,
  {
    ...order,
    orderType,
    price: decimal.nullable().meta({ description: 'The limit price, or null for a market order.' }),
    amount: decimal,
    exchangeOrderId: id.nullable(),
    stopPrice: decimal.optional().meta({ description: 'Present on a sell that carries a stop price.' }),
  },
  'The exchange accepted an order.',
);

export const orderFilledSchema = envelopeOf(
  'OrderFilled',
  DEAL_SCOPE,
  {
    ...order,
    tradeId: id,
    price: decimal,
    amount: decimal,
    fee: decimal.meta({ description: 'In the quote currency unless feeCurrency names another.' }),
    feeCurrency: id.optional().meta({ description: 'Present when the fee was paid in the base or a third currency.' }),
    feeQuote: decimal.optional().meta({ description: "A third-currency fee's value in quote at the trade's time, where a price was known." }),
    filled: decimal.meta({ description: 'Cumulative filled amount after this trade.' }),
    complete: z.boolean(),

  },
  'A trade filled (part of) an order; each trade once.',
);

export const orderCancelledSchema = envelopeOf(
  'OrderCancelled',
  DEAL_SCOPE,
  {
    ...order,
    status: z.enum(['canceled', 'expired']),
    filled: decimal,
    reason: reason.nullable(),
  },
  'An order ended before it filled completely: cancelled, or expired.',
);

export const orderRejectedSchema = envelopeOf('OrderRejected', DEAL_SCOPE, { ...order, reason }, 'The exchange refused an order.');

export const orderOutcomeUnknownSchema = envelopeOf('OrderOutcomeUnknown', DEAL_SCOPE, { ...order, reason }, 'An order was sent but its outcome is not known; only the exchange moves it on.');
