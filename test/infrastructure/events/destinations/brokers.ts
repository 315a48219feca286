import { execFile } from 'node:child_process';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { promisify } from 'node:util';
import type { ServiceSpec } from '../../../support/services.js';

export const RABBITMQ_TEST_URL = process.env.DEALBOT_TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
export const NATS_TEST_URL = process.env.DEALBOT_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** The service at `url`'s host and port (the default port when the URL names none). */
export function brokerService(name: string, url: string, defaultPort: number): ServiceSpec {
  const parsed = new URL(url);
  return { name, host: parsed.hostname, port: Number(parsed.port || defaultPort) };
}

/** A TCP server that accepts connections and never says a word: a broker that hangs. */
export async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP relay to `host:port`, to fail the network under a client. */
export interface TcpProxy {
  readonly port: number;
  /** Drops every connection through the relay at once. */
  cut(): void;
  /** The connections open now go silent both ways without closing (a half-dead link); later ones relay as usual. */
  freeze(): void;
  close(): Promise<void>;
}

export async function tcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const frozen = new WeakSet<Socket>();
  const relay = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      if (!frozen.has(from)) to.write(chunk);
    });
    from.on('close', () => to.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const cut = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: address.port,
    cut,
    freeze: () => sockets.forEach((socket) => frozen.add(socket)),
    close: () => (cut(), new Promise((resolve) => server.close(() => resolve()))),
  };
}

/** A port nothing listens on: one a server had a moment ago. */
export async function closedPort(): Promise<number> {
  const server = await silentServer();
  await server.close();
  return server.port;
}

const run = promisify(execFile);

/** Whether `rabbitmqctl` can talk to the local broker (it needs the node's cookie: root or the rabbitmq user). */
export async function rabbitmqctlWorks(): Promise<boolean> {
  try {
    await run('rabbitmqctl', ['-q', 'status'], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/** Has the broker close the one connection whose client port is `clientPort` (CONNECTION_FORCED). */
export async function forceCloseConnection(clientPort: number): Promise<void> {
  const { stdout } = await run('rabbitmqctl', ['-q', '--no-table-headers', 'list_connections', 'pid', 'peer_port'], { timeout: 30_000 });
  const pid = stdout.split('\n').map((line) => line.trim().split(/\s+/)).find(([, port]) => Number(port) === clientPort)?.[0];
  if (pid === undefined) throw new Error(`no broker connection from port ${clientPort}`);
  await run('rabbitmqctl', ['-q', 'close_connection', pid, 'closed by a dealbot test'], { timeout: 30_000 });
}
