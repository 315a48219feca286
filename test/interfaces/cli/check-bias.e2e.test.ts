import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StrategyOver } from '../../../src/application/check-bias/look-ahead.js';
import type { Signal } from '../../../src/domain/services/signal.service.js';
import type { Candle } from '../../../src/domain/shared/candle.js';
import { parseConfigYaml, validateConfig } from '../../../src/infrastructure/config/config.loader.js';
import { checkBiasCommand } from '../../../src/interfaces/cli/check-bias.command.js';
import { CLI_DEPS } from '../../../src/main.js';
import { ROOT } from '../../support/cli.js';
import { fixtureConfigText, optimizeFixture } from '../../support/optimize-fixture.js';

const dealbot = (args: readonly string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

/** Cheats: BULLISH when the next candle of the series it was built over closes higher. */
const peeksNext: StrategyOver = (visible) => ({
  name: 'peeks-next',
  forPair: () => {
    let at = 0;
    return {
      onCandle: (candle: Candle): Signal => {
        at += 1;
        const next = visible[at];
        return next !== undefined && next.close > candle.close ? 'BULLISH' : 'NEUTRAL';
      },
    };
  },
});

describe('dealbot check-bias', () => {
  let fixture: Awaited<ReturnType<typeof optimizeFixture>>;
  let ruleConfig: string;
  beforeAll(async () => {
    fixture = await optimizeFixture({ pairs: 2, candles: 1500 });
    ruleConfig = join(fixture.dir, 'rule.yaml');
    writeFileSync(ruleConfig, fixtureConfigText(fixture.symbols, 'strategy:\n  rule: "rsi(14) < 45 and crossover(ema(9), sma(21))"\n'));
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('passes the default strategy and a rule, one line per pair, exit 0', () => {
    const run = dealbot(['check-bias', '-c', fixture.config, '--data-dir', fixture.dataDir]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        'Look-ahead check of the default strategy (RSI 14 / MACD 12,26,9) on 2 pairs, 1m',
        `${fixture.symbols[0]}: OK (1,500 candles, 243 cut points)`,
        `${fixture.symbols[1]}: OK (1,500 candles, 243 cut points)`,
        'No look-ahead bias found',
        '',
      ].join('\n'),
    );
    const rule = dealbot(['check-bias', '-c', ruleConfig, '--data-dir', fixture.dataDir, '--pairs', fixture.symbols[1]!]);
    expect(rule.status, rule.stderr).toBe(0);
    expect(rule.stdout).toContain('Look-ahead check of the rule "rsi(14) < 45 and crossover(ema(9), sma(21))" on 1 pair, 1m\n');
    expect(rule.stdout).toContain(`${fixture.symbols[1]}: OK (1,500 candles, 243 cut points)\n`);
  }, 60_000);

  it('--from checks from there, after the windowSize candles before it', async () => {
    const first = (await (await CLI_DEPS.candleStore(fixture.dataDir)).read(fixture.symbols[0]!, '1m'))[0]!.openTime;
    const strategy = await CLI_DEPS.strategyOver(validateConfig(parseConfigYaml(readFileSync(fixture.config, 'utf8'), 'c.yaml'), 'c.yaml'));
    // the lengths of the series the strategy is run over: the full one, then one per cut
    const lengths: number[] = [];
    const noting: StrategyOver = (visible) => {
      lengths.push(visible.length);
      return strategy(visible);
    };
    const out = await checkBiasCommand({ ...CLI_DEPS, strategyOver: async () => noting }, { config: fixture.config, dataDir: fixture.dataDir, pairs: [fixture.symbols[0]!], from: first + 700 * 60_000, to: first + 1200 * 60_000 });
    expect(out).toContain(`${fixture.symbols[0]}: OK (500 candles, 500 cut points)`);
    // windowSize 100 candles before --from, then the 500 checked; the first cut ends at the candle of --from
    expect(Math.max(...lengths)).toBe(600);
    expect(Math.min(...lengths)).toBe(101);
  });

  it('names a strategy that reads the next candle and the first candle where it differs; exit code 1', async () => {
    const out = await checkBiasCommand({ ...CLI_DEPS, strategyOver: async () => peeksNext }, { config: fixture.config, dataDir: fixture.dataDir });
    expect(out).toMatch(new RegExp(`^${fixture.symbols[0]!.replace('/', '\\/')}: LOOK-AHEAD BIAS in strategy peeks-next: at the candle of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d(:\\d\\d)? UTC the full series gives BULLISH, the series cut there gives NEUTRAL$`, 'm'));
    expect(out).toMatch(/^2 of 2 pairs biased$/m);
    expect(process.exitCode).toBe(1);
  });

  it.each([
    [['--from', '2024-02-01', '--to', '2024-01-01'], 2, /^dealbot: --from 2024-02-01 00:00(:00)? is not before --to 2024-01-01 00:00(:00)?$/],
    [['--pairs', 'NOPE/USDT'], 1, /^dealbot: --pairs: NOPE\/USDT not in .*config\.yaml$/],
  ])('bad input %j is one line, exit %i', (args, code, line) => {
    const run = dealbot(['check-bias', '-c', fixture.config, '--data-dir', fixture.dataDir, ...args]);
    expect(run.status).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr.trim()).toMatch(line);
  }, 60_000);

  it('a pair without stored candles is one line, exit 1', () => {
    const run = dealbot(['check-bias', '-c', fixture.config, '--data-dir', join(fixture.dir, 'empty')]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^dealbot: .*candles/);
  }, 60_000);
});
