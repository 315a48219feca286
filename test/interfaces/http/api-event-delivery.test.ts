import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingDestination } from '../../infrastructure/events/relay-fixtures.js';
import { apiTestConfig, freshDatabase, startApiBot, TEST_TOKEN, waitFor, type ApiBot } from '../../support/api-bot.js';
import { ApiClient } from '../../support/api-client.js';

describe('REST API: event delivery per destination in /status and /metrics', () => {
  let bot: ApiBot;
  let api: ApiClient;
  let cleanup: () => Promise<void>;
  const nats = new RecordingDestination('nats');
  const webhook = new RecordingDestination('webhook');
  const lines: string[] = [];

  beforeAll(async () => {
    const db = await freshDatabase('sqlite');
    cleanup = db.cleanup;
    webhook.mode = 'refuse';
    webhook.refusal = 'POST https://hooks.example.com/T0/secret-path answered 503';
    bot = await startApiBot(apiTestConfig(db.url, db.botPrefix), {}, { destinations: [nats, webhook], log: (line) => lines.push(line) });
    api = new ApiClient(bot.url, TEST_TOKEN);
    await waitFor(() => nats.received.length > 0 && (bot.session.eventRelays?.status()[1]?.failures ?? 0) > 0, 20_000);
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await cleanup?.();
  });

  it('GET /status lists each destination: the working one delivers, the refusing one is down with its reason, secrets cut', async () => {
    const { status, json } = await api.get('/api/v1/status');
    expect(status).toBe(200);
    const [first, second] = json.events as Record<string, unknown>[];
    expect(first).toMatchObject({ name: 'nats', state: expect.stringMatching(/^(idle|sending)$/), delivered: expect.any(Number), failures: 0, lastError: null, downSince: null });
    expect(first!.delivered).toBeGreaterThan(0);
    expect(second).toMatchObject({ name: 'webhook', state: 'down', delivered: 0, lastError: 'POST https://hooks.example.com/*** answered 503', downSince: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(second!.pending).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes('webhook: down'))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('secret-path');
  });

  it('GET /metrics has up, pending, delivered and failures per destination', async () => {
    const { text } = await api.get('/api/v1/metrics');
    expect(text).toContain('dealbot_event_destination_up{destination="nats"} 1');
    expect(text).toContain('dealbot_event_destination_up{destination="webhook"} 0');
    expect(text).toContain('# TYPE dealbot_events_delivered_total counter');
    expect(Number(/^dealbot_events_delivered_total\{destination="nats"\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(Number(/^dealbot_events_pending\{destination="webhook"\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(Number(/^dealbot_event_delivery_failures_total\{destination="webhook"\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
  });

  it('the store stops the relays and closes every destination when the session closes', async () => {
    await bot.stop();
    expect([nats.closed, webhook.closed]).toEqual([1, 1]);
    expect(bot.session.eventRelays?.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
    // what the working destination got is what the outbox holds after its start, in order
    const sequences = nats.received.map((e) => e.sequence);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(bot.session.eventRelays?.status()[0]?.pending).toBe(0);
  });
});
