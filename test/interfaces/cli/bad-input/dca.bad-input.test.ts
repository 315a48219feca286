import { badInputTable, configWith, type BadCase } from './harness.js';

/** The example as the default config's top-level dca. */
const DCA = 'dca: { baseOrder: "10", safetyOrder: "20", maxSafetyOrders: 3, deviation: "0.01", stepScale: "1.5", volumeScale: "2", takeProfit: "0.015" }\n';

/** `config check -c c.yaml` on the default config with `dca` at top level and `btc` in BTC/USDT's entry. */
const dca = (name: string, top: string, says: RegExp, btc = ''): BadCase => ({
  name,
  args: ['config', 'check', '-c', 'c.yaml'],
  files: { 'c.yaml': configWith((t) => t.replace('pairs:\n', `${top}pairs:\n`).replace('    dealQuota: "500"       # quote spent per deal\n', `    dealQuota: "500"\n${btc}`)) },
  code: 1,
  says,
});

const cases: BadCase[] = [
  dca('dca volumeScale zero', DCA.replace('volumeScale: "2"', 'volumeScale: "0"'), /c\.yaml: dca\.volumeScale: must be > 0$/),
  dca('dca deviation of 100 %', DCA.replace('deviation: "0.01"', 'deviation: "1"'), /c\.yaml: dca\.deviation: must be > 0 and < 1 /),
  dca('dca safety order past 100 %', DCA.replace('deviation: "0.01"', 'deviation: "0.4"'), /c\.yaml: dca\.maxSafetyOrders: safety order 2 would rest 100% below the base price/),
  dca('dca maxActiveSafetyOrders above maxSafetyOrders', DCA.replace('maxSafetyOrders: 3', 'maxSafetyOrders: 3, maxActiveSafetyOrders: 4'), /c\.yaml: dca\.maxActiveSafetyOrders: must be an integer from 1 to maxSafetyOrders 3, got 4$/),
  dca('dca on a pair without the required fields', '', /c\.yaml: pairs\[0\]\.dca\.safetyOrder: is required \(on the pair, or in a top-level dca for every pair\)$/, '    dca: { baseOrder: "10" }\n'),
  dca('dca unknown field on a pair', DCA, /c\.yaml: unknown field pairs\[0\]\.dca\.safetyOrders$/, '    dca: { safetyOrders: 2 }\n'),
  dca('dca budget above the dealQuota', DCA.replace('safetyOrder: "20"', 'safetyOrder: "200"'), /c\.yaml: pairs\[0\]\.dealQuota: 500 is below the DCA max budget of one deal, 1410 /),
  // DCA deals trade live (tested against the local Binance server): a live run or a sandbox with
  // a DCA config gets past the config to the next check, as any other config does
  { ...dca('run --mode live with a DCA config: the exchange is the next thing it needs', DCA, /live mode needs an exchange/), args: ['run', '-c', 'c.yaml', '--mode', 'live', '--live'] },
  { ...dca('run --sandbox with a DCA config: the exchange is the next thing it needs', DCA, /--sandbox needs an exchange: --exchange <ccxt id>/), args: ['run', '-c', 'c.yaml', '--sandbox'] },
];

badInputTable('bad dca settings', cases);
