import Big from 'big.js';
import { isSafe, MAX_SCALE, POW10, ROUND_HALF_EVEN, roundedQuotient, SAFE, shortestScaleOf, type RoundingMode } from './scaled-integer.js';

export { ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, type RoundingMode } from './scaled-integer.js';

/**
 * dealbot's own big.js constructor (its settings apply to no one else): division keeps 40
 * places rounding half to even, and text never switches to exponent notation for realistic values.
 */
const B = Big();
B.DP = 40;
B.RM = Big.roundHalfEven;
B.NE = -60;
B.PE = 60;

export type DecimalInput = string | number | Decimal;

const TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/;

/**
 * An exact decimal number that no one changes. Most money is a short decimal: a price of 8
 * decimals, an amount, their product. Such a value is held as a whole number m and a scale k
 * (the value is m / 10^k) and computed with integer arithmetic on doubles (scaled-integer.ts),
 * each operation checking that it stayed exact. Any other value, and every division, goes to
 * big.js with the same settings as before: the results are the same, digit for digit.
 *
 * The form is canonical: a value that fits is always held as (m, k) with the smallest k, any
 * other in big form. The form is private: the methods below answer what callers need to know.
 */
export class Decimal {
  /** The whole number m of m / 10^k; NaN in big form. */
  readonly #m: number;
  /** The scale k (0..22): the decimals of the value; 0 in big form. */
  readonly #k: number;
  /** The value when it does not fit m / 10^k; null when it does. */
  readonly #big: Big | null;

  private constructor(m: number, k: number, big: Big | null) {
    this.#m = m;
    this.#k = k;
    this.#big = big;
  }

  static readonly ZERO: Decimal = new Decimal(0, 0, null);

  /** m / 10^k for a safe whole m and k >= 0, in canonical form. */
  static scaled(m: number, k: number): Decimal {
    if (m === 0) return Decimal.ZERO;
    while (k > 0 && m % 10 === 0) {
      m /= 10;
      k -= 1;
    }
    return k <= MAX_SCALE ? new Decimal(m, k + 0, null) : Decimal.fromBig(new B(`${m}e-${k}`)); // + 0: a scale of -0 (rounding to -0 places) is 0
  }

  /** A big.js value of dealbot's constructor, in canonical form. */
  static fromBig(value: Big): Decimal {
    const c = value.c;
    if (c[0] === 0) return Decimal.ZERO;
    const digits = c.length;
    const k = digits - value.e - 1;
    if (digits <= 16 && k <= MAX_SCALE) {
      // below 10^15 every step is exact; a 16th digit that goes past 2^53 shows as > SAFE
      let m = 0;
      for (let i = 0; i < digits; i += 1) m = m * 10 + (c[i] as number);
      if (k < 0) m = -k <= MAX_SCALE ? m * (POW10[-k] as number) : Number.POSITIVE_INFINITY;
      if (m <= SAFE) return new Decimal(value.s < 0 ? -m : m, k < 0 ? 0 : k, null);
    }
    return new Decimal(Number.NaN, 0, value);
  }

  /** Parses decimal text: digits, an optional fraction and exponent. `shown` is what an error quotes (the text as given). */
  static parse(text: string, shown: string = text): Decimal {
    const match = TEXT.exec(text);
    if (match === null) throw new RangeError(`not a decimal number: "${shown}"`);
    const fraction = match[3] ?? '';
    const exponent = match[4] === undefined ? 0 : Number(match[4]);
    let digits = `${match[2] as string}${fraction}`;
    let start = 0;
    while (start < digits.length - 1 && digits.charCodeAt(start) === 48) start += 1;
    if (start > 0) digits = digits.slice(start);
    const k = fraction.length - exponent;
    if (digits.length <= 16 && k >= 0 && k <= MAX_SCALE) {
      const m = Number(digits); // <= 16 digits: exact below 2^53, and > SAFE beyond it
      if (m <= SAFE) return Decimal.scaled(match[1] === '-' ? -m : m, k);
    }
    return Decimal.fromBig(new B(text));
  }

  static of(value: DecimalInput): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
      if (Number.isSafeInteger(value)) return Decimal.scaled(value, 0);
      const k = shortestScaleOf(value);
      return k > 0 ? Decimal.scaled(Math.round(value * (POW10[k] as number)), k) : Decimal.parse(String(value));
    }
    return Decimal.parse(value);
  }

  plus(other: DecimalInput): Decimal {
    return this.sum(Decimal.of(other), 1);
  }

  minus(other: DecimalInput): Decimal {
    return this.sum(Decimal.of(other), -1);
  }

  times(other: DecimalInput): Decimal {
    const y = Decimal.of(other);
    if (this.#big === null && y.#big === null) {
      const product = this.#m * y.#m;
      if (isSafe(product)) return Decimal.scaled(product, this.#k + y.#k);
    }
    return Decimal.fromBig(this.toBig().times(y.toBig()));
  }

  /** To 40 places, rounding half to even (big.js's division with dealbot's settings); throws on a zero divisor. */
  div(other: DecimalInput): Decimal {
    return Decimal.fromBig(this.toBig().div(Decimal.of(other).toBig()));
  }

  mod(other: DecimalInput): Decimal {
    return Decimal.fromBig(this.toBig().mod(Decimal.of(other).toBig()));
  }

  pow(exponent: number): Decimal {
    return Decimal.fromBig(this.toBig().pow(exponent));
  }

  sqrt(): Decimal {
    return Decimal.fromBig(this.toBig().sqrt());
  }

  abs(): Decimal {
    if (this.#big !== null) return new Decimal(Number.NaN, 0, this.#big.abs());
    return this.#m < 0 ? new Decimal(-this.#m, this.#k, null) : this;
  }

  neg(): Decimal {
    return this.#big === null ? Decimal.scaled(-this.#m, this.#k) : new Decimal(Number.NaN, 0, this.#big.neg());
  }

  /** -1, 0 or 1 as this is below, equal to or above other. */
  cmp(other: DecimalInput): -1 | 0 | 1 {
    const y = Decimal.of(other);
    if (this.#big === null && y.#big === null) {
      let a = this.#m;
      let b = y.#m;
      // a side scaled past 2^53 is larger in size than the other, which is within it: its sign decides
      if (this.#k < y.#k) a *= POW10[y.#k - this.#k] as number;
      else if (y.#k < this.#k) b *= POW10[this.#k - y.#k] as number;
      return a < b ? -1 : a > b ? 1 : 0;
    }
    return this.toBig().cmp(y.toBig()) as -1 | 0 | 1;
  }

  eq(other: DecimalInput): boolean {
    return this.cmp(other) === 0;
  }

  lt(other: DecimalInput): boolean {
    return this.cmp(other) < 0;
  }

  lte(other: DecimalInput): boolean {
    return this.cmp(other) <= 0;
  }

  gt(other: DecimalInput): boolean {
    return this.cmp(other) > 0;
  }

  gte(other: DecimalInput): boolean {
    return this.cmp(other) >= 0;
  }

  /** -1, 0 or 1 as this is below, at or above zero. */
  sign(): -1 | 0 | 1 {
    if (this.#big === null) return this.#m > 0 ? 1 : this.#m < 0 ? -1 : 0;
    return this.#big.s < 0 ? -1 : 1; // big form is never zero
  }

  /** Digits after the point (0 for a whole number). */
  decimals(): number {
    return this.#big === null ? this.#k : Math.max(0, this.#big.c.length - this.#big.e - 1);
  }

  /** The exponent of the leading digit: this = d.ddd x 10^exponent. */
  exponent(): number {
    return this.#big === null ? String(Math.abs(this.#m)).length - 1 - this.#k : this.#big.e;
  }

  /** The exponent of the last digit: this = coefficient() x 10^lowExponent(). */
  lowExponent(): number {
    return this.#big === null ? -this.#k : this.#big.e - this.#big.c.length + 1;
  }

  /** The whole number c with this = c x 10^lowExponent(). */
  coefficient(): bigint {
    const big = this.#big;
    return big === null ? BigInt(this.#m) : BigInt(big.c.join('')) * (big.s < 0 ? -1n : 1n);
  }

  /** 1, 10, 0.1, 0.00001, ...: a power of ten. */
  isPowerOfTen(): boolean {
    const big = this.#big;
    if (big !== null) return big.c.length === 1 && big.c[0] === 1;
    return this.#m === 1 || (this.#k === 0 && /^10*$/.test(String(this.#m)));
  }

  /**
   * this x 10^scale (scale 0..22) when that is a whole number within 2^53, which a double holds
   * exactly; NaN otherwise. Two short values at the larger of their decimals are two such wholes.
   */
  wholeAtScale(scale: number): number {
    if (this.#big !== null || scale < this.#k || scale > MAX_SCALE) return Number.NaN;
    const whole = this.#m * (POW10[scale - this.#k] as number);
    return isSafe(whole) ? whole : Number.NaN;
  }

  /** To `places` decimals (negative: to tens, hundreds, ...), by `mode` (half to even unless told). */
  round(places = 0, mode: RoundingMode = ROUND_HALF_EVEN): Decimal {
    if (this.#big === null && places >= 0) {
      if (this.#k <= places) return this;
      const drop = this.#k - places;
      if (drop <= MAX_SCALE) return Decimal.scaled(roundedQuotient(this.#m, POW10[drop] as number, mode), places);
    }
    return Decimal.fromBig(this.toBig().round(places, mode));
  }

  /** Text with exactly `places` decimals (half to even unless told). */
  toFixed(places?: number, mode?: RoundingMode): string {
    return this.toBig().toFixed(places, mode);
  }

  toNumber(): number {
    // m and 10^k are exact doubles, so their quotient is the double nearest the value, as parsing its text gives
    return this.#big === null ? this.#m / (POW10[this.#k] as number) : Number(this.#big.toString());
  }

  /** Plain decimal text, no exponent: the same text as big.js. */
  toString(): string {
    if (this.#big !== null) return this.#big.toString();
    const k = this.#k;
    if (k === 0) return String(this.#m);
    const negative = this.#m < 0;
    let digits = String(negative ? -this.#m : this.#m);
    if (digits.length <= k) digits = '0'.repeat(k - digits.length + 1) + digits;
    const point = digits.length - k;
    return `${negative ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
  }

  toJSON(): string {
    return this.toString();
  }

  valueOf(): string {
    return this.toString();
  }

  /** The same value as a big.js number of dealbot's constructor (big.js's methods never change it). */
  toBig(): Big {
    return this.#big ?? (this.#k === 0 ? new B(this.#m) : new B(`${this.#m}e-${this.#k}`));
  }

  /**
   * this + sign x y. A TypeScript-private method, not an ES one (#): tsc would then alias the
   * class in its static initializers before the alias is set, and ZERO would fail to build.
   */
  private sum(y: Decimal, sign: 1 | -1): Decimal {
    if (this.#big === null && y.#big === null) {
      let a = this.#m;
      let b = sign * y.#m;
      const k = this.#k >= y.#k ? this.#k : y.#k;
      if (this.#k < k) a *= POW10[k - this.#k] as number;
      else if (y.#k < k) b *= POW10[k - y.#k] as number;
      const sum = a + b;
      if (isSafe(a) && isSafe(b) && isSafe(sum)) return Decimal.scaled(sum, k);
    }
    return Decimal.fromBig(sign > 0 ? this.toBig().plus(y.toBig()) : this.toBig().minus(y.toBig()));
  }
}
