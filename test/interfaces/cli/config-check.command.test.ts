import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { configCheckCommand } from '../../../src/interfaces/cli/config-check.command.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'dealbot-config-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configWith(events: unknown): string {
  const config = parse(readFileSync(join(ROOT, 'config/default.yaml'), 'utf8')) as Record<string, unknown>;
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, stringify({ ...config, events }));
  return path;
}

describe('dealbot config check: event destinations', () => {
  it('names the destinations events go to, and warns of each URL or secret variable not set', () => {
    const path = configWith({ destinations: [{ type: 'log' }, { type: 'rabbitmq' }, { type: 'webhook', name: 'alerts', secretEnv: 'ALERTS_SECRET' }] });
    const lines = configCheckCommand(path, { DEALBOT_WEBHOOK_URL: 'https://example.com/hook', ALERTS_SECRET: ' ' }).split('\n');
    expect(lines[0]).toMatch(/: OK, paper mode, 3 pairs .*; events to rabbitmq, alerts$/);
    expect(lines.slice(1)).toEqual([
      'warning: events.destinations[1] (rabbitmq): DEALBOT_RABBITMQ_URL is not set here; `dealbot run` refuses to start without it',
      'warning: events.destinations[2] (alerts): ALERTS_SECRET is not set here; `dealbot run` refuses to start without it',
    ]);
  });

  it('says nothing of events when only the console has them, and warns of nothing set', () => {
    expect(configCheckCommand(configWith({ destinations: [{ type: 'log' }] }), {})).not.toMatch(/events|warning/);
    expect(configCheckCommand(configWith({ destinations: [{ type: 'nats' }] }), { DEALBOT_NATS_URL: 'nats://127.0.0.1:4222' })).not.toMatch(/warning/);
  });
});
