import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configCheckCommand } from '../../../src/interfaces/cli/config-check.command.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const DEFAULT_YAML = readFileSync(join(ROOT, 'config/default.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'dealbot-config-check-dca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example as the top-level dca of the default config. */
const DCA = 'dca: { baseOrder: "10", safetyOrder: "20", maxSafetyOrders: 3, deviation: "0.01", stepScale: "1.5", volumeScale: "2", takeProfit: "0.015" }\n';

function configFile(edit: (text: string) => string): string {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, edit(DEFAULT_YAML));
  return path;
}

/** The default config with `dca` at top level, ETH/USDT with its own `ethDca` line, SOL/USDT without DCA. */
const dcaConfig = (dca: string, ethDca = '', source = 'simulated'): string =>
  configFile((t) =>
    t
      .replace('pairs:\n', `${dca}pairs:\n`)
      .replace('    dealQuota: "300"\n', `    dealQuota: "300"\n${ethDca}`)
      .replace('    dealQuota: "200"\n', '    dealQuota: "200"\n    dca: null\n')
      .replace('source: simulated', `source: ${source}`),
  );

function dealbot(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('dealbot config check: DCA pairs', () => {
  it('prints per DCA pair its max budget, exits and the ladder priced from the simulated start price', () => {
    const path = dcaConfig(DCA, '    dca: { maxSafetyOrders: 2, maxActiveSafetyOrders: 2, stopLoss: { drop: "0.1", from: average } }\n');
    const lines = configCheckCommand(path, {}).split('\n');
    expect(lines[0]).toMatch(/: OK, paper mode, 3 pairs \(BTC\/USDT, ETH\/USDT, SOL\/USDT\), 1m candles$/);
    // BTC/USDT at 60000 (step 0.01, amount step 0.00001): 10 / 60000 = 0.000166.., 20 / 59400 = 0.000336.., 40 / 58500 = 0.000683.., 80 / 57150 = 0.001399..
    expect(lines.slice(1, 10)).toEqual([
      'BTC/USDT: DCA, max budget for this pair: 300 USDT (2 deals x 150: base order 10 + 3 safety orders 140; dealQuota 500)',
      '  take profit 1.5% above the average; no stop loss; 1 safety order resting at a time',
      '  safety order  deviation  size USDT  deal total USDT  price (start 60000)  amount BTC   average  take profit',
      '  ------------  ---------  ---------  ---------------  -------------------  ----------  --------  -----------',
      '  base                 0%         10               10                60000     0.00016     60000        60900',
      '  1                   -1%         20               30                59400     0.00033  59595.92     60489.86',
      '  2                 -2.5%         40               70                58500     0.00068  58958.97     59843.36',
      '  3                -4.75%         80              150                57150     0.00139  57976.76     58846.41',
      'ETH/USDT: DCA, max budget for this pair: 140 USDT (2 deals x 70: base order 10 + 2 safety orders 60; dealQuota 300)',
    ]);
    expect(lines[10]).toBe('  take profit 1.5% above the average; stop loss 10% below the average; 2 safety orders resting at a time');
    expect(lines.slice(12).filter((l) => l.startsWith('  base') || /^ {2}\d/.test(l))).toHaveLength(3);
    expect(lines.join('\n')).not.toMatch(/SOL\/USDT: DCA|warning/);
  });

  it('without a reference price, lists deviations, sizes and the deal total only', () => {
    const lines = configCheckCommand(dcaConfig(DCA, '', 'exchange'), {}).split('\n');
    expect(lines.slice(1, 9)).toEqual([
      'BTC/USDT: DCA, max budget for this pair: 300 USDT (2 deals x 150: base order 10 + 3 safety orders 140; dealQuota 500)',
      '  take profit 1.5% above the average; no stop loss; 1 safety order resting at a time',
      '  safety order  deviation  size USDT  deal total USDT',
      '  ------------  ---------  ---------  ---------------',
      '  base                 0%         10               10',
      '  1                   -1%         20               30',
      '  2                 -2.5%         40               70',
      '  3                -4.75%         80              150',
    ]);
    expect(lines[9]).toBe("  prices follow the base order's fill (the simulated market's startPrice gives a reference)");
  });

  it('warns of orders the market would refuse at the start price, and of safety orders below a stop from the base price', () => {
    const path = dcaConfig(DCA.replace('maxSafetyOrders: 3', 'maxSafetyOrders: 3, stopLoss: { drop: "0.02", from: base }'), '    dca: { baseOrder: "5", safetyOrder: "5", volumeScale: "1" }\n');
    const warnings = configCheckCommand(path, {}).split('\n').filter((l) => l.startsWith('warning'));
    // ETH at 3000, amount step 0.0001: 5 / 3000 = 0.0016 (cost 4.8), 5 / 2970 = 0.0016 (4.752), 5 / 2925 = 0.0017 (4.9725), 5 / 2857.5 = 0.0017 (4.85775): all below the minimum cost 5
    expect(warnings).toEqual([
      "warning: pairs[0].dca (BTC/USDT): safety orders 2-3 rest at or below the stop loss (2% below the base order's price): the stop sells the deal before the price reaches them",
      'warning: pairs[1].dca (ETH/USDT): at the start price the base order would be refused: cost 4.8 is below the market minimum 5',
      'warning: pairs[1].dca (ETH/USDT): at the start price safety order 1 would be refused: cost 4.752 is below the market minimum 5',
      'warning: pairs[1].dca (ETH/USDT): at the start price safety order 2 would be refused: cost 4.9725 is below the market minimum 5',
      'warning: pairs[1].dca (ETH/USDT): at the start price safety order 3 would be refused: cost 4.85775 is below the market minimum 5',
      "warning: pairs[1].dca (ETH/USDT): safety orders 2-3 rest at or below the stop loss (2% below the base order's price): the stop sells the deal before the price reaches them",
    ]);
  });

  it('as the user runs it: exit 0 and the ladder; a DCA budget above dealQuota: exit 1, one line naming the field', async () => {
    const ok = await dealbot(['config', 'check', '-c', dcaConfig(DCA)]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^BTC\/USDT: DCA, max budget for this pair: 300 USDT/m);
    expect(ok.stdout).toMatch(/^ {2}3 +-4\.75% +80 +150 +57150 /m);
    expect(ok.stderr).toBe('');
    const bad = dcaConfig(DCA.replace('safetyOrder: "20"', 'safetyOrder: "200"'));
    const refused = await dealbot(['config', 'check', '-c', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(`dealbot: ${bad}: pairs[0].dealQuota: 500 is below the DCA max budget of one deal, 1410 (base order 10 + 3 safety orders 1400): raise dealQuota or make the DCA orders smaller\n`);
  }, 60_000);
});
