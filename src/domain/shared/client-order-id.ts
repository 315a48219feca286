import { DomainError } from './domain-error.js';

/** Characters and length every major exchange accepts in a client order id. */
export const CLIENT_ORDER_ID_PATTERN = /^[.A-Za-z:/0-9_-]{1,36}$/;

/**
 * b = buy (a DCA deal's base order), d = DCA safety buy (its number as the attempt; `d2r1` is
 * level 2 placed again after the bot's shutdown cancelled `d2`), s = take-profit sell, x = exit
 * (market) sell.
 */
export type OrderLeg = 'b' | 'd' | 's' | 'x';

/** Deterministic: deal id + leg + attempt (+ `r<replacement>` when above 0), behind the bot's prefix. */
export function buildClientOrderId(prefix: string, dealId: string, leg: OrderLeg, attempt: number, replacement = 0): string {
  const id = `${prefix}${dealId}-${leg}${attempt}${replacement > 0 ? `r${replacement}` : ''}`;
  if (!CLIENT_ORDER_ID_PATTERN.test(id)) throw new DomainError(`client order id "${id}" breaks ${CLIENT_ORDER_ID_PATTERN.source}`, 'CLIENT_ORDER_ID');
  return id;
}

/** The leg letter of one of this bot's client order ids (the character after the last `-`). */
export function orderLeg(clientOrderId: string): string {
  return clientOrderId.charAt(clientOrderId.lastIndexOf('-') + 1);
}

/** The parts of one of this bot's client order ids (`replacement` only for a re-placed safety buy), or null when it is not one. */
export function parseClientOrderId(prefix: string, clientOrderId: string): { dealId: string; leg: OrderLeg; attempt: number; replacement?: number } | null {
  if (!clientOrderId.startsWith(prefix)) return null;
  const match = /^([A-Za-z0-9]+)-(?:([bsx])(\d+)|d(\d+)(?:r(\d+))?)$/.exec(clientOrderId.slice(prefix.length));
  if (!match) return null;
  if (match[2] !== undefined) return { dealId: match[1] as string, leg: match[2] as OrderLeg, attempt: Number(match[3]) };
  return { dealId: match[1] as string, leg: 'd', attempt: Number(match[4]), ...(match[5] === undefined ? {} : { replacement: Number(match[5]) }) };
}
