import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The repository root and the CLI entry point the tests run, as a user would with tsx. */
export const ROOT = resolve(import.meta.dirname, '../../..');
export const MAIN = join(ROOT, 'src/main.ts');

/** Dummy exchange credentials: the local server checks key and secret; no output may ever show any of them. */
export const DUMMY_KEYS = { apiKey: 'rtKEY-5e7d1c9a3f0b', secret: 'rtSECRET-0b4f8e2d6c1a', password: 'rtPASS-9c1e7a3b5d2f' } as const;

export interface BotExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** Extra environment; the dummy keys and DEALBOT_LOG_LEVEL=debug are always set, DATABASE_URL never. */
  readonly env?: Readonly<Record<string, string>>;
  /** Prefix of this process in failure messages. */
  readonly label?: string;
}

/** Everything every bot process of this test file wrote, stdout and stderr, for the secrets check. */
export const capturedOutput: string[] = [];
let spawned = 0;

/**
 * One `dealbot` process (`node --import tsx src/main.ts ...`) with its output captured: waits for
 * output and for its exit, sends signals. Output also goes to `capturedOutput`.
 */
export class BotProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<BotExit>;
  readonly label: string;
  #exit: BotExit | null = null;
  readonly #child: ChildProcess;

  private constructor(args: readonly string[], options: SpawnOptions) {
    this.label = options.label ?? args.slice(0, 2).join(' ');
    spawned += 1;
    const env: NodeJS.ProcessEnv = { ...process.env, DEALBOT_LOG_LEVEL: 'debug', DEALBOT_API_KEY: DUMMY_KEYS.apiKey, DEALBOT_API_SECRET: DUMMY_KEYS.secret, DEALBOT_API_PASSWORD: DUMMY_KEYS.password, ...options.env };
    delete env.DATABASE_URL;
    this.#child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.stdout += text;
      capturedOutput.push(text);
    });
    this.#child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.stderr += text;
      capturedOutput.push(text);
    });
    this.exited = new Promise<BotExit>((done) => {
      this.#child.on('close', (code, signal) => {
        this.#exit = { code, signal };
        done(this.#exit);
      });
    });
  }

  static spawn(args: readonly string[], options: SpawnOptions = {}): BotProcess {
    return new BotProcess(args, options);
  }

  /** Runs a command to its end (e.g. `deals list --json`), failing after `timeoutMs`. */
  static async run(args: readonly string[], options: SpawnOptions & { readonly timeoutMs?: number } = {}): Promise<{ readonly exit: BotExit; readonly stdout: string; readonly stderr: string }> {
    const bot = BotProcess.spawn(args, options);
    const exit = await bot.waitForExit(options.timeoutMs ?? 30_000);
    return { exit, stdout: bot.stdout, stderr: bot.stderr };
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get running(): boolean {
    return this.#exit === null;
  }

  /** Sends `signal` (SIGTERM, SIGINT, SIGKILL) if the process still runs. */
  signal(signal: NodeJS.Signals): void {
    if (this.#exit === null) this.#child.kill(signal);
  }

  /** How many times `pattern` (global flag added) matches stdout. */
  count(pattern: RegExp): number {
    return [...this.stdout.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))].length;
  }

  /** Waits until `condition` holds; fails with the process's recent output when it exits first or after `timeoutMs`. */
  async waitUntil(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (this.#exit !== null) throw new Error(`${this.label}: exited (${this.#exit.code ?? this.#exit.signal}) while waiting for ${what}\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`${this.label}: timed out after ${timeoutMs} ms waiting for ${what}\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Waits until stdout matches `pattern` at least `times` times. */
  waitForOutput(pattern: RegExp, times = 1, timeoutMs = 30_000): Promise<void> {
    return this.waitUntil(() => this.count(pattern) >= times, `${times} x ${pattern} on stdout`, timeoutMs);
  }

  async waitForExit(timeoutMs = 30_000): Promise<BotExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.label}: still running after ${timeoutMs} ms\n${this.tail()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops the process for good (SIGKILL) if it still runs; for cleanup after a failure. */
  async dispose(): Promise<void> {
    if (this.#exit !== null) return;
    this.#child.kill('SIGKILL');
    await this.exited;
  }

  /** The last lines of both streams, for failure messages. */
  tail(lines = 25): string {
    const last = (text: string) => text.split('\n').slice(-lines).join('\n');
    return `--- stdout (last ${lines} lines)\n${last(this.stdout)}\n--- stderr (last ${lines} lines)\n${last(this.stderr)}`;
  }
}

/**
 * Throws, naming the secret, when any captured output holds one of the dummy secrets; also when
 * processes ran but no debug-level line was captured (the check would prove little). No process, no check.
 */
export function assertNoSecretsCaptured(): void {
  if (spawned === 0) return;
  const text = capturedOutput.join('');
  if (text.length === 0) throw new Error('no bot output was captured: the secrets check would prove nothing');
  if (!text.includes('"level":20')) throw new Error('no debug-level log line was captured: DEALBOT_LOG_LEVEL=debug did not take');
  for (const [name, value] of Object.entries(DUMMY_KEYS)) {
    if (text.includes(value)) throw new Error(`the bot's output shows the dummy ${name}`);
  }
}
