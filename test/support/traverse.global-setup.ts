import { chmodSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The bad-input table runs its permission cases as `nobody` when the tests run as root, and that
 * user must reach the sources and node_modules. A checkout inside a folder only its owner may
 * enter (`mktemp -d` makes them 0700) would refuse it before the CLI even starts. As root, once
 * for the whole run: let others pass through (o+x, not list) each folder above the project that
 * does not allow it, and put the modes back afterwards.
 */
export default function setup(): () => void {
  if (process.getuid?.() !== 0) return () => undefined;
  const changed: { readonly path: string; readonly mode: number }[] = [];
  for (let dir = resolve(import.meta.dirname, '../..'); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o7777;
    if ((mode & 0o001) !== 0) continue;
    chmodSync(dir, mode | 0o001);
    changed.push({ path: dir, mode });
  }
  return () => {
    for (const { path, mode } of changed.reverse()) chmodSync(path, mode);
  };
}
