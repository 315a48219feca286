// The load hook of module-recorder.mjs; it runs on the loader's thread, so it writes as it goes.
import { appendFileSync } from 'node:fs';

const log = process.env.DEALBOT_MODULE_LOG;

export async function load(url, context, nextLoad) {
  const loaded = await nextLoad(url, context);
  if (log) appendFileSync(log, `${url}\n`);
  return loaded;
}
