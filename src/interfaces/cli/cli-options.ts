import { InvalidArgumentError } from 'commander';
import { isTimeframe, type Timeframe } from '../../domain/shared/candle.js';
import { MAX_FEE_RATE } from '../../infrastructure/config/fee-limit.js';

/**
 * Parsers of option values. Each refuses a bad value with InvalidArgumentError, which commander
 * reports as one line naming the option, with exit code 2 (a bad command line).
 */

const PAIR = /^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/;

/** A whole number >= 0 that a double holds exactly (`1e23` or 24 digits would be silently rounded). */
export function wholeNumber(name: string, least = 0) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < least) throw new InvalidArgumentError(`${name} must be a whole number >= ${least}, got "${value}"`);
    if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be a whole number >= ${least} and at most ${Number.MAX_SAFE_INTEGER}, got "${value}"`);
    return n;
  };
}

const DAY = /^(\d{4})-(\d\d)-(\d\d)$/;
const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$/;

/**
 * A UTC day `YYYY-MM-DD` or a full ISO date-time with its zone; anything else, and days or times
 * that do not exist (2018-02-30, 25:00), is refused rather than rolled over or guessed.
 */
export function utcDate(flag: string) {
  return (value: string): number => {
    const day = DAY.exec(value) ?? DATE_TIME.exec(value);
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = day ?? [];
    const ms = Date.parse(DAY.test(value) ? `${value}T00:00:00Z` : value);
    // Date.UTC rolls 2018-02-30 over to March 2: a changed month means the day does not exist
    const calendar = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    const exists = day !== null && Number.isFinite(ms) && calendar.getUTCMonth() === Number(mo) - 1 && Number(h) < 24 && Number(mi) < 60 && Number(s) < 60;
    if (!exists) throw new InvalidArgumentError(`${flag} must be a date like 2018-01-15 or 2018-01-15T12:00:00Z, got "${value}"`);
    return ms;
  };
}

/**
 * `a < b` for plain decimals (digits, an optional fraction), exactly: both as integers scaled to
 * the longer fraction. Here rather than the domain's decimals, whose big.js every `dealbot --help`
 * would load for this one comparison (every command's parsers load with the command line).
 */
function plainDecimalBelow(a: string, b: string): boolean {
  const [aWhole = '', aFraction = ''] = a.split('.');
  const [bWhole = '', bFraction = ''] = b.split('.');
  const scale = Math.max(aFraction.length, bFraction.length);
  return BigInt(aWhole + aFraction.padEnd(scale, '0')) < BigInt(bWhole + bFraction.padEnd(scale, '0'));
}

/** A fee rate: a plain decimal in [0, MAX_FEE_RATE). */
export function feeRate(flag: string) {
  return (value: string): string => {
    if (!/^\d+(\.\d+)?$/.test(value) || !plainDecimalBelow(value, MAX_FEE_RATE)) throw new InvalidArgumentError(`${flag} must be a rate >= 0 and < ${MAX_FEE_RATE}, e.g. 0.001 for 0.1%, got "${value}"`);
    return value;
  };
}

/** An amount: a plain decimal > 0. */
export function positiveDecimal(flag: string) {
  return (value: string): string => {
    if (!/^\d+(\.\d+)?$/.test(value) || !/[1-9]/.test(value)) throw new InvalidArgumentError(`${flag} must be a decimal number > 0 like 1000 or 0.5, got "${value}"`);
    return value;
  };
}

export function timeframeOption(flag: string) {
  return (value: string): Timeframe => {
    if (!isTimeframe(value)) throw new InvalidArgumentError(`${flag} must be one of 1m 3m 5m 15m 30m 1h 4h 1d, got "${value}"`);
    return value;
  };
}

export function pairOption(value: string): string {
  if (!PAIR.test(value)) throw new InvalidArgumentError(`pair "${value}" must look like BASE/QUOTE in capitals, e.g. BTC/USDT`);
  return value;
}

/** Comma-separated pairs, each BASE/QUOTE, at least one, duplicates dropped. */
export function pairList(flag: string) {
  return (value: string): string[] => {
    const pairs = [...new Set(value.split(',').map((s) => s.trim()).filter(Boolean))];
    pairs.forEach(pairOption);
    if (pairs.length === 0) throw new InvalidArgumentError(`${flag}: name at least one pair, e.g. BTC/USDT,ETH/USDT`);
    return pairs;
  };
}

/** One of a fixed list of words. */
export function choice<T extends string>(flag: string, choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`${flag} must be one of ${choices.join(', ')}, got "${value}"`);
    return value as T;
  };
}

/** Where state is kept: the --database flag, then DATABASE_URL, then the config's `database`. */
export function databaseUrl(flag: string | undefined, configured: () => string): string {
  return flag ?? process.env.DATABASE_URL ?? configured();
}

/** A ccxt exchange id: lower-case letters and digits. */
export function exchangeId(flag: string) {
  return (value: string): string => {
    if (!/^[a-z0-9]+$/.test(value)) throw new InvalidArgumentError(`${flag} must be a ccxt exchange id like binance, got "${value}"`);
    return value;
  };
}
