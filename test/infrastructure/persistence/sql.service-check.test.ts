import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkService, serviceAvailable } from '../../support/services.js';

// The helper the SQL suites (and later the Redis, RabbitMQ and NATS ones) use to skip or fail.
describe('test/support/services: skip outside CI, fail in CI', () => {
  let server: Server;
  let openPort = 0;
  let closedPort = 0;
  beforeAll(async () => {
    server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    openPort = (server.address() as { port: number }).port;
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('sees a listening port, and a failing probe on it', async () => {
    expect(await checkService({ name: 'svc', host: '127.0.0.1', port: openPort })).toEqual({ up: true });
    const status = await checkService({ name: 'svc', host: '127.0.0.1', port: openPort, probe: () => Promise.reject(new Error('wrong password')) });
    expect(status).toEqual({ up: false, reason: 'wrong password' });
  });

  it('outside CI, an unreachable service skips with a printed reason', async () => {
    vi.stubEnv('CI', '');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await serviceAvailable({ name: 'Redis', host: '127.0.0.1', port: closedPort })).toBe(false);
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]?.[0])).toMatch(new RegExp(`^skipping the Redis tests: Redis at 127\\.0\\.0\\.1:${closedPort} is unreachable: .*ECONNREFUSED`));
  });

  it('in CI, an unreachable service fails instead', async () => {
    vi.stubEnv('CI', 'true');
    await expect(serviceAvailable({ name: 'Redis', host: '127.0.0.1', port: closedPort })).rejects.toThrow(/Redis at 127\.0\.0\.1:\d+ is unreachable.*CI=true/);
    expect(await serviceAvailable({ name: 'svc', host: '127.0.0.1', port: openPort })).toBe(true);
  });
});
