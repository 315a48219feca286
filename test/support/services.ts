import { Socket } from 'node:net';
import pg from 'pg';

/** A service a test needs: where it listens, and optionally a deeper check than an open port. */
export interface ServiceSpec {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** Resolves when the service answers as the tests need (e.g. a query); rejects with why not. */
  readonly probe?: () => Promise<void>;
  readonly timeoutMs?: number;
}

export type ServiceStatus = { readonly up: true } | { readonly up: false; readonly reason: string };

export const inCi = (): boolean => process.env.CI === 'true';

/** Whether the port accepts a connection and the probe, if any, passes. */
export async function checkService(spec: ServiceSpec): Promise<ServiceStatus> {
  const timeoutMs = spec.timeoutMs ?? 2_000;
  try {
    await probeTcp(spec.host, spec.port, timeoutMs);
    if (spec.probe) await withTimeout(spec.probe(), timeoutMs, `${spec.name} did not answer within ${timeoutMs} ms`);
    return { up: true };
  } catch (error) {
    return { up: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * For `describe.skipIf(!(await serviceAvailable(spec)))`: true when the service is up.
 * Outside CI an unreachable service prints why and returns false, so the suite skips;
 * with CI=true it throws, so the suite fails instead of passing silently.
 */
export async function serviceAvailable(spec: ServiceSpec): Promise<boolean> {
  const status = await checkService(spec);
  if (status.up) return true;
  const what = `${spec.name} at ${spec.host}:${spec.port} is unreachable: ${status.reason}`;
  if (inCi()) throw new Error(`${what} (CI=true: tests that need it fail rather than skip)`);
  console.warn(`skipping the ${spec.name} tests: ${what} (see ../shared/SERVICES.md to start it)`);
  return false;
}

/** The PostgreSQL the tests use: the local server, database `test`, trust auth. */
export const POSTGRES_TEST_URL = process.env.DEALBOT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A PostgreSQL service spec that also runs `select 1` with the given URL. */
export function postgresService(url: string = POSTGRES_TEST_URL): ServiceSpec {
  const parsed = new URL(url);
  return {
    name: 'PostgreSQL',
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    probe: async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('select 1');
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}

/**
 * A fresh schema `dealbot_test_<random>` on the test PostgreSQL, for one test run; call the
 * returned drop() afterwards (it drops the schema and everything in it).
 */
export async function createPostgresTestSchema(url: string = POSTGRES_TEST_URL): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = `dealbot_test_${Math.random().toString(36).slice(2, 10)}`;
  const admin = async (statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create schema ${schema}`);
  return { schema, drop: () => admin(`drop schema if exists ${schema} cascade`) };
}

export function probeTcp(host: string, port: number, timeoutMs = 2_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const fail = (reason: string) => {
      socket.destroy();
      reject(new Error(reason));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs} ms`));
    socket.once('error', (error) => fail(error.message));
    socket.connect(port, host, () => {
      socket.end();
      resolve();
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The Redis the tests use (BullMQ queues): the local server, checked with a PING. */
export const REDIS_TEST_URL = process.env.DEALBOT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function redisService(url: string = REDIS_TEST_URL): ServiceSpec {
  const parsed = new URL(url);
  const host = parsed.hostname;
  const port = Number(parsed.port || 6379);
  return {
    name: 'Redis',
    host,
    port,
    probe: () =>
      new Promise<void>((resolve, reject) => {
        const socket = new Socket();
        socket.once('error', (error) => reject(error));
        socket.once('data', (data: Buffer) => {
          socket.end();
          if (data.toString().startsWith('+PONG')) resolve();
          else reject(new Error(`answered ${JSON.stringify(data.toString().slice(0, 40))} to PING`));
        });
        socket.connect(port, host, () => socket.write('PING\r\n'));
      }),
  };
}
