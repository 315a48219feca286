// The `dealbot` command as users run it: src/main.ts bundled into a few files under bundle/,
// with the small libraries every command loads (zod, yaml, commander, big.js) inside.
// Why: run from dist/, a command loads each module as a file of its own (about 320 for a
// backtest: 210 of ours, 95 of zod, 73 of yaml), and resolving, reading and compiling them one
// by one costs more than the run's own work (docs/architecture.md, "Lazy loading"). The bundle
// keeps lazy loading: each `import()` stays a chunk loaded when a command runs it. Every other
// package stays in node_modules (native drivers, ccxt, the web server, the logger).
// TypeScript is compiled by esbuild, as tsx compiles it for the tests.
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// fastify-type-provider-zod inside too: it must use the zod the API's schemas were made with, not a second copy
const INSIDE = new Set(['zod', 'yaml', 'commander', 'big.js', 'fastify-type-provider-zod']);

/**
 * zod's namespace carries every translation of its messages (`z.locales`, ~50 modules, about
 * 40 % of the zod chunk), which esbuild cannot shake off a namespace object. dealbot's messages
 * are its own and English; zod registers English itself (classic/schemas.js imports
 * locales/en.js directly). The namespace's `locales` becomes English alone. Measured in the
 * commit that added this.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (args.importer.includes(`${join('node_modules', 'zod')}`) ? { path: 'zod-locales', namespace: 'english-only-zod' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, () => ({ contents: "export { default as en } from 'zod/v4/locales/en.js';", resolveDir: ROOT, loader: 'js' }));
  },
};

/** Writes the bundle to `<root>/bundle` (a folder beside config/, which main.ts finds as ../config). */
export async function bundleCli() {
  const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const outdir = join(ROOT, 'bundle');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    // the optimize worker thread's module, at main/optimize-worker.js beside main.js as in dist/
    entryPoints: { main: 'src/main.ts', 'main/optimize-worker': 'src/main/optimize-worker.ts' },
    tsconfig: 'tsconfig.build.json',
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: Object.keys(dependencies).filter((name) => !INSIDE.has(name)),
    // the CommonJS libraries inside (commander, yaml) require Node's own modules
    banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [englishOnlyZod],
  });
  // run directly as `bundle/main.js` (its first line names the interpreter), as npm links the bin
  chmodSync(join(outdir, 'main.js'), 0o755);
  return join(outdir, 'main.js');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleCli();
