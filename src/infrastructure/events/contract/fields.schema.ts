import { z } from 'zod';
import { ORDER_STATUSES } from '../../../domain/order/order-status.js';

/** Exact decimals as plain text, never a JSON number: `0`, `100`, `0.00012`. */
export const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "100.25"').meta({ description: 'A non-negative exact decimal as text, no exponent.' });

/** A decimal that may be negative (profit and loss). */
export const signedDecimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "-1.5"').meta({ description: 'An exact decimal as text, negative for a loss, no exponent.' });

/** A non-empty identifier. */
export const id = z.string().min(1, 'must not be empty');

export const side = z.enum(['buy', 'sell']);
export const orderType = z.enum(['limit', 'market']);
export const orderStatus = z.enum(ORDER_STATUSES);

/** ISO 8601 in UTC with milliseconds, e.g. `2024-05-01T12:30:00.000Z`. */
export const isoUtc = z.iso.datetime({ precision: 3, message: 'must be ISO 8601 UTC with milliseconds, e.g. 2024-05-01T12:30:00.000Z' }).meta({ description: 'When it happened: ISO 8601 UTC with milliseconds (market time in paper runs over history).' });

/** A time in milliseconds since the Unix epoch. */
export const epochMs = z.int('must be an integer number of milliseconds').min(0, 'must be >= 0').meta({ description: 'Milliseconds since the Unix epoch.' });

/** A human-readable reason, one line. */
export const reason = z.string().min(1, 'must not be empty');
