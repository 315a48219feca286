import { z } from 'zod';

export const DECIMAL = /^\d+(\.\d+)?$/;

/** A decimal given as YAML number or string, kept as exact text. */
export const decimal = (rule: 'positive' | 'non-negative') =>
  z
    .union([z.number(), z.string()])
    .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
    .refine((v) => DECIMAL.test(v), { message: 'must be a plain decimal number like 0.01' })
    .refine((v) => (rule === 'positive' ? Number(v) > 0 && /[1-9]/.test(v) : true), { message: 'must be > 0' });
