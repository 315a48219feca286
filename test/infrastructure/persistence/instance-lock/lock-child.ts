import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const CHILD = resolve(import.meta.dirname, 'hold-lock.child.ts');

export interface LockChild {
  readonly process: ChildProcess;
  readonly pid: number;
  /** The child's first line: `{ locked: true }` or `{ refused: message }`. */
  readonly answer: { readonly locked?: true; readonly refused?: string };
  /** Every later line (e.g. `{ lost: message }`). */
  readonly later: unknown[];
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A real node process that takes the instance lock of `url` (see hold-lock.child.ts). */
export async function lockInChild(url: string, prefix = 'dlb-'): Promise<LockChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, url, prefix], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const lines = createInterface({ input: child.stdout });
  const later: unknown[] = [];
  const first = new Promise<string>((done, fail) => {
    lines.once('line', done);
    child.once('exit', (code) => fail(new Error(`the lock child exited (${code}) before answering`)));
  });
  const answer = JSON.parse(await first) as LockChild['answer'];
  lines.on('line', (line) => later.push(JSON.parse(line)));
  return { process: child, pid: child.pid ?? -1, answer, later, exited };
}

/** SIGKILL, and wait until the process is gone. */
export async function killHard(child: LockChild): Promise<void> {
  child.process.kill('SIGKILL');
  await child.exited;
}
