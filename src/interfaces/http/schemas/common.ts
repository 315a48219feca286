import { z } from 'zod';

/** A plain decimal > 0 as a string ("0.00123"), the way money travels in this API. */
export const positiveDecimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, { message: 'must be a decimal > 0 written as a string, e.g. "0.01"', abort: true })
  .refine((v) => /[1-9]/.test(v), 'must be a decimal > 0')
  .meta({ example: '0.01' });

export const symbol = z.string().regex(/^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/, 'must look like BASE/QUOTE in capitals, e.g. BTC/USDT').meta({ example: 'BTC/USDT' });

/** Decimal text in answers. */
const decimalText = z.string().meta({ example: '0.00123' });
const time = z.number().int().meta({ description: 'milliseconds since the epoch, UTC' });

export const errorSchema = z
  .object({
    error: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });

export const pauseSchema = z.object({ pair: z.string().nullable(), until: time.nullable(), reason: z.string() }).meta({ id: 'Pause' });

export const dealSchema = z
  .object({
    id: z.string(),
    pair: z.string(),
    bot: z.string().meta({ description: "The bot whose deal it is; 'default' without bots: in the config." }),
    status: z.enum(['pending', 'open', 'closing', 'closed', 'cancelled']),
    createdAt: time,
    closedAt: time.nullable(),
    bought: decimalText,
    averageBuy: decimalText.nullable(),
    sold: decimalText,
    pnl: decimalText.nullable(),
    unrealisedPnl: decimalText.nullable(),
    dust: decimalText.nullable(),
    reason: z.string().nullable(),
    recovered: z.boolean(),
  })
  .meta({ id: 'Deal' });

const fillSchema = z.object({ tradeId: z.string(), price: decimalText, amount: decimalText, fee: decimalText, feeCurrency: z.string(), at: time });

export const orderSchema = z
  .object({
    clientOrderId: z.string(),
    side: z.enum(['buy', 'sell']),
    type: z.string(),
    status: z.string(),
    price: decimalText.nullable(),
    amount: decimalText,
    filled: decimalText,
    average: decimalText.nullable(),
    fee: decimalText,
    feeCurrency: z.string(),
    createdAt: time,
    fills: z.array(fillSchema),
  })
  .meta({ id: 'Order' });

/** The error answers a route may give, for the OpenAPI document. */
export function errors(...statuses: number[]): Record<number, typeof errorSchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorSchema]));
}
