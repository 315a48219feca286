import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { MAX_YAML_ALIASES, parseConfigYaml } from '../../../src/infrastructure/config/config.loader.js';
import { ROOT } from '../../support/cli.js';

/**
 * parseConfigYaml reads plain YAML with js-yaml (fast when cold) and anything else with `yaml`.
 * What it returns must be what `yaml` alone returns, and what `yaml` refuses it must refuse:
 * this reference is the reader the loader used before js-yaml.
 */
function reference(text: string): { ok: true; value: unknown } | { ok: false } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? {} };
  } catch {
    return { ok: false };
  }
}

function agrees(text: string): void {
  const expected = reference(text);
  let got: { ok: true; value: unknown } | { ok: false };
  try {
    got = { ok: true, value: parseConfigYaml(text, 'test.yaml') };
  } catch {
    got = { ok: false };
  }
  expect(got, text).toEqual(expected);
}

/** Scalars YAML versions and readers disagree on, written unquoted. */
const TRICKY = ['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'True', 'TRUE', 'false', 'null', 'Null', 'NULL', '~', '0x1F', '0o17', '017', '08', '1_000', '1e3', '1E3', '.5', '+5', '-0', '0.0', '1.', '.inf', '-.Inf', '.NaN', '2024-01-01', '2024-01-01T00:00:00Z', '12:30', '1:30:00', '100', '0.004', '9007199254740993', '"quoted"', "'single'", 'BTC/USDT', '5m', '=', '<<', '!!str 12', '!!int "7"', '[]', '{}', '[1, 2]', '{a: 1}', ''];

const key = fc.constantFrom('symbol', 'dealQuota', 'profitMarkup', 'pairs', 'mode', 'a b', 'x:y', '1', 'true', 'null', '__proto__', 'constructor', 'é');
const scalar = fc.oneof(fc.constantFrom(...TRICKY.filter((t) => !t.startsWith('!!') && !t.startsWith('"') && !t.startsWith("'"))), fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
})).map;

describe('the config reader', () => {
  it('reads every config in the repository as `yaml` does', () => {
    for (const file of ['config/default.yaml', 'config/backtest.example.yaml', 'config/bots.example.yaml']) agrees(readFileSync(join(ROOT, file), 'utf8'));
  });

  it('reads every tricky scalar, unquoted, as `yaml` does', () => {
    for (const token of TRICKY) {
      agrees(`field: ${token}\n`);
      agrees(`list:\n  - ${token}\n`);
      agrees(`flow: { field: ${token} }\n`);
    }
  });

  it('refuses what `yaml` refuses, and reads aliases through it', () => {
    for (const text of ['a: 1\na: 2\n', 'a: [1, 2\n', 'a: &x 1\nb: *x\n', '---\na: 1\n---\nb: 2\n', 'a:\n\tb: 1\n', 'a: !!binary aGk=\n', 'a: !custom 1\n', '', '# only a comment\n', 'a: "\\x"\n']) agrees(text);
  });

  it('reads any mapping `yaml` writes, block or flow, as `yaml` reads it', () => {
    fc.assert(
      fc.property(value, fc.constantFrom('block', 'flow') as fc.Arbitrary<'block' | 'flow'>, (data, style) => {
        agrees(stringify(data, { collectionStyle: style }));
      }),
      { numRuns: 400 },
    );
  });
});
