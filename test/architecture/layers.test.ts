import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');
// A cruise of src/ takes seconds, more on a busy machine.
const CRUISE_MS = 120_000;

/** A package by its name, wherever node_modules is. */
const packageName = (path: string): string => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? path;

/** The rules `npm run lint` checks (.dependency-cruiser.cjs), run over `src/` under `root`: "rule: from -> to" per violation. */
async function violations(root: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'));
  const cruised = await cruise(['src'], { ...options, baseDir: root }, {}, { tsConfig: extractTSConfig(join(ROOT, 'tsconfig.json')) });
  const result = cruised.output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${packageName(v.to)}`).sort();
}

/**
 * A small src/ with one planted import per rule, and imports the rules allow (big.js in the
 * domain; interfaces -> application, infrastructure; main.ts and main/ -> infrastructure) that must pass.
 */
const PLANTED: Record<string, string> = {
  'src/main.ts': "import type { Store } from './infrastructure/store.js';\nexport type Main = Store;\n",
  'src/indicators/rsi.ts': "import type { Candle } from '../domain/shared/candle.js';\nexport type Rsi = Candle;\n",
  'src/domain/shared/candle.ts': "import type { Big } from 'big.js';\nimport type { Clock } from '../../infrastructure/clock.js';\nexport type Candle = [Big, Clock];\n",
  'src/domain/order/order.ts': "import { readFileSync } from 'node:fs';\nimport type { Rule } from '../services/rule.js';\nexport const order = (rule: Rule) => readFileSync(rule);\n",
  'src/domain/services/rule.ts': "import type { order } from '../order/order.js';\nexport type Rule = Parameters<typeof order>[0] & string;\n",
  'src/application/open-deal.ts':
    "import { pino } from 'pino';\nimport type { Store } from '../infrastructure/store.js';\nimport type { Main } from '../main.js';\nexport type OpenDeal = [typeof pino, Store, Main];\n",
  'src/infrastructure/store.ts': 'export type Store = string;\n',
  'src/main/compose.ts': "import type { Store } from '../infrastructure/store.js';\nexport type Composed = Store;\n",
  'src/interfaces/compose-user.ts': "import type { Composed } from '../main/compose.js';\nexport type User = Composed;\n",
  'src/infrastructure/clock.ts': "import type { OpenDeal } from '../application/open-deal.js';\nimport type { Cli } from '../interfaces/cli.js';\nexport type Clock = [OpenDeal, Cli];\n",
  'src/interfaces/cli.ts':
    "import type { OpenDeal } from '../application/open-deal.js';\nimport type { Store } from '../infrastructure/store.js';\nimport { describe } from 'vitest';\nimport type { Gone } from './gone.js';\nexport type Cli = [OpenDeal, Store, typeof describe, Gone];\n",
};

const EXPECTED = [
  'application-imports-only-its-own: src/application/open-deal.ts -> pino',
  'application-imports-only-its-own: src/application/open-deal.ts -> src/infrastructure/store.ts',
  'application-imports-only-its-own: src/application/open-deal.ts -> src/main.ts',
  'domain-imports-only-its-own: src/domain/order/order.ts -> fs',
  'domain-imports-only-its-own: src/domain/shared/candle.ts -> src/infrastructure/clock.ts',
  'domain-model-not-to-services: src/domain/order/order.ts -> src/domain/services/rule.ts',
  'indicators-imports-only-its-own: src/indicators/rsi.ts -> src/domain/shared/candle.ts',
  'infrastructure-not-to-application-or-interfaces: src/infrastructure/clock.ts -> src/application/open-deal.ts',
  'infrastructure-not-to-application-or-interfaces: src/infrastructure/clock.ts -> src/interfaces/cli.ts',
  'no-circular: src/domain/order/order.ts -> src/domain/services/rule.ts',
  'not-to-dev-dependency: src/interfaces/cli.ts -> vitest',
  'not-to-unresolvable: src/interfaces/cli.ts -> ./gone.js',
  'nothing-imports-main: src/application/open-deal.ts -> src/main.ts',
  'nothing-imports-main: src/interfaces/compose-user.ts -> src/main/compose.ts',
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('dependency rule (DESIGN.md section 1), as npm run lint checks it', () => {
  // Inside the project, so that package imports resolve to its node_modules and package.json.
  const planted = mkdtempSync(join(ROOT, '.layers-planted-'));
  afterAll(() => rmSync(planted, { recursive: true, force: true }));

  it('src/ breaks no rule and has no import circle', { timeout: CRUISE_MS }, async () => {
    expect(await violations(ROOT)).toEqual([]);
  });

  it('every rule fails on a planted violation, and allowed imports pass', { timeout: CRUISE_MS }, async () => {
    for (const [path, text] of Object.entries(PLANTED)) {
      mkdirSync(dirname(join(planted, path)), { recursive: true });
      writeFileSync(join(planted, path), text);
    }
    expect(await violations(planted)).toEqual(EXPECTED);
  });

  it('domain/ uses no clock, randomness or timers', () => {
    const offenders = files(join(SRC, 'domain'))
      .concat(files(join(SRC, 'indicators')))
      .filter((f) => /Date\.now\(|new Date\(|Math\.random\(|setTimeout\(|setInterval\(|process\./.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});
