import { Ema } from '../../../indicators/ema.js';
import { Macd } from '../../../indicators/macd.js';
import { Rsi } from '../../../indicators/rsi.js';
import { Sma } from '../../../indicators/sma.js';
import type { Candle } from '../../shared/candle.js';
import { ValidationError } from '../../shared/domain-error.js';
import type { Signal } from '../signal.service.js';
import type { PairStrategy, Strategy } from '../strategy.js';
import { parseRule, type RuleNode } from './rule.parser.js';

type Value = () => number;

/**
 * A strategy from a declarative rule in the config: BULLISH on the candles where the rule
 * holds, NEUTRAL otherwise. Every series updates on every candle, whatever the rule reads.
 */
export class RuleStrategy implements Strategy {
  readonly name = 'rule';
  readonly #tree: RuleNode;

  /** Throws ValidationError naming `field` for a rule that does not parse or does not make sense. */
  constructor(readonly source: string, field = 'strategy.rule') {
    this.#tree = parseRule(source, field);
    try {
      new RuleEvaluator(this.#tree);
    } catch (error) {
      throw new ValidationError(field, (error as Error).message);
    }
  }

  forPair(): PairStrategy {
    return new RuleEvaluator(this.#tree);
  }
}

class RuleEvaluator implements PairStrategy {
  #close = Number.NaN;
  readonly #updates: ((close: number) => void)[] = [];
  /** Runs after the rule was read: crosses remember this candle's values for the next one. */
  readonly #afterwards: (() => void)[] = [];
  readonly #macds = new Map<string, Macd>();
  readonly #rule: () => boolean;

  constructor(tree: RuleNode) {
    this.#rule = this.#condition(tree);
  }

  onCandle(candle: Candle): Signal {
    const close = candle.close;
    this.#close = close;
    for (const update of this.#updates) update(close);
    const holds = this.#rule();
    for (const remember of this.#afterwards) remember();
    return holds ? 'BULLISH' : 'NEUTRAL';
  }

  #condition(node: RuleNode): () => boolean {
    switch (node.kind) {
      case 'logic': {
        const left = this.#condition(node.left);
        const right = this.#condition(node.right);
        return node.op === 'and' ? () => left() && right() : () => left() || right();
      }
      case 'not': {
        const operand = this.#condition(node.operand);
        return () => !operand();
      }
      case 'compare': {
        const left = this.#value(node.left);
        const right = this.#value(node.right);
        if (node.op === '<') return () => left() < right();
        if (node.op === '>') return () => left() > right();
        if (node.op === '<=') return () => left() <= right();
        return () => left() >= right();
      }
      case 'cross': {
        const left = this.#value(node.left);
        const right = this.#value(node.right);
        let before = Number.NaN;
        this.#afterwards.push(() => {
          before = left() - right();
        });
        return node.direction === 'over' ? () => before <= 0 && left() - right() > 0 : () => before >= 0 && left() - right() < 0;
      }
      default:
        throw new Error(`a ${node.kind} is a value, not a condition; compare it, e.g. ${node.kind === 'number' ? 'close > 1' : `${node.name} > 0`}`);
    }
  }

  #value(node: RuleNode): Value {
    if (node.kind === 'number') return () => node.value;
    if (node.kind !== 'series') throw new Error('a condition cannot be compared; compare series and numbers');
    const [a, b, c] = node.args;
    switch (node.name) {
      case 'close':
        return () => this.#close;
      case 'rsi':
      case 'sma':
      case 'ema': {
        const indicator = node.name === 'rsi' ? new Rsi(a ?? 14) : node.name === 'sma' ? new Sma(a as number) : new Ema(a as number);
        this.#updates.push((close) => indicator.update(close));
        return () => indicator.value;
      }
      default: {
        const macd = this.#macd(a ?? 12, b ?? 26, c ?? 9);
        if (node.name === 'macd') return () => macd.macd;
        if (node.name === 'signal') return () => macd.signal;
        return () => macd.histogram;
      }
    }
  }

  /** One MACD per parameter set, shared by macd, signal and histogram. */
  #macd(fast: number, slow: number, signal: number): Macd {
    const key = `${fast},${slow},${signal}`;
    let macd = this.#macds.get(key);
    if (!macd) {
      const created = new Macd(fast, slow, signal);
      this.#updates.push((close) => created.update(close));
      this.#macds.set(key, created);
      macd = created;
    }
    return macd;
  }
}
