
/** How to start a worker thread on a module: its file, or (from the sources) a line of code that loads it. */
export type WorkerEntry = { readonly file: URL } | { readonly code: string };

/**
 * The worker module `name` (without extension) in the folder of `base`, as the running program
 * has it. Compiled (dist/, the bundle): `name.js` beside a `.js` module. From the sources (tests,
 * `tsx src/main.ts`): `name.ts`, imported through tsx's API in the new thread, since a worker
 * thread inherits no module hooks and Node 20 does not apply an `--import`ed loader to its first module.
 */
export function workerEntry(base: string | URL, name: string): WorkerEntry {
  const from = new URL(base);
  if (!from.pathname.endsWith('.ts')) return { file: new URL(`./${name}.js`, from) };
  // tsx is a development tool: only the sources, which it runs, reach this line
  const api = import.meta.resolve('tsx/esm/api');
  const file = new URL(`./${name}.ts`, from).href;
  return { code: `import(${JSON.stringify(api)}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(file)}));` };
}
