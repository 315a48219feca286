import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '../../domain/ports/id-generator.port.js';

/**
 * Deal ids: a run tag (random per run unless given, so restarts never reuse an id) and a
 * counter, in base 36. Deterministic when the tag is fixed, as backtests need.
 */
export class SequentialIds implements IdGenerator {
  #counter = 0;
  readonly tag: string;

  constructor(tag?: string) {
    this.tag = tag ?? randomBytes(4).readUInt32BE(0).toString(36).padStart(7, '0').slice(0, 7);
    if (!/^[A-Za-z0-9]{0,8}$/.test(this.tag)) throw new RangeError(`id tag must be up to 8 letters or digits, got "${this.tag}"`);
  }

  nextDealId(): string {
    this.#counter += 1;
    return `${this.tag}${this.#counter.toString(36).padStart(4, '0')}`;
  }
}
