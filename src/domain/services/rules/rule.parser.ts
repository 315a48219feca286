import { ValidationError } from '../../shared/domain-error.js';

/** The syntax tree of a declarative entry rule, e.g. `rsi(14) < 30 and crossover(macd, signal)`. */
export type RuleNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'series'; readonly name: string; readonly args: readonly number[] }
  | { readonly kind: 'compare'; readonly op: '<' | '>' | '<=' | '>='; readonly left: RuleNode; readonly right: RuleNode }
  | { readonly kind: 'cross'; readonly direction: 'over' | 'under'; readonly left: RuleNode; readonly right: RuleNode }
  | { readonly kind: 'logic'; readonly op: 'and' | 'or'; readonly left: RuleNode; readonly right: RuleNode }
  | { readonly kind: 'not'; readonly operand: RuleNode };

/** Series a rule can name, with how many whole-number arguments each takes. */
export const SERIES: Readonly<Record<string, { readonly args: readonly number[] }>> = {
  close: { args: [0] },
  rsi: { args: [0, 1] },
  sma: { args: [1] },
  ema: { args: [1] },
  macd: { args: [0, 3] },
  signal: { args: [0, 3] },
  histogram: { args: [0, 3] },
};

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_]\w*)|(<=|>=|<|>|\(|\)|,))/y;

interface Token {
  readonly text: string;
  readonly column: number;
}

function tokenize(source: string, field: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) {
      const rest = source.slice(start);
      const column = start + (rest.length - rest.trimStart().length) + 1;
      throw new ValidationError(field, `unexpected "${rest.trimStart()[0] ?? ''}" at column ${column}`);
    }
    const text = (match[1] ?? match[2] ?? match[3]) as string;
    tokens.push({ text, column: match.index + match[0].length - text.length + 1 });
  }
  return tokens;
}

/**
 * How deep a rule's tree may be: parentheses, `not`, crossovers and chains of `and` / `or` each
 * add a level. Parsing and evaluating recurse once per level, so a rule nested thousands deep
 * would overflow the stack; no sensible rule comes near this.
 */
export const MAX_RULE_DEPTH = 100;

/** Parses a rule; a mistake is a ValidationError naming the field, the column and what was expected. */
export function parseRule(source: string, field = 'strategy.rule'): RuleNode {
  const tokens = tokenize(source, field);
  let at = 0;
  let depth = 0;
  /** One level deeper, refused past MAX_RULE_DEPTH naming the column of `token`. */
  const descend = (token: Token): void => {
    depth += 1;
    if (depth > MAX_RULE_DEPTH) throw new ValidationError(field, `nested more than ${MAX_RULE_DEPTH} deep at column ${token.column}`);
  };
  const peek = (): Token | undefined => tokens[at];
  const fail = (expected: string): never => {
    const token = peek();
    throw new ValidationError(field, token ? `expected ${expected} at column ${token.column}, got "${token.text}"` : `expected ${expected} at the end`);
  };
  const take = (text: string): void => {
    if (peek()?.text !== text) fail(`"${text}"`);
    at += 1;
  };
  /** `a op b op c` is a left-leaning tree one level deeper per operator. */
  const chain = (op: 'and' | 'or', operand: () => RuleNode): RuleNode => {
    const start = depth;
    let node = operand();
    for (let token = peek(); token?.text === op; token = peek()) {
      descend(token);
      at += 1;
      node = { kind: 'logic', op, left: node, right: operand() };
    }
    depth = start;
    return node;
  };
  const or = (): RuleNode => chain('or', and);
  const and = (): RuleNode => chain('and', not);
  const not = (): RuleNode => {
    const token = peek();
    if (token?.text !== 'not') return compare();
    descend(token);
    at += 1;
    const operand = not();
    depth -= 1;
    return { kind: 'not', operand };
  };
  const compare = (): RuleNode => {
    const left = primary();
    const op = peek()?.text;
    if (op !== '<' && op !== '>' && op !== '<=' && op !== '>=') return left;
    at += 1;
    return { kind: 'compare', op, left, right: primary() };
  };
  const primary = (): RuleNode => {
    const token = peek() ?? fail('a number, a series or "("');
    if (token.text === '(') {
      descend(token);
      at += 1;
      const inner = or();
      take(')');
      depth -= 1;
      return inner;
    }
    if (/^\d/.test(token.text)) {
      at += 1;
      return { kind: 'number', value: Number(token.text) };
    }
    if (token.text === 'crossover' || token.text === 'crossunder') {
      descend(token);
      at += 1;
      take('(');
      const left = primary();
      take(',');
      const right = primary();
      take(')');
      depth -= 1;
      return { kind: 'cross', direction: token.text === 'crossover' ? 'over' : 'under', left, right };
    }
    return series(token);
  };
  const series = (token: Token): RuleNode => {
    const spec = SERIES[token.text];
    if (!spec) throw new ValidationError(field, `unknown name "${token.text}" at column ${token.column}; use ${Object.keys(SERIES).join(', ')}, crossover, crossunder, and, or, not`);
    at += 1;
    const args: number[] = [];
    if (peek()?.text === '(') {
      at += 1;
      while (peek()?.text !== ')') {
        const arg = peek() ?? fail('")"');
        if (!/^\d+$/.test(arg.text) || Number(arg.text) < 1) throw new ValidationError(field, `${token.text} takes whole-number periods >= 1, got "${arg.text}" at column ${arg.column}`);
        args.push(Number(arg.text));
        at += 1;
        if (peek()?.text === ',') at += 1;
      }
      take(')');
    }
    if (!spec.args.includes(args.length)) throw new ValidationError(field, `${token.text} takes ${spec.args.join(' or ')} arguments, got ${args.length} at column ${token.column}`);
    return { kind: 'series', name: token.text, args };
  };
  const tree = or();
  if (at < tokens.length) fail('"and", "or" or the end');
  return tree;
}
